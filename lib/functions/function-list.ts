import { Injectable } from '@nestjs/common';
import { FunctionRegistry, type RegisteredTool } from './function.registry.js';
import type { NavaiToolHints } from '../interfaces/navai-function.interface.js';
import { StoredJson } from '../utils/stored-json.js';

export interface FunctionListItem {
  name: string;
  description: string;
  source: string;
  /** JSON Schema of the arguments, in the subset Realtime function tools accept. */
  parameters: Record<string, unknown>;
  /** Present when the tool declared any; strip it before sending tools to OpenAI. */
  hints?: NavaiToolHints;
}

/** The list route's answer. */
export interface FunctionListAnswer {
  items: FunctionListItem[];
  warnings: readonly string[];
}

/**
 * Builds the list route's answer. When no tool has guards, nothing about the caller changes it:
 * it is serialized once per registry revision and the same bytes are sent to everyone.
 */
@Injectable()
export class FunctionList {
  private stored?: { revision: number; shared?: StoredJson };

  constructor(private readonly registry: FunctionRegistry) {}

  /** The stored answer, or this caller's own bytes while a guarded tool makes answers differ by caller. */
  async for(req: unknown, res: unknown): Promise<StoredJson | Buffer> {
    const shared = this.shared();
    if (shared) return shared;
    return Buffer.from(JSON.stringify(this.answer(await this.registry.usableBy(req, res))));
  }

  answer(tools: readonly RegisteredTool[]): FunctionListAnswer {
    const items = tools.map(({ name, description, source, jsonSchema, hints }) => ({
      name,
      description,
      source,
      parameters: jsonSchema,
      ...(hints && { hints }),
    }));
    return { items, warnings: this.registry.warnings };
  }

  private shared(): StoredJson | undefined {
    const { revision } = this.registry;
    if (this.stored?.revision !== revision) {
      const tools = this.registry.list();
      const guarded = tools.some((tool) => tool.access);
      this.stored = { revision, shared: guarded ? undefined : new StoredJson(this.answer(tools)) };
    }
    return this.stored.shared;
  }
}
