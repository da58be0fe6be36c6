import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { NavaiModule } from 'nestjs-navai';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, envFilePath: ['sample/.env', '.env'] }),
    NavaiModule.forRoot(),
  ],
})
export class AppModule {}
