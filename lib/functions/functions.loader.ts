import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { NAVAI_CONFIG, NAVAI_LOGGER_CONTEXT } from '../navai.constants.js';
import type { NavaiConfig } from '../config/navai-config.js';
import { FOLDER_FUNCTION_DEFAULTS, isCompiledRun, loadFolderFunctions } from './folders/folder-functions.loader.js';
import { FunctionRegistry } from './function.registry.js';
import { ToolExplorer } from './tool.explorer.js';
import { thrownText } from '../utils/thrown-text.js';

/**
 * Fills the registry while the app starts: decorated methods first (a clash between two of them
 * stops startup), then folder tools, which take a suffixed name when theirs is already taken.
 */
@Injectable()
export class FunctionsLoader implements OnModuleInit {
  private readonly logger = new Logger(NAVAI_LOGGER_CONTEXT);

  constructor(
    private readonly explorer: ToolExplorer,
    private readonly registry: FunctionRegistry,
    @Inject(NAVAI_CONFIG) private readonly config: NavaiConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const tool of this.explorer.explore()) this.registry.register(tool);
    const folders = this.config.functions;
    const { definitions, warnings, failures } = await loadFolderFunctions({
      ...folders,
      defaultFolder: FOLDER_FUNCTION_DEFAULTS.defaultFolder,
      compiled: folders.compiled ?? isCompiledRun(process.argv[1], folders.baseDir, folders.outDir),
      takenNames: new Set(this.registry.names()),
    });
    const { folderToolGuards, agentGuards } = this.config;
    for (const tool of definitions) {
      const guards = [...folderToolGuards, ...((tool.agent && agentGuards.get(tool.agent)) || [])];
      this.registry.register(guards.length > 0 ? { ...tool, guards } : tool);
    }
    this.registry.addWarnings(warnings);
    for (const warning of warnings) {
      // A module's own error (which may name hosts, paths or credentials) goes to the log only.
      if (failures.has(warning)) this.logger.error(warning, thrownText(failures.get(warning)));
      else this.logger.warn(warning);
    }
  }
}
