import { describe, it, expect } from 'vitest';
import { skipBrowser, screenshotPath } from '../support/browser';
import { browserSuite } from '../support/browserSuite';
import { defaultDeckV2 } from '../../shared/deck/loadDeck';
import { scriptedV2Log } from '../../shared/replay/scriptedV2Log';
import { stateHash } from '../../shared/engine/hash';
import { LOG_FORMAT_VERSION } from '../../shared/replay/logFormat';

// Issue 15 item 19: the print summary of a full default-length session (6 rounds, every card a story round
// with pitches) — picture, charts, final power-ups, rounds — prints on one to two A4 pages.
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;

describe.skipIf(skipBrowser)('the print summary of a six-round session', () => {
  const t = browserSuite();

  it('fits one to two A4 pages with the picture, three charts and all six rounds', async () => {
    const { events, state } = scriptedV2Log({ deck: defaultDeckV2, picks: [{}, {}, {}, {}, {}, {}], perTeam: 6, config: { storyRounds: true, title: 'Six rounds, full debrief' } });
    const res = await fetch(`${t.server.url}/api/sessions/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'powerup-log', version: LOG_FORMAT_VERSION, code: 'XXXXX', stateHash: stateHash(state), events: events.map((event, i) => ({ seq: i + 1, event })) }),
    });
    expect(res.status).toBe(201);
    const { code, hostKey } = await res.json();
    const page = await t.desktop({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${t.server.url}/replay?code=${code}#key=${encodeURIComponent(hostKey)}`);
    await page.locator('#replay-end-picture .end-picture').waitFor();
    await page.emulateMedia({ media: 'print' });
    const ps = page.locator('.print-summary');
    expect(await ps.locator('.ps-round').count()).toBe(6);
    expect(await ps.locator('.end-picture tbody tr').count()).toBe(6);
    expect(await ps.locator('.ps-charts svg').count()).toBe(3);
    expect(await ps.locator('.ps-final').textContent()).toMatch(/^Final power-ups: Buyer Courage \d+, Budget \d+, Stories \d+ · Provider Courage \d+/);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pages = pdfPages(pdf);
    console.log(`six-round print summary: ${pages} A4 page(s)`);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    await page.screenshot({ path: screenshotPath('debrief-print-summary-6-rounds'), fullPage: true });
  });
});
