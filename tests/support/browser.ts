import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, devices } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
export const chromiumPath = CANDIDATES.find((p) => existsSync(p));
export const skipBrowser = !chromiumPath && process.env.SKIP_BROWSER === '1';

if (!chromiumPath) {
  if (process.env.SKIP_BROWSER === '1') {
    console.warn('\n!!!!! SKIP_BROWSER=1 and no Chromium found: BROWSER TESTS ARE SKIPPED !!!!!\n');
  } else {
    throw new Error('No Chromium found at /usr/bin/chromium or CHROMIUM_PATH: install it with `apt-get install chromium` (or set SKIP_BROWSER=1 to skip browser tests).');
  }
}

/** Debian's Chromium through playwright-core: nothing is downloaded. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export type Viewport = { width: number; height: number };

/** A touch phone (a Pixel 7's user agent), 390×844 unless `viewport`. */
export function phoneContext(browser: Browser, viewport: Viewport = { width: 390, height: 844 }): Promise<BrowserContext> {
  return browser.newContext({ viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true, userAgent: devices['Pixel 7']?.userAgent });
}

/**
 * A laptop, 1366×800 unless `viewport`. `previewOffAt` (an origin): the browser remembers the console's stage
 * preview switched off there, as after a click on "Hide preview" (client/screens/console/stagePanel.ts).
 */
export function desktopContext(browser: Browser, opts: { viewport?: Viewport; previewOffAt?: string } = {}): Promise<BrowserContext> {
  const storageState = opts.previewOffAt ? { cookies: [], origins: [{ origin: opts.previewOffAt, localStorage: [{ name: 'powerup.console.preview', value: 'off' }] }] } : undefined;
  return browser.newContext({ viewport: opts.viewport ?? { width: 1366, height: 800 }, storageState });
}

export const SCREENSHOT_DIR = path.resolve('screenshots');
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}

const AXE_PATH = path.resolve('node_modules/axe-core/axe.min.js');
let axeSourceCache: string | undefined;
const axeSource = () => (axeSourceCache ??= readFileSync(AXE_PATH, 'utf8'));

const injectAxe = async (page: import('playwright-core').Page) => {
  // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') rightly refuses inline scripts.
  if (!(await page.evaluate(() => !!(window as any).axe))) await page.evaluate(axeSource());
};

/** All axe violations at every impact level (minor and moderate included), one line each. */
export async function axeAll(page: import('playwright-core').Page): Promise<string[]> {
  await injectAxe(page);
  return page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => `${v.impact} ${v.id}: ${v.help} \u2014 ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}

/**
 * Runs axe-core in the page and returns the serious and critical violations, one line each
 * (rule, impact, the first offending elements), so a failing test says what to fix.
 */
export async function axeViolations(page: import('playwright-core').Page): Promise<string[]> {
  await injectAxe(page);
  const results = await page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')) }));
  });
  return results
    .filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
    .map((v: { id: string; impact: string; help: string; targets: string[] }) => `${v.impact} ${v.id}: ${v.help} — ${v.targets.join(', ')}`);
}
