import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, type Type, UseFilters } from '@nestjs/common';
import { FunctionErrorFilter } from './function-error.filter.js';
import { FunctionExecutor, type FunctionCallResult } from './function.executor.js';
import { FunctionRegistry } from './function.registry.js';

export interface FunctionListItem {
  name: string;
  description: string;
  source: string;
}

/** Builds the list and execute routes at the configured paths; a fresh class per module. */
export function createFunctionsController(listPath: string, executePath: string): Type<unknown> {
  @Controller()
  class FunctionsController {
    constructor(
      private readonly registry: FunctionRegistry,
      private readonly executor: FunctionExecutor,
    ) {}

    @Get(listPath)
    list(): { items: FunctionListItem[]; warnings: readonly string[] } {
      const items = this.registry.list().map(({ name, description, source }) => ({ name, description, source }));
      return { items, warnings: this.registry.warnings };
    }

    @Post(executePath)
    @HttpCode(HttpStatus.OK)
    @UseFilters(FunctionErrorFilter)
    execute(@Body() body: unknown, @Req() req: unknown): Promise<FunctionCallResult> {
      return this.executor.execute(body, req);
    }
  }
  return FunctionsController;
}
