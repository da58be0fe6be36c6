import {
  type CanActivate,
  type ExecutionContext,
  Global,
  Inject,
  Injectable,
  Module,
  Scope,
  SetMetadata,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { REQUEST, Reflector } from '@nestjs/core';
import { NavaiTool, type NavaiToolContext } from '../../lib/index.js';

type Req = { headers: Record<string, string | undefined>; user?: { name: string; role: string } };

@Injectable()
export class UsersService {
  /** `Authorization: Bearer <name>:<role>` */
  fromHeader(header: string | undefined) {
    const [name, role] = (header?.replace(/^Bearer /, '') ?? '').split(':');
    return name && role ? { name, role } : undefined;
  }
}

@Global()
@Module({ providers: [UsersService], exports: [UsersService] })
export class UsersModule {}

/** Signed-in callers only; puts the user on the request. Resolved with DI (UsersService). */
@Injectable()
export class SignedInGuard implements CanActivate {
  constructor(private readonly users: UsersService) {}
  canActivate(context: ExecutionContext) {
    const req = context.switchToHttp().getRequest<Req>();
    req.user = this.users.fromHeader(req.headers.authorization);
    return Boolean(req.user);
  }
}

export const Roles = (...roles: string[]) => SetMetadata('roles', roles);

/** Reads @Roles() from the tool's own method and class: proof of a real ExecutionContext. */
@Injectable()
export class RolesGuard implements CanActivate {
  static seenClasses: string[] = [];
  constructor(
    private readonly reflector: Reflector,
    private readonly users: UsersService,
  ) {}
  canActivate(context: ExecutionContext) {
    RolesGuard.seenClasses.push(context.getClass().name);
    const roles = this.reflector.getAllAndOverride<string[] | undefined>('roles', [context.getHandler(), context.getClass()]);
    const user = this.users.fromHeader(context.switchToHttp().getRequest<Req>().headers.authorization);
    return !roles || Boolean(user && roles.includes(user.role));
  }
}

/** Throws instead of saying no. */
@Injectable()
export class TokenGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    if (context.switchToHttp().getRequest<Req>().headers['x-token'] !== 'open-sesame') {
      throw new UnauthorizedException('A valid x-token header is required.');
    }
    return true;
  }
}

/** A new instance per request, with the request injected. */
@Injectable({ scope: Scope.REQUEST })
export class BetaGuard implements CanActivate {
  static instances = 0;
  constructor(@Inject(REQUEST) private readonly req: Req) {
    BetaGuard.instances += 1;
  }
  canActivate() {
    return this.req.headers['x-beta'] === 'yes';
  }
}

/** Counts how often it runs: global guards must run once per request, not once per tool. */
@Injectable()
export class CountingGlobalGuard implements CanActivate {
  static runs = 0;
  canActivate() {
    CountingGlobalGuard.runs += 1;
    return true;
  }
}

@Injectable()
export class SalesGuard implements CanActivate {
  constructor(private readonly users: UsersService) {}
  canActivate(context: ExecutionContext) {
    return this.users.fromHeader(context.switchToHttp().getRequest<Req>().headers.authorization)?.role === 'sales';
  }
}

@Injectable()
export class StoreTools {
  @NavaiTool()
  openingHours() {
    return '9-17';
  }

  @NavaiTool({ guards: [RolesGuard] })
  @Roles('admin')
  refund(payload: { orderId: string }, context: NavaiToolContext) {
    return { refunded: payload.orderId, by: (context.user as { name: string } | undefined)?.name ?? null };
  }

  @UseGuards(RolesGuard)
  @Roles('admin', 'manager')
  @NavaiTool()
  salesReport() {
    return 'all good';
  }

  @UseGuards(TokenGuard)
  @NavaiTool()
  secretRecipe() {
    return 'butter';
  }

  @UseGuards(BetaGuard)
  @NavaiTool()
  betaFeature() {
    return 'beta';
  }
}

/** Every tool of this class is for managers. */
@Injectable()
@UseGuards(RolesGuard)
@Roles('manager')
export class ManagerTools {
  @NavaiTool()
  payroll() {
    return 'payroll';
  }
}

@Module({ providers: [StoreTools, ManagerTools] })
export class StoreModule {}
