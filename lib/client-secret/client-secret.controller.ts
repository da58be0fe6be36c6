import {
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
import { ApiRoute } from '../openapi/api-route.decorator.js';
import { clientSecretBodyPipe } from './client-secret-body.pipe.js';
import { CLIENT_SECRET_ROUTE } from './client-secret.openapi.js';
import { ClientSecretService } from './client-secret.service.js';
import { CreateClientSecretDto } from './create-client-secret.dto.js';
import { RetryAfterInterceptor } from '../upstream/retry-after.interceptor.js';

const bodyPipe = new ValidationPipe({ whitelist: true, transform: true, expectedType: CreateClientSecretDto });
const BODY = { type: 'body', metatype: CreateClientSecretDto } as const;

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
    // The body is read from the request and checked here, not with @Body(): the app's global pipes
    // (a ValidationPipe with other options) would run on it first and change what the route promises.
    async create(
      @Req() req: { body?: unknown },
      @Res({ passthrough: true }) res: unknown,
    ): Promise<Pick<ClientSecret, 'value' | 'expires_at' | 'speech'>> {
      const body = (await bodyPipe.transform(clientSecretBodyPipe.transform(req.body, BODY), BODY)) as CreateClientSecretDto | undefined;
      const { value, expires_at, speech } = await this.clientSecrets.create(body ?? {}, { req, res });
      return { value, expires_at, speech };
    }
  }
  return ClientSecretController;
}
