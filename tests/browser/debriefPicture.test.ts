import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { phoneContext, desktopContext, skipBrowser, screenshotPath, axeViolations } from '../support/browser';
import type { TestServer } from '../support/testServer';
import { browserSuite } from '../support/browserSuite';
import { createHostedSession, joinAs, command, hostView, teamView, openVote, type Host } from '../support/flows';

// Issue 12 item 6 (the end-of-game picture) and issue 15 item 19 (the debrief's legend, session-wide view,
// print summary and the read-only link) in real Chromium. Default v2 deck: R1 first-weeks, R2
// claims-archive (the joint move here: a step change), R3 claim-tracker (treading water).
const PICKS: [string, string][] = [['trim-reports', 'letter-sprint'], ['masked-sandbox', 'pay-enclave'], ['welcome-pack', 'clear-updates']];
const NAMES = ['Anneliese', 'Bartholomew', 'Cordelia', 'Desmond'];

/** Pages of a PDF Chromium printed: one "/Type /Page" object per page (not "/Pages", the tree). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;

describe.skipIf(skipBrowser)('the end-of-game picture and the debrief of a whole session', () => {
  const t = browserSuite();
  let server: TestServer;
  let browser: Browser;
  let host: Host;
  let consolePage: Page;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'powerup-pic-'));

  beforeAll(async () => {
    ({ server, browser } = t);
    host = await createHostedSession(server.url, { rounds: 3, storyRounds: false, decideSeconds: 600, title: 'Acme \u00d7 Nimbus review' });
    // The console's stage preview off (remembered): a second Phaser game this file does not look at.
    consolePage = await (await desktopContext(browser, { viewport: { width: 1280, height: 800 }, previewOffAt: server.url })).newPage();
    await consolePage.goto(`${server.url}/host#code=${host.code}&key=${encodeURIComponent(host.hostKey)}`);
    await consolePage.locator('.console-grid').waitFor();
    const people = [];
    for (const [i, n] of NAMES.entries()) people.push(await joinAs(server.url, host.code, n, i % 2 ? 'provider' : 'buyer'));
    for (let round = 0; round < PICKS.length; round++) {
      await command(host, { type: 'startRound' });
      await openVote(host);
      for (const p of people) {
        await p.client.until((c) => teamView(c)?.phase === 'deciding' && teamView(c).roundIndex === round);
        const r = await p.client.request('participant:choose', { optionId: PICKS[round][p.team === 'buyer' ? 0 : 1] });
        if (!r.ok) throw new Error(`vote refused: ${r.code}`);
      }
      await host.client.until(() => hostView(host).voted.buyer + hostView(host).voted.provider === NAMES.length);
      await command(host, { type: 'reveal' });
      await host.client.until(() => hostView(host).state.history.length === round + 1);
      if (round < PICKS.length - 1) await command(host, { type: 'closeRound' });
    }
    await command(host, { type: 'end' });
    await host.client.until(() => hostView(host).phase === 'ended');
    for (const p of people) p.client.close();
  }, 120_000);

  afterAll(async () => {
    host?.client.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('the replay at 1280\u00d7800 ends on the picture: step changes against what each team spent, the hidden stakes, every vote labelled, the whole session', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/replay?code=${host.code}#key=${encodeURIComponent(host.hostKey)}`);
    const pic = page.locator('#replay-end-picture .end-picture');
    await pic.waitFor();
    expect(await pic.locator('tbody tr').count()).toBe(3);
    expect(await pic.locator('tbody tr.step').getAttribute('data-round')).toBe('2');
    // R2: the Buyer's sandbox spent Courage and Stories, the Provider's enclave Budget.
    const r2 = pic.locator('tbody tr[data-round="2"] td.ep-spent');
    expect(await r2.nth(0).textContent()).toBe('CourageStories');
    expect(await r2.nth(1).textContent()).toBe('Budget');
    expect(await pic.locator('tbody tr[data-round="3"]').textContent()).toContain('treading water');
    expect(await pic.locator('.ep-lesson').textContent()).toBe('1 of 3 rounds made a step change (R2). Each came in a round where the teams spent Courage, Budget and Stories together, and only then.');
    expect(await pic.locator('.ep-stake-team li').count()).toBe(6);
    expect(await pic.locator('.ep-stake-team.team-buyer li.followed').count()).toBe(2);

    // "How each team voted": a legend entry for every option of every bar, with its votes.
    const legend = page.locator('#votes-legend');
    expect(await legend.locator('.vl-bar').count()).toBe(6);
    for (const [round, picks] of PICKS.entries())
      for (const [t, team] of (['buyer', 'provider'] as const).entries()) {
        const bar = legend.locator(`[data-bar="R${round + 1}-${team}"]`);
        expect(await bar.locator('.vl-item').count()).toBe(4);
        expect(await bar.locator('.vl-item[data-votes="2"]').count()).toBe(1);
        expect(await bar.locator('.vl-item.chosen').count()).toBe(1);
        const label = hostView(host).state.deck.cards.flatMap((c) => c.options).find((o) => o.id === picks[t])!.label;
        expect(await bar.locator('.vl-item.chosen .vl-label').textContent()).toBe(label);
      }

    // The whole session: the race chart (4 lines), downgrades, key moments.
    const tl = page.locator('#session-timeline');
    expect(await tl.locator('svg .series').count()).toBe(4);
    expect(await tl.locator('svg .series[data-series="Score"] .series-label').textContent()).toBe(`Score ${hostView(host).state.score}`);
    expect(await tl.locator('#timeline-downgrades h4').textContent()).toBe('Downgrades (0)');
    expect(await tl.locator('#timeline-moments li[data-kind="stepChange"]').textContent()).toContain('R2 The claims archive: step change, with the joint move.');
    expect(await tl.locator('#timeline-moments li[data-kind="treadingWater"]').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await pic.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('debrief-picture-replay-1280') });
    await legend.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('debrief-legend-replay-1280') });
    await tl.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('debrief-timeline-replay-1280') });

    // The print summary: the picture, charts, final power-ups, what is named; one to two A4 pages.
    await page.emulateMedia({ media: 'print' });
    const ps = page.locator('.print-summary');
    expect(await ps.isVisible()).toBe(true);
    expect(await page.locator('.replay-main').isVisible()).toBe(false);
    expect(await ps.locator('.end-picture tbody tr').count()).toBe(3);
    expect(await ps.locator('.ps-charts svg').count()).toBe(3);
    const final = hostView(host).state.teams.buyer.inventory;
    expect(await ps.locator('.ps-final').textContent()).toContain(`Final power-ups: Buyer Courage ${final.courage}, Budget ${final.budget}, Stories ${final.stories}`);
    expect(await ps.locator('.ps-naming').textContent()).toBe('People (story and pitch authors) appear under the names they typed.');
    expect(await ps.textContent()).not.toMatch(/\u00b7 named\b/);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(path.join(tmp, 'summary.pdf'), pdf);
    const pages = pdfPages(pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    console.log(`print summary: ${pages} A4 page(s), ${pdf.length} bytes`);
    await page.screenshot({ path: screenshotPath('debrief-print-summary'), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the console shows the picture after the end, next to the debrief script', async () => {
    const pic = consolePage.locator('#console-end-picture');
    await pic.locator('.end-picture').waitFor();
    expect(await pic.isVisible()).toBe(true);
    expect(await pic.locator('tbody tr').count()).toBe(3);
    expect(await pic.locator('tbody tr.step').getAttribute('data-round')).toBe('2');
    expect(await pic.locator('.ep-stake-team li').count()).toBe(6);
    // Right after the script, in the same column.
    expect(await consolePage.evaluate(() => document.getElementById('debrief-script')!.nextElementSibling?.id)).toBe('console-end-picture');
    await pic.scrollIntoViewIfNeeded();
    await consolePage.screenshot({ path: screenshotPath('debrief-picture-console-1280') });

    // The read-only link is made here: ticked, it shares names and the per-person CSV; unticked (the default), not.
    consolePage.on('dialog', (d) => void d.dismiss()); // the copy falls back to a prompt without clipboard access
    const box = consolePage.locator('#replay-share-named');
    expect(await box.isChecked()).toBe(false);
    for (const share of [true, false]) {
      await box.setChecked(share);
      const before = await consolePage.locator('#replay-link').inputValue();
      await consolePage.locator('#copy-replay').click();
      await expect.poll(() => consolePage.locator('#replay-link').inputValue()).not.toBe(before);
      const token = new URLSearchParams(new URL(await consolePage.locator('#replay-link').inputValue()).hash.slice(1)).get('token')!;
      const csv = await fetch(`${server.url}/api/sessions/${host.code}/decisions.csv`, { headers: { authorization: `Bearer ${token}` } });
      expect(csv.status, `shareNamed ${share}`).toBe(share ? 200 : 403);
    }
  });

  it('a read-only link made without sharing names shows the debrief but no named export, no import, no name (1280 and a 390 px phone)', async () => {
    const token = (await command(host, { type: 'createReplayLink' })).replayToken as string;
    const desk = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await desk.goto(`${server.url}/replay?code=${host.code}#token=${token}`);
    await desk.locator('#replay-end-picture .end-picture').waitFor();
    expect(await desk.locator('#print-summary').count()).toBe(1);
    for (const id of ['#export-log', '#export-csv', '#import-log']) expect(await desk.locator(id).count(), id).toBe(0);
    expect(await desk.getByText('Import a log').count()).toBe(0);
    expect(await desk.locator('#votes-legend .vl-bar').count()).toBe(6);
    const body = (await desk.locator('body').textContent())!;
    for (const n of NAMES) expect(body).not.toContain(n);
    expect(await desk.locator('.print-summary .ps-naming').textContent()).toContain('this read-only link does not share names');
    await desk.context().close();

    const phone = await (await phoneContext(browser)).newPage();
    await phone.goto(`${server.url}/replay?code=${host.code}#token=${token}`);
    const pic = phone.locator('#replay-end-picture .end-picture');
    await pic.waitFor();
    for (const id of ['#export-log', '#export-csv', '#import-log']) expect(await phone.locator(id).count(), id).toBe(0);
    const wide = await phone.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 391).map((e) => `${e.tagName}.${e.className}`).slice(0, 8));
    expect(wide).toEqual([]);
    await pic.scrollIntoViewIfNeeded();
    await phone.screenshot({ path: screenshotPath('debrief-picture-phone-390') });
    await phone.locator('#session-timeline').scrollIntoViewIfNeeded();
    await phone.screenshot({ path: screenshotPath('debrief-timeline-phone-390') });
    await phone.context().close();
  });

  it('a link shared with names has the exports and the import; the import carries the facilitator\u2019s host key', async () => {
    const token = (await command(host, { type: 'createReplayLink', shareNamed: true })).replayToken as string;
    const shared = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await shared.goto(`${server.url}/replay?code=${host.code}#token=${token}`);
    await shared.locator('#replay-end-picture .end-picture').waitFor();
    for (const id of ['#export-log', '#export-csv', '#import-log']) expect(await shared.locator(id).count(), id).toBe(1);
    expect(await shared.locator('body').textContent()).not.toContain('does not share names');
    await shared.context().close();

    // The facilitator imports a log from their replay page: the new session gets their host key.
    const res = await fetch(`${server.url}/api/sessions/${host.code}/log`, { headers: { authorization: `Bearer ${host.hostKey}` } });
    const log = await res.json();
    const file = path.join(tmp, 'log.json');
    writeFileSync(file, JSON.stringify({ format: log.format, version: log.version, code: log.code, stateHash: log.stateHash, events: log.events }));
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${server.url}/replay?code=${host.code}#key=${encodeURIComponent(host.hostKey)}`);
    await page.locator('#replay-end-picture .end-picture').waitFor();
    const imported = page.waitForRequest((r) => r.url().endsWith('/api/sessions/import'));
    await page.locator('#import-log').setInputFiles(file);
    expect((await imported).headers()['authorization']).toBe(`Bearer ${host.hostKey}`);
    await expect.poll(() => page.url(), { timeout: 20_000 }).not.toContain(host.code);
    const code = new URL(page.url()).searchParams.get('code')!;
    await page.locator('#replay-end-picture .end-picture').waitFor();
    expect(await page.evaluate((c) => localStorage.getItem(`powerup:host:${c}`), code)).toBe(host.hostKey);
    // The server agrees: the facilitator's key opens the imported session as its host.
    const asHost = await fetch(`${server.url}/api/sessions/${code}/log`, { headers: { authorization: `Bearer ${host.hostKey}` } });
    expect((await asHost.json()).role).toBe('host');
    await page.context().close();
  });
});
