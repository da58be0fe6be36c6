import { type CanActivate, Injectable, Scope, type Type } from '@nestjs/common';
import { type ContextId, ContextIdFactory, ModuleRef } from '@nestjs/core';
import { GUARDS_METADATA, GuardsConsumer } from '../utils/nest-internals.js';

/** A guard class (resolved with dependency injection) or a guard instance. */
export type GuardLike = Type<CanActivate> | CanActivate;

/** Whether the caller of this request may use a tool; guards may also throw (403, 401...). */
export type ToolAccessCheck = (req: unknown, res: unknown) => Promise<boolean>;

type Handler = (...args: any[]) => unknown;

type GuardResolver = (contextId: () => ContextId) => CanActivate | Promise<CanActivate>;

/**
 * Runs a tool's guards through Nest's own GuardsConsumer, with a real ExecutionContext whose
 * handler and class are the tool's, and guard instances from dependency injection.
 */
@Injectable()
export class ToolGuards {
  private readonly consumer = new GuardsConsumer();

  constructor(private readonly moduleRef: ModuleRef) {}

  /** `@UseGuards()` of a decorated tool's class and method (and `@NavaiTool({ guards })`), resolved in its own module. */
  forMethod(classRef: Type, method: Handler, hostModule: ModuleRef): ToolAccessCheck | undefined {
    const guards: GuardLike[] = [
      ...(Reflect.getMetadata(GUARDS_METADATA, classRef) ?? []),
      ...(Reflect.getMetadata(GUARDS_METADATA, method) ?? []),
    ];
    return this.check(guards, classRef, method, hostModule);
  }

  /** Guards given in options (folder tools, runtime tools), resolved from this module. */
  forGuards(guards: readonly GuardLike[] | undefined, classRef: Type, handler: Handler) {
    return this.check(guards ?? [], classRef, handler, this.moduleRef);
  }

  private check(guards: readonly GuardLike[], classRef: Type, handler: Handler, moduleRef: ModuleRef) {
    if (guards.length === 0) return undefined;
    const resolvers = guards.map((guard) => resolver(guard, moduleRef));
    const owner = { constructor: classRef };
    return async (req: unknown, res: unknown) => {
      let contextId: ContextId | undefined;
      const perRequest = () => {
        if (!contextId) {
          contextId = ContextIdFactory.getByRequest(req as object);
          moduleRef.registerRequestByContextId(req, contextId);
        }
        return contextId;
      };
      const instances = await Promise.all(resolvers.map((resolve) => resolve(perRequest)));
      return this.consumer.tryActivate(instances, [req, res], owner, handler, 'http');
    };
  }
}

/** Static guards are resolved once; request-scoped ones per request; unregistered classes are built with DI. */
function resolver(guard: GuardLike, moduleRef: ModuleRef): GuardResolver {
  if (typeof guard !== 'function') return () => guard;
  let scope: Scope | undefined;
  try {
    scope = moduleRef.introspect(guard).scope;
  } catch {
    scope = undefined;
  }
  if (scope === undefined) {
    let created: Promise<CanActivate> | undefined;
    return () => (created ??= moduleRef.create(guard));
  }
  if (scope === Scope.DEFAULT) {
    const instance = ownOrAny(moduleRef, guard);
    return () => instance;
  }
  return (contextId) => moduleRef.resolve(guard, contextId(), { strict: true }).catch(() => moduleRef.resolve(guard, contextId(), { strict: false }));
}

/** The guard registered in this module (as `@UseGuards()` registers it), else the app's. */
function ownOrAny(moduleRef: ModuleRef, guard: Type<CanActivate>): CanActivate {
  try {
    return moduleRef.get(guard, { strict: true });
  } catch {
    return moduleRef.get(guard, { strict: false });
  }
}
