import { type CanActivate, type ExecutionContext, Injectable, Module } from '@nestjs/common';
import { IsString, MaxLength } from 'class-validator';
import { NavaiTool, type NavaiToolContext } from '../../lib/index.js';

interface CallerRequest {
  headers: Record<string, string | undefined>;
  user?: { name: string };
}

/** The app's sign-in, as a module guard: `x-user` names the caller; `x-user: nobody` is refused. */
@Injectable()
export class SignInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<CallerRequest>();
    const name = req.headers['x-user'];
    if (name === 'nobody') return false;
    if (name) req.user = { name };
    return true;
  }
}

/** A tool guard: only the admin. */
@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToHttp().getRequest<CallerRequest>().user?.name === 'admin';
  }
}

export class WeatherQuery {
  @IsString() @MaxLength(40)
  city!: string;
}

@Injectable()
export class CallTools {
  readonly runs: Array<{ tool: string; args: unknown; user: unknown; call: unknown }> = [];
  readonly aborted: string[] = [];

  @NavaiTool({ description: 'The weather in a city.', parameters: WeatherQuery })
  getWeather(args: WeatherQuery, context: NavaiToolContext) {
    this.runs.push({ tool: 'get_weather', args, user: context.user, call: context.call });
    return { city: args.city, celsius: 21 };
  }

  @NavaiTool({ description: 'Who is calling, and on which call.' })
  whoami(_args: unknown, context: NavaiToolContext) {
    this.runs.push({ tool: 'whoami', args: _args, user: context.user, call: context.call });
    return { user: context.user ?? null, call: context.call ?? null };
  }

  @NavaiTool({ description: 'The admin report.', guards: [AdminGuard] })
  adminReport(_args: unknown, context: NavaiToolContext) {
    this.runs.push({ tool: 'admin_report', args: _args, user: context.user, call: context.call });
    return { revenue: 42 };
  }

  @NavaiTool({ description: 'Waits until stopped, or 10 s.', timeoutMs: 10_000 })
  async waitForever(_args: unknown, context: NavaiToolContext) {
    this.runs.push({ tool: 'wait_forever', args: _args, user: context.user, call: context.call });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      context.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        this.aborted.push(context.call?.id ?? '');
        resolve();
      });
    });
    return 'finished';
  }

  @NavaiTool({ description: 'Slower than its time limit.', timeoutMs: 50 })
  async tooSlow() {
    await new Promise((resolve) => setTimeout(resolve, 500));
    return 'late';
  }
}

@Module({ providers: [CallTools, AdminGuard], exports: [CallTools] })
export class CallToolsModule {}
