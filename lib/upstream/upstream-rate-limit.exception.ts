import { HttpException, HttpStatus } from '@nestjs/common';
import { UPSTREAM_RATE_LIMITED } from '../navai.messages.js';

/** An upstream service answered 429. Carries its Retry-After, when it sent one, for the response header. */
export class UpstreamRateLimitException extends HttpException {
  constructor(
    readonly retryAfter?: string,
    service = 'OpenAI',
  ) {
    super(
      { statusCode: HttpStatus.TOO_MANY_REQUESTS, message: UPSTREAM_RATE_LIMITED(service), error: 'Too Many Requests' },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
