import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, installed by `.ci/run` when missing. */
export const CHROMIUM_PATH = process.env.NAVAI_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** Where the browser tests keep their screenshots (a test artifact, not committed). */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // Without these, Chromium dials Google's services at start; this machine reaches only loopback.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--metrics-recording-only',
  // A synthetic microphone, granted without a prompt.
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  // WebRTC host candidates as plain IPs (no mDNS names), loopback among them; the fake peer uses only those.
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--allow-loopback-in-peer-connection',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}

/** What a page did that a test must see: console errors, uncaught errors, failed and refused requests. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  /** Requests to anything but loopback: refused before they leave the browser. */
  offLoopback: string[];
}

/**
 * A fresh context whose requests may go to loopback only: anything else is aborted and recorded,
 * unless a test answers it first with `context.route()` (routes added later take precedence).
 */
export async function openContext(browser: Browser): Promise<{ context: BrowserContext; problems: PageProblems }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], failedRequests: [], offLoopback: [] };
  await context.route(
    (url) => !isLoopback(url),
    (route) => {
      problems.offLoopback.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  context.on('page', (page) => watch(page, problems));
  return { context, problems };
}

export function isLoopback(url: URL): boolean {
  if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return true;
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

function watch(page: Page, problems: PageProblems): void {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  page.on('requestfailed', (request) => problems.failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`));
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}
