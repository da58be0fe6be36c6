import {
  Body,
  type CanActivate,
  Controller,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  Res,
  type Type,
  UseGuards,
  UseInterceptors,
  ValidationPipe,
} from '@nestjs/common';
import type { ClientSecret } from '../interfaces/client-secret.interface.js';
import { clientSecretBodyPipe } from './client-secret-body.pipe.js';
import { ClientSecretService } from './client-secret.service.js';
import { CreateClientSecretDto } from './create-client-secret.dto.js';
import { RetryAfterInterceptor } from '../upstream/retry-after.interceptor.js';

const bodyPipe = new ValidationPipe({ whitelist: true, transform: true, expectedType: CreateClientSecretDto });

/** Builds the controller at the configured path; a fresh class per module keeps two apps' paths apart. */
export function createClientSecretController(path: string, guards: Array<Type<CanActivate> | CanActivate>): Type<unknown> {
  @Controller()
  @UseGuards(...guards)
  class ClientSecretController {
    constructor(private readonly clientSecrets: ClientSecretService) {}

    @Post(path)
    @HttpCode(HttpStatus.OK)
    @UseInterceptors(RetryAfterInterceptor)
    async create(
      @Body(clientSecretBodyPipe, bodyPipe) body: CreateClientSecretDto,
      @Req() req: unknown,
      @Res({ passthrough: true }) res: unknown,
    ): Promise<Pick<ClientSecret, 'value' | 'expires_at' | 'speech'>> {
      const { value, expires_at, speech } = await this.clientSecrets.create(body, { req, res });
      return { value, expires_at, speech };
    }
  }
  return ClientSecretController;
}
