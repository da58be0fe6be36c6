import { Inject, Injectable, type Type } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModuleRef, Reflector } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import { NAVAI_CONFIG, NAVAI_TOOL_METADATA, TOOL_NAME_PATTERN } from '../navai.constants.js';
import { DEFAULT_TOOL_DESCRIPTION, DUPLICATE_TOOL, INVALID_TOOL_NAME } from '../navai.messages.js';
import type { NavaiConfig } from '../config/navai-config.js';
import type { NavaiFunctionDefinition, NavaiToolContext } from '../interfaces/navai-function.interface.js';
import type { NavaiToolOptions } from './navai-tool.decorator.js';
import { toToolName } from './folders/tool-name.js';
import { requestContextId } from './request-context-id.js';
import { ToolGuards } from './tool-guards.js';

type ToolMethod = (this: object, ...args: unknown[]) => unknown;

interface FoundTool {
  definition: NavaiFunctionDefinition;
  label: string;
  module: string | undefined;
}

/** Finds `@NavaiTool()` methods on the app's providers and controllers. */
@Injectable()
export class ToolExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly toolGuards: ToolGuards,
    @Inject(NAVAI_CONFIG) private readonly config: NavaiConfig,
  ) {}

  explore(): NavaiFunctionDefinition[] {
    const found = new Map<string, FoundTool>();
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    for (const wrapper of wrappers) {
      if (wrapper.isAlias || !this.isIncluded(wrapper)) continue;
      const prototype = prototypeOf(wrapper);
      if (!prototype) continue;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const options = this.reflector.get<NavaiToolOptions | undefined>(NAVAI_TOOL_METADATA, prototype[method]);
        if (options) this.add(found, wrapper, prototype, method, options);
      }
    }
    return [...found.values()].map(({ definition }) => definition);
  }

  private add(
    found: Map<string, FoundTool>,
    wrapper: InstanceWrapper,
    prototype: Record<string, ToolMethod>,
    method: string,
    options: NavaiToolOptions,
  ): void {
    const className = prototype.constructor?.name || String(wrapper.name);
    const label = `${className}.${method}`;
    const name = options.name ?? toToolName(method);
    if (!TOOL_NAME_PATTERN.test(name)) throw new Error(INVALID_TOOL_NAME(name, label));
    const module = wrapper.host?.name;
    const existing = found.get(name);
    if (existing) {
      const [first, second] =
        existing.label === label ? [`${label} in ${existing.module}`, `${label} in ${module}`] : [existing.label, label];
      throw new Error(DUPLICATE_TOOL(name, first, second));
    }
    found.set(name, {
      label,
      module,
      definition: {
        ...options,
        name,
        description: options.description ?? DEFAULT_TOOL_DESCRIPTION(className, method),
        source: `${className}#${method}`,
        run: this.invoker(wrapper, method),
        access: this.toolGuards.forMethod(prototype.constructor as Type, prototype[method], hostModule(wrapper)),
      },
    });
  }

  private invoker(wrapper: InstanceWrapper, method: string): NavaiFunctionDefinition['run'] {
    if (wrapper.isDependencyTreeStatic() && !wrapper.isTransient) {
      const instance = wrapper.instance as Record<string, ToolMethod>;
      const fn = instance[method];
      return (payload, context) => fn.call(instance, payload, context);
    }
    // A scoped provider's static instance is a shell whose dependencies were never injected.
    const host = hostModule(wrapper);
    return async (payload, context: NavaiToolContext) => {
      const contextId = requestContextId(context.req, host);
      const instance = await host.resolve<unknown, Record<string, ToolMethod>>(wrapper.token as Type, contextId, { strict: true });
      return instance[method].call(instance, payload, context);
    };
  }

  private isIncluded(wrapper: InstanceWrapper): boolean {
    const { toolModules, toolClasses } = this.config;
    if (!toolModules && !toolClasses) return true;
    const moduleClass = wrapper.host?.metatype;
    const instanceClass = wrapper.metatype ?? (wrapper.instance as object | undefined)?.constructor;
    return Boolean(
      (moduleClass && toolModules?.includes(moduleClass)) || (instanceClass && toolClasses?.includes(instanceClass as Type)),
    );
  }
}

function hostModule(wrapper: InstanceWrapper): ModuleRef {
  return wrapper.host?.getProviderByKey(ModuleRef).instance as ModuleRef;
}

/** The prototype to scan, or undefined for wrappers that hold no class instance. */
function prototypeOf(wrapper: InstanceWrapper): Record<string, ToolMethod> | undefined {
  const { instance, metatype, inject } = wrapper;
  if (inject) {
    // A factory provider: only its built value says what class it is.
    return instance && wrapper.isDependencyTreeStatic() ? Object.getPrototypeOf(instance) ?? undefined : undefined;
  }
  const prototype = (metatype as Type | undefined)?.prototype ?? (instance ? Object.getPrototypeOf(instance) : undefined);
  return prototype ?? undefined;
}
