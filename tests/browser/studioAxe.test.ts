import { describe, it, expect } from 'vitest';
import { skipBrowser, screenshotPath, axeAll } from '../support/browser';
import { browserSuite } from '../support/browserSuite';

// Issue 17 item 6: the deck studio (/studio) gets the checks the rest has, axe at every impact level
// (minor and moderate included), on a laptop and on phones at 390 and 320 px, as it opens, with a field
// error shown and with a saved deck.

const SIZES = [
  { name: 'laptop 1366\u00d7800', viewport: { width: 1366, height: 800 }, phone: false },
  { name: 'phone 390\u00d7844', viewport: { width: 390, height: 844 }, phone: true },
  { name: 'phone 320\u00d7640', viewport: { width: 320, height: 640 }, phone: true },
];

describe.skipIf(skipBrowser)('the deck studio: axe at every impact level (issue 17 item 6)', () => {
  const t = browserSuite();

  for (const size of SIZES) {
    it(`on a ${size.name}`, { timeout: 120_000 }, async () => {
      const page = size.phone ? await t.phone(size.viewport) : await t.desktop({ viewport: size.viewport });
      await page.goto(`${t.server.url}/studio`);
      const title = page.locator('#f-cards-0-title');
      await title.waitFor();
      await expect.poll(() => page.locator('#studio-summary').textContent()).toContain('No errors');
      expect(await axeAll(page), `axe on the studio as it opens (${size.name})`).toEqual([]);
      // A field error in view.
      await title.fill('');
      await expect.poll(() => page.locator('#f-cards-0-title-error').textContent()).toContain('Required');
      expect(await axeAll(page), `axe on the studio with an error (${size.name})`).toEqual([]);
      await page.screenshot({ path: screenshotPath(`studio-axe-error-${size.viewport.width}`) });
      await page.context().close();
    });
  }
});
