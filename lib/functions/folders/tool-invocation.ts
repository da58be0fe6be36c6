import type { NavaiPayload, NavaiToolContext } from '../../interfaces/navai-function.interface.js';

export type ToolRun = (payload: NavaiPayload, context: NavaiToolContext) => Promise<unknown>;
export type Callable = (...args: unknown[]) => unknown;
export type Constructor = new (...args: unknown[]) => object;

/** `args` array → the list; own `value` → one argument; any other non-empty payload → one argument. */
function payloadArguments(payload: NavaiPayload): unknown[] {
  if (Array.isArray(payload.args)) return [...payload.args];
  if (Object.hasOwn(payload, 'value')) return [payload.value];
  return Object.keys(payload).length > 0 ? [payload] : [];
}

/** A callable that declares a parameter more than it was given receives the context there. */
function withContext(args: unknown[], arity: number, context: NavaiToolContext): unknown[] {
  return arity > args.length ? [...args, context] : args;
}

export function runFunction(fn: Callable, thisArg?: unknown): ToolRun {
  return async (payload, context) => fn.apply(thisArg, withContext(payloadArguments(payload), fn.length, context));
}

/** A fresh instance per call, built from `constructorArgs`; `methodArgs` is the method's argument list. */
export function runClassMethod(ClassRef: Constructor, method: Callable): ToolRun {
  return async (payload, context) => {
    const { constructorArgs, methodArgs, ...rest } = payload;
    const instance = new ClassRef(...(Array.isArray(constructorArgs) ? constructorArgs : []));
    const args = Array.isArray(methodArgs) ? [...methodArgs] : payloadArguments(rest);
    return method.apply(instance, withContext(args, method.length, context));
  };
}
