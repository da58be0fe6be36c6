import { type ContextId, ContextIdFactory, type ModuleRef } from '@nestjs/core';
import { REQUEST_CONTEXT_ID } from '../utils/nest-internals.js';

type WithContextId = { [REQUEST_CONTEXT_ID]?: ContextId };

/**
 * The dependency-injection context of one request (or of one server-side call: any object that
 * stands for it): made on first use and stored on it, as Nest's router stores it, so the module's
 * guards, a tool's guards and the tool resolve one tree of request-scoped providers.
 */
export function requestContextId(request: unknown, moduleRef: ModuleRef): ContextId {
  // No request (a SIP call): a context of its own.
  if (typeof request !== 'object' || request === null) return ContextIdFactory.create();
  const stored = (request as WithContextId)[REQUEST_CONTEXT_ID];
  if (stored) return stored;
  // getByRequest also finds an id stored on a Fastify request's `raw`, and applies a ContextIdStrategy.
  const contextId = ContextIdFactory.getByRequest(request);
  Object.defineProperty(request, REQUEST_CONTEXT_ID, { value: contextId, enumerable: false, writable: false, configurable: false });
  moduleRef.registerRequestByContextId(request, contextId);
  return contextId;
}
