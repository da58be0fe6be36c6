import {
  type CanActivate,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Inject,
  Post,
  Req,
  Res,
  type Type,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { FunctionErrorFilter } from './function-error.filter.js';
import { FunctionExecutor } from './function.executor.js';
import { FunctionRegistry } from './function.registry.js';
import { NAVAI_CONFIG } from '../navai.constants.js';
import type { NavaiConfig } from '../config/navai-config.js';
import type { NavaiToolHints } from '../interfaces/navai-function.interface.js';

export interface FunctionListItem {
  name: string;
  description: string;
  source: string;
  /** JSON Schema of the arguments, in the subset Realtime function tools accept. */
  parameters: Record<string, unknown>;
  /** Present when the tool declared any; strip it before sending tools to OpenAI. */
  hints?: NavaiToolHints;
}

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
      private readonly registry: FunctionRegistry,
      private readonly executor: FunctionExecutor,
      @Inject(NAVAI_CONFIG) private readonly config: NavaiConfig,
    ) {}

    @Get(listPath)
    @UseGuards(...listGuards)
    async list(@Req() req: unknown, @Res({ passthrough: true }) res: unknown): Promise<{ items: FunctionListItem[]; warnings: readonly string[] }> {
      const items = (await this.registry.usableBy(req, res)).map(({ name, description, source, jsonSchema, hints }) => ({
        name,
        description,
        source,
        parameters: jsonSchema,
        ...(hints && { hints }),
      }));
      // Startup warnings are for operators: shown only to callers the app allows (`showWarnings`).
      const warnings = (await this.config.showWarnings(req)) ? this.registry.warnings : [];
      return { items, warnings };
    }

    @Post(executePath)
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
