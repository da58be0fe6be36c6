import type { Type } from '@nestjs/common';
import { optionalPackage } from '../utils/optional-package.js';
import { NAVAI_OPENAPI_TAG, OPENAPI_ROUTE_METADATA, SWAGGER_PACKAGE } from './openapi.constants.js';
import type { OpenApiRoute } from './openapi.interface.js';

/** The part of @nestjs/swagger (11 and 12) used here. */
interface SwaggerDecorators {
  ApiTags(...tags: string[]): ClassDecorator;
  ApiOperation(options: { summary: string; description?: string }): MethodDecorator;
  ApiBody(options: { schema: object; required?: boolean; description?: string }): MethodDecorator;
  ApiResponse(options: { status: number | string; description: string; schema?: object; content?: object; headers?: object }): MethodDecorator;
}

let swagger: SwaggerDecorators | null | undefined;

/**
 * Writes the `@ApiRoute()` descriptions of these controllers as @nestjs/swagger metadata, so the
 * app's document shows them. Without @nestjs/swagger it loads nothing and changes nothing.
 */
export function documentRoutes<T extends Type<unknown>>(controllers: T[]): T[] {
  swagger ??= optionalPackage<SwaggerDecorators>(SWAGGER_PACKAGE) ?? null;
  const api = swagger;
  if (!api) return controllers;
  for (const controller of controllers) {
    const prototype = controller.prototype as object;
    const described = Object.getOwnPropertyNames(prototype).filter((key) => routeOf(prototype, key));
    if (described.length === 0) continue;
    // The tag goes on the controller, where it also stands for the controller's own name.
    api.ApiTags(NAVAI_OPENAPI_TAG)(controller);
    for (const key of described) describe(api, prototype, key, routeOf(prototype, key)!);
  }
  return controllers;
}

function routeOf(prototype: object, key: string): OpenApiRoute | undefined {
  const descriptor = Object.getOwnPropertyDescriptor(prototype, key);
  return typeof descriptor?.value === 'function' ? Reflect.getMetadata(OPENAPI_ROUTE_METADATA, descriptor.value) : undefined;
}

function describe(api: SwaggerDecorators, prototype: object, key: string, route: OpenApiRoute): void {
  const decorators = [
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
  ];
  const descriptor = Object.getOwnPropertyDescriptor(prototype, key)!;
  for (const decorate of decorators) decorate(prototype, key, descriptor);
}
