import { TOOL_NAME_MAX_LENGTH } from '../../navai.constants.js';

/** snake_case: `getWeather` → `get_weather`, `Billing.refund` → `billing_refund`; nothing left → `fn`. */
export function toToolName(raw: string): string {
  const name = raw
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^a-zA-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  return name || 'fn';
}

/** `ai/get-weather.fn.ts` → `get-weather`. */
export function moduleStem(filePath: string): string {
  const fileName = filePath.slice(filePath.lastIndexOf('/') + 1);
  return fileName.replace(/\.[^.]*$/, '').replace(/\.fn$/i, '') || 'module';
}

/** Hands out unique names: a taken one gets `_2`, `_3`, … */
export class ToolNames {
  private readonly used: Set<string>;

  constructor(taken: ReadonlySet<string>) {
    this.used = new Set(taken);
  }

  /** A name longer than a tool name may be is shortened, and then suffixed like a taken one. */
  claim(raw: string): { wanted: string; name: string } {
    const wanted = toToolName(raw);
    const fit = (suffix: string) => wanted.slice(0, TOOL_NAME_MAX_LENGTH - suffix.length).replace(/_+$/, '') + suffix;
    let name = fit('');
    for (let suffix = 2; this.used.has(name); suffix += 1) name = fit(`_${suffix}`);
    this.used.add(name);
    return { wanted, name };
  }
}
