/** The optional peer that builds the app's document. */
export const SWAGGER_PACKAGE = '@nestjs/swagger';

/** The tag the module's routes are grouped under. */
export const NAVAI_OPENAPI_TAG = 'Navai';

export const OPENAPI_ROUTE_METADATA = 'navai:openapi-route';
