import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { catchError, type Observable, throwError } from 'rxjs';
import { UpstreamRateLimitException } from './upstream-rate-limit.exception.js';

/** Passes an upstream service's Retry-After on to the client; use it on any route that calls ClientSecretService (or another upstream). */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof UpstreamRateLimitException && error.retryAfter) {
          const response = context.switchToHttp().getResponse();
          this.adapterHost.httpAdapter.setHeader(response, 'Retry-After', error.retryAfter);
        }
        return throwError(() => error);
      }),
    );
  }
}
