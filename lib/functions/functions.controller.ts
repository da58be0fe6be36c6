import {
  type CanActivate,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  Res,
  type Type,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FunctionErrorFilter } from './function-error.filter.js';
import { FunctionExecutor } from './function.executor.js';
import { FunctionList } from './function-list.js';
import { replyJson } from '../utils/reply-json.js';
import { ApiRoute } from '../openapi/api-route.decorator.js';
import { FUNCTIONS_EXECUTE_ROUTE, FUNCTIONS_LIST_ROUTE } from './functions.openapi.js';

/** Builds the list and execute routes at the configured paths; a fresh class per module. */
export function createFunctionsController(
  listPath: string,
  executePath: string,
  listGuards: Array<Type<CanActivate> | CanActivate>,
  executeGuards: Array<Type<CanActivate> | CanActivate>,
): Type<unknown> {
  @Controller()
  class FunctionsController {
    constructor(
      private readonly list: FunctionList,
      private readonly executor: FunctionExecutor,
      private readonly adapterHost: HttpAdapterHost,
    ) {}

    /** Sent as bytes: without guarded tools, the same stored bytes (or their gzip twin) to every caller. */
    @Get(listPath)
    @ApiRoute(FUNCTIONS_LIST_ROUTE)
    @UseGuards(...listGuards)
    async tools(@Req() req: unknown, @Res() res: unknown): Promise<void> {
      replyJson(this.adapterHost.httpAdapter, req, res, await this.list.for(req, res));
    }

    @Post(executePath)
    @ApiRoute(FUNCTIONS_EXECUTE_ROUTE)
    @UseGuards(...executeGuards)
    @HttpCode(HttpStatus.OK)
    @Header('Content-Type', 'application/json; charset=utf-8')
    @UseFilters(FunctionErrorFilter)
    // The body is read from the request, not with @Body(): the app's global pipes have no say in it.
    execute(@Req() req: { body?: unknown }, @Res({ passthrough: true }) res: unknown): Promise<string> {
      return this.executor.execute(req.body, req, res);
    }
  }
  return FunctionsController;
}
