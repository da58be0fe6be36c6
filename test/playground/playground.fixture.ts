import { type CanActivate, type ExecutionContext, Injectable, Module } from '@nestjs/common';
import { NavaiTool, NavaiToolError } from '../../lib/index.js';

type Req = { headers: Record<string, string | undefined> };

const cookie = (req: Req, name: string) =>
  (req.headers.cookie ?? '').split(/;\s*/).find((part) => part.startsWith(`${name}=`))?.slice(name.length + 1);

/** Callers with the cookie `role=admin`: a browser sends it by itself. */
@Injectable()
export class AdminCookieGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    return cookie(context.switchToHttp().getRequest<Req>(), 'role') === 'admin';
  }
}

/** Callers with any `session` cookie: the module's own guard in the guarded-page tests. */
@Injectable()
export class SessionCookieGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    return Boolean(cookie(context.switchToHttp().getRequest<Req>(), 'session'));
  }
}

/** One tool per kind of field the page draws, a guarded one and one that fails. */
@Injectable()
export class PlaygroundTools {
  @NavaiTool({
    description: 'Plan a trip and price it.',
    hints: { readOnly: true, idempotent: true },
    parameters: {
      type: 'object',
      properties: {
        destination: { type: 'string', minLength: 2, description: 'City to travel to.' },
        nights: { type: 'integer', minimum: 1, maximum: 30, default: 2 },
        budget: { type: 'number', minimum: 0 },
        refundable: { type: 'boolean' },
        cabin: { type: 'string', enum: ['economy', 'business'] },
        stops: { type: 'array', items: { type: 'string', minLength: 2 } },
        traveller: {
          type: 'object',
          properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } },
          required: ['name'],
          additionalProperties: false,
        },
        notes: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      },
      required: ['destination', 'nights'],
      additionalProperties: false,
    },
  })
  planTrip(trip: { destination: string; nights: number; budget?: number; cabin?: string; stops?: string[] }) {
    const perNight = trip.cabin === 'business' ? 250 : 100;
    return { destination: trip.destination, nights: trip.nights, price: trip.nights * perNight, stops: trip.stops ?? [], echo: trip };
  }

  @NavaiTool({ description: 'Tell the time in a city.', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } })
  cityTime({ city }: { city: string }) {
    if (city === 'Atlantis') throw new NavaiToolError('Atlantis has no clock.');
    return { city, time: '12:00' };
  }

  @NavaiTool({ description: 'Sales figures for admins.', guards: [AdminCookieGuard] })
  salesReport() {
    return { total: 4200 };
  }
}

@Module({ providers: [PlaygroundTools, AdminCookieGuard, SessionCookieGuard], exports: [AdminCookieGuard, SessionCookieGuard] })
export class PlaygroundToolsModule {}
