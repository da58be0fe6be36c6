import { SetMetadata } from '@nestjs/common';
import { OPENAPI_ROUTE_METADATA } from './openapi.constants.js';
import type { OpenApiRoute } from './openapi.interface.js';

/**
 * Describes a route of the module for the app's OpenAPI document: its summary, body and every
 * answer, errors included. Metadata only: the module writes it for @nestjs/swagger when the app
 * has it (see `documentRoutes`).
 */
export const ApiRoute = (route: OpenApiRoute): MethodDecorator => SetMetadata(OPENAPI_ROUTE_METADATA, route);
