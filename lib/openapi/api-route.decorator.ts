import { applyDecorators } from '@nestjs/common';
import { optionalPackage } from '../utils/optional-package.js';
import { NAVAI_OPENAPI_TAG, SWAGGER_PACKAGE } from './openapi.constants.js';
import type { OpenApiRoute } from './openapi.interface.js';

/** The part of @nestjs/swagger (11 and 12) this decorator uses. */
interface SwaggerDecorators {
  ApiTags(...tags: string[]): ClassDecorator;
  ApiOperation(options: { summary: string; description?: string }): MethodDecorator;
  ApiBody(options: { schema: object; required?: boolean; description?: string }): MethodDecorator;
  ApiResponse(options: { status: number | string; description: string; schema?: object; content?: object; headers?: object }): MethodDecorator;
}

let swagger: SwaggerDecorators | null | undefined;
const tagged = new WeakSet<object>();

/** @nestjs/swagger when the app has it, loaded with the first documented route; null when it does not. */
function swaggerDecorators(): SwaggerDecorators | null {
  swagger ??= optionalPackage<SwaggerDecorators>(SWAGGER_PACKAGE) ?? null;
  return swagger;
}

/**
 * Describes a route of the module to the app's OpenAPI document: its summary, body and every
 * answer, errors included. Without @nestjs/swagger it adds nothing and loads nothing.
 */
export function ApiRoute(route: OpenApiRoute): MethodDecorator {
  const api = swaggerDecorators();
  if (!api) return () => undefined;
  const describe = applyDecorators(
    api.ApiOperation({ summary: route.summary, ...(route.description && { description: route.description }) }),
    ...(route.body ? [api.ApiBody({ required: true, ...route.body })] : []),
    ...Object.entries(route.responses).map(([status, answer]) => {
      const { description, schema, content, headers } = answer!;
      return api.ApiResponse({
        status: /^\d+$/.test(status) ? Number(status) : status,
        description,
        ...(schema && { schema }),
        ...(content && { content }),
        ...(headers && { headers }),
      });
    }),
  );
  return (target, key, descriptor) => {
    describe(target, key, descriptor);
    // The tag goes on the controller, where it also stands for the controller's own name.
    if (!tagged.has(target.constructor)) {
      tagged.add(target.constructor);
      api.ApiTags(NAVAI_OPENAPI_TAG)(target.constructor);
    }
  };
}
