import { Inject, Injectable } from '@nestjs/common';
import { NAVAI_CONFIG } from '../navai.constants.js';
import type { NavaiConfig } from '../config/navai-config.js';
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
 * Builds the list route's answer. When no tool has guards, nothing about the caller changes it but
 * whether they may see the startup warnings (`showWarnings`, for operators): each of the two answers
 * is serialized once per registry revision and the same bytes are sent to everyone it is for.
 */
@Injectable()
export class FunctionList {
  private stored?: { revision: number; guarded: boolean; plain?: StoredJson; warned?: StoredJson };

  constructor(
    private readonly registry: FunctionRegistry,
    @Inject(NAVAI_CONFIG) private readonly config: NavaiConfig,
  ) {}

  /** The stored answer, or this caller's own bytes while a guarded tool makes answers differ by caller. */
  async for(req: unknown, res: unknown): Promise<StoredJson | Buffer> {
    const warned = this.registry.warnings.length > 0 && (await this.config.showWarnings(req)) === true;
    const shared = this.shared(warned);
    if (shared) return shared;
    return Buffer.from(JSON.stringify(this.answer(await this.registry.usableBy(req, res), warned)));
  }

  answer(tools: readonly RegisteredTool[], withWarnings = false): FunctionListAnswer {
    const items = tools.map(({ name, description, source, jsonSchema, hints }) => ({
      name,
      description,
      source,
      parameters: jsonSchema,
      ...(hints && { hints }),
    }));
    return { items, warnings: withWarnings ? this.registry.warnings : [] };
  }

  private shared(warned: boolean): StoredJson | undefined {
    const { revision } = this.registry;
    if (this.stored?.revision !== revision) {
      this.stored = { revision, guarded: this.registry.list().some((tool) => tool.access) };
    }
    const stored = this.stored;
    if (stored.guarded) return undefined;
    return warned
      ? (stored.warned ??= new StoredJson(this.answer(this.registry.list(), true)))
      : (stored.plain ??= new StoredJson(this.answer(this.registry.list())));
  }
}
