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
import { ApiRoute } from '../openapi/api-route.decorator.js';
import { clientSecretBodyPipe } from './client-secret-body.pipe.js';
import { CLIENT_SECRET_ROUTE } from './client-secret.openapi.js';
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
    @ApiRoute(CLIENT_SECRET_ROUTE)
    @HttpCode(HttpStatus.OK)
    @UseInterceptors(RetryAfterInterceptor)
    async create(
      @Body(clientSecretBodyPipe, bodyPipe) body: CreateClientSecretDto,
      @Req() req: unknown,
      @Res({ passthrough: true }) res: unknown,
    ): Promise<{ value: string; expires_at: number }> {
      const { value, expires_at } = await this.clientSecrets.create(body, { req, res });
      return { value, expires_at };
    }
  }
  return ClientSecretController;
}
