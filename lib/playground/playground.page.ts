import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { playgroundAssetsDir } from './playground-assets.js';
import { PLAYGROUND_FILES, REALTIME_CALLS_PATH } from './playground.constants.js';

/** The module's routes the page calls; a route left out is absent. */
export interface PlaygroundRoutes {
  playgroundPath: string;
  clientSecretPath: string;
  functionsListPath?: string;
  functionsExecutePath?: string;
  callsPath?: string;
  openapiPath?: string;
}

/** What the page is told, in a JSON block of its HTML: paths and one URL, never a secret. */
export interface PlaygroundSettings {
  routes: { clientSecret: string; list?: string; execute?: string; calls?: string; openapi?: string };
  /** Where the page posts its offer with a client secret (relay mode): OpenAI's `/realtime/calls`. */
  realtimeCallsUrl: string;
}

/** Renders the playground's page, its Content-Security-Policy and its two static files. */
export class PlaygroundPage {
  readonly contentSecurityPolicy: string;
  private readonly realtimeCallsUrl: string;
  private files?: { page: string; script: string; style: string };

  constructor(
    private readonly routes: PlaygroundRoutes,
    openaiBaseUrl: string,
  ) {
    this.realtimeCallsUrl = openaiBaseUrl.replace(/\/+$/, '') + REALTIME_CALLS_PATH;
    this.contentSecurityPolicy = [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      `connect-src 'self' ${new URL(this.realtimeCallsUrl).origin}`,
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; ');
  }

  /** The page for a request to `requestPath`, which tells the app's global prefix, if any. */
  html(requestPath: string): string {
    const pagePath = requestPath.split('?')[0].replace(/\/+$/, '') || '/';
    const at = pagePath.lastIndexOf(this.routes.playgroundPath);
    const prefix = at > 0 && at + this.routes.playgroundPath.length === pagePath.length ? pagePath.slice(0, at) : '';
    const route = (path?: string) => (path === undefined ? undefined : prefix + path);
    const settings: PlaygroundSettings = {
      routes: {
        clientSecret: route(this.routes.clientSecretPath)!,
        list: route(this.routes.functionsListPath),
        execute: route(this.routes.functionsExecutePath),
        calls: route(this.routes.callsPath),
        openapi: route(this.routes.openapiPath),
      },
      realtimeCallsUrl: this.realtimeCallsUrl,
    };
    const base = prefix + this.routes.playgroundPath;
    return this.load()
      .page.replaceAll('{{base}}', escapeAttribute(base))
      .replace('{{settings}}', scriptSafeJson(settings));
  }

  script(): string {
    return this.load().script;
  }

  style(): string {
    return this.load().style;
  }

  private load() {
    if (!this.files) {
      const dir = playgroundAssetsDir();
      this.files = {
        page: readFileSync(join(dir, PLAYGROUND_FILES.page), 'utf8'),
        script: readFileSync(join(dir, PLAYGROUND_FILES.script), 'utf8'),
        style: readFileSync(join(dir, PLAYGROUND_FILES.style), 'utf8'),
      };
    }
    return this.files;
  }
}

/** JSON that cannot end its `<script type="application/json">` block early. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
