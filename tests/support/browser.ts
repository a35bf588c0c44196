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

export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, userAgent: devices['Pixel 7']?.userAgent });
}

export function desktopContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1366, height: 800 } });
}

export const SCREENSHOT_DIR = path.resolve('screenshots');
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}

const AXE_PATH = path.resolve('node_modules/axe-core/axe.min.js');
let axeSourceCache: string | undefined;
const axeSource = () => (axeSourceCache ??= readFileSync(AXE_PATH, 'utf8'));

/**
 * Runs axe-core in the page and returns the serious and critical violations, one line each
 * (rule, impact, the first offending elements), so a failing test says what to fix.
 */
export async function axeViolations(page: import('playwright-core').Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') rightly refuses inline scripts.
  if (!(await page.evaluate(() => !!(window as any).axe))) await page.evaluate(axeSource());
  const results = await page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')) }));
  });
  return results
    .filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
    .map((v: { id: string; impact: string; help: string; targets: string[] }) => `${v.impact} ${v.id}: ${v.help} — ${v.targets.join(', ')}`);
}
