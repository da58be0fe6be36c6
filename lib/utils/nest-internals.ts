/**
 * The pieces of Nest's own machinery this package runs guards with. They are not in the
 * public index of @nestjs/core 11 or 12, but live at these same paths in both.
 */
export { GuardsConsumer } from '@nestjs/core/guards/guards-consumer.js';
export { REQUEST_CONTEXT_ID } from '@nestjs/core/router/request/request-constants.js';
export { GUARDS_METADATA } from '@nestjs/common/constants.js';
