import { type CanActivate, type ExecutionContext, Injectable, type OnModuleInit, Scope, type Type } from '@nestjs/common';
import { type ContextId, ModuleRef } from '@nestjs/core';
import { GUARDS_METADATA, GuardsConsumer } from '../utils/nest-internals.js';
import { requestContextId } from './request-context-id.js';

/** A guard class (resolved with dependency injection) or a guard instance. */
export type GuardLike = Type<CanActivate> | CanActivate;

/** Why a tool's guards run: to `call` it, or to decide whether to `list` it to the caller. */
export type ToolAccessPurpose = 'call' | 'list';

/** Whether the caller of this request may use a tool; guards may also throw (403, 401...). */
export type ToolAccessCheck = (req: unknown, res: unknown, purpose?: ToolAccessPurpose) => boolean | Promise<boolean>;

type Handler = (...args: any[]) => unknown;

type GuardResolver = (contextId: () => ContextId) => CanActivate | Promise<CanActivate>;

const listings = new WeakSet<ExecutionContext>();

/**
 * True when a tool's guards run to decide whether the caller may see the tool (the list, a 404's
 * `available_functions`, `session.tools`), not to run it: a guard with side effects (a rate limit,
 * an audit log) skips its effect then, e.g. `ThrottlerModule.forRoot({ throttlers, skipIf: isToolListing })`.
 */
export function isToolListing(context: ExecutionContext): boolean {
  return listings.has(context);
}

/** Nest's GuardsConsumer, whose contexts say they are for listing. */
class ListingGuardsConsumer extends GuardsConsumer {
  override createContext(...args: Parameters<GuardsConsumer['createContext']>) {
    const context = super.createContext(...args);
    listings.add(context);
    return context;
  }
}

/** Express passes route guards its `next`; Fastify passes none. A tool's guards get the same. */
const next = () => undefined;

/**
 * Runs a tool's guards through Nest's own GuardsConsumer, with a real ExecutionContext whose
 * handler and class are the tool's own, and guard instances from dependency injection, in the
 * request's one dependency-injection context.
 */
@Injectable()
export class ToolGuards {
  private readonly consumers: Record<ToolAccessPurpose, GuardsConsumer> = { call: new GuardsConsumer(), list: new ListingGuardsConsumer() };

  constructor(private readonly moduleRef: ModuleRef) {}

  /** `@UseGuards()` of a decorated tool's class and method (and `@NavaiTool({ guards })`), resolved in its own module. */
  forMethod(classRef: Type, method: Handler, hostModule: ModuleRef): ToolAccessCheck | undefined {
    const guards: GuardLike[] = [
      ...(Reflect.getMetadata(GUARDS_METADATA, classRef) ?? []),
      ...(Reflect.getMetadata(GUARDS_METADATA, method) ?? []),
    ];
    return this.check(guards, classRef, method, hostModule);
  }

  /**
   * Guards given in options (folder tools, runtime tools), resolved from this module. The tool gets
   * a class and a handler of its own, named after it, so guards that key their state by handler
   * (ThrottlerGuard) or read its metadata (Reflector) tell tools apart.
   */
  forGuards(guards: readonly GuardLike[] | undefined, toolName: string): ToolAccessCheck | undefined {
    if (!guards?.length) return undefined;
    const { classRef, handler } = toolIdentity(toolName);
    return this.check(guards, classRef, handler, this.moduleRef);
  }

  private check(guards: readonly GuardLike[], classRef: Type, handler: Handler, moduleRef: ModuleRef): ToolAccessCheck | undefined {
    if (guards.length === 0) return undefined;
    const resolvers = guards.map((guard) => resolver(guard, moduleRef));
    const owner = { constructor: classRef };
    return async (req, res, purpose = 'call') => {
      const contextId = () => requestContextId(req, moduleRef);
      const instances = await Promise.all(resolvers.map((resolve) => resolve(contextId)));
      const args = isFastifyReply(res) ? [req, res] : [req, res, next];
      return this.consumers[purpose].tryActivate(instances, args, owner, handler, 'http');
    };
  }
}

/** A class `NavaiTool` and a handler named `toolName`, both the tool's alone. */
function toolIdentity(toolName: string): { classRef: Type; handler: Handler } {
  const classRef = Object.defineProperty(function NavaiTool() {}, 'toolName', { value: toolName }) as unknown as Type;
  const handler = { [toolName]: () => undefined }[toolName];
  return { classRef, handler };
}

function isFastifyReply(res: unknown): boolean {
  return typeof res === 'object' && res !== null && 'raw' in res;
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
    // Built here, not by Nest: its onModuleInit (where ThrottlerGuard reads its options) is called here too.
    let created: Promise<CanActivate> | undefined;
    return () => (created ??= moduleRef.create(guard).then(async (instance) => {
      await (instance as Partial<OnModuleInit>).onModuleInit?.();
      return instance;
    }));
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
