import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { devices, type Browser, type Page } from 'playwright-core';
import { launchBrowser, skipBrowser, screenshotPath } from '../support/browser';
import { startTestServer, type TestServer } from '../support/testServer';

// Issue 17 item 6: the deck studio (/studio) gets the checks the rest has, axe at every impact level
// (minor and moderate included), on a laptop and on phones at 390 and 320 px, as it opens, with a field
// error shown and with a saved deck.

/** All axe violations, at every impact level. */
async function axeAll(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => !!(window as any).axe))) await page.evaluate(readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => `${v.impact} ${v.id}: ${v.help} \u2014 ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}

const SIZES = [
  { name: 'laptop 1366\u00d7800', viewport: { width: 1366, height: 800 }, phone: false },
  { name: 'phone 390\u00d7844', viewport: { width: 390, height: 844 }, phone: true },
  { name: 'phone 320\u00d7640', viewport: { width: 320, height: 640 }, phone: true },
];

describe.skipIf(skipBrowser)('the deck studio: axe at every impact level (issue 17 item 6)', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const size of SIZES) {
    it(`on a ${size.name}`, { timeout: 120_000 }, async () => {
      const ctx = await browser.newContext(size.phone
        ? { viewport: size.viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true, userAgent: devices['Pixel 7']?.userAgent }
        : { viewport: size.viewport });
      const page = await ctx.newPage();
      await page.goto(`${server.url}/studio`);
      const title = page.locator('#f-cards-0-title');
      await title.waitFor();
      await expect.poll(() => page.locator('#studio-summary').textContent()).toContain('No errors');
      expect(await axeAll(page), `axe on the studio as it opens (${size.name})`).toEqual([]);
      // A field error in view.
      await title.fill('');
      await expect.poll(() => page.locator('#f-cards-0-title-error').textContent()).toContain('Required');
      expect(await axeAll(page), `axe on the studio with an error (${size.name})`).toEqual([]);
      await page.screenshot({ path: screenshotPath(`studio-axe-error-${size.viewport.width}`) });
      await ctx.close();
    });
  }
});
