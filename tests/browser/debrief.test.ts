import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { phoneContext, desktopContext, skipBrowser, screenshotPath, axeViolations } from '../support/browser';
import type { TestServer } from '../support/testServer';
import { browserSuite } from '../support/browserSuite';
import { joinAs, command, hostView, openVote, type Host } from '../support/flows';
import { ProtocolClient } from '../../scripts/bots/protocolClient';

// Debrief v2 (issue 12 items 3–5) in real Chromium: what-if lines in the replay and at the console's
// reveal, past cohorts on the replay page, and the facilitator's script on the console after the end.
// Default v2 deck, curated arc: round 1 "first-weeks", round 2 "claims-archive".
const CONFIG = { rounds: 2, storyRounds: false, decideSeconds: 120, title: 'Acme \u00d7 Nimbus debrief' };

async function host(url: string, config: object, hostKey?: string): Promise<Host> {
  const client = new ProtocolClient(url);
  const created = await client.request('session:create', hostKey ? { config, hostKey } : { config });
  if (!created.ok) throw new Error(`create failed: ${created.code}`);
  const attached = await client.request('host:attach', { code: created.code, hostKey: created.hostKey });
  if (!attached.ok) throw new Error(`attach failed: ${attached.code}`);
  return { client, code: created.code, hostKey: created.hostKey };
}

/** Two rounds, two people a team; `picks[round]` = [buyer option, provider option]. Calls `atReveal` after each reveal. */
async function play(url: string, h: Host, picks: [string, string][], atReveal: (round: number) => Promise<void> = async () => {}) {
  const people = await Promise.all([['Ana', 'buyer'], ['Ben', 'provider'], ['Cy', 'buyer'], ['Di', 'provider']].map(([n, t]) => joinAs(url, h.code, n, t as 'buyer' | 'provider')));
  for (let round = 0; round < picks.length; round++) {
    await command(h, { type: 'startRound' });
    await openVote(h);
    for (const p of people) {
      await p.client.until(() => p.client.view?.phase === 'deciding');
      await p.client.request('participant:choose', { optionId: picks[round][p.team === 'buyer' ? 0 : 1] });
    }
    await h.client.until(() => hostView(h).voted.buyer + hostView(h).voted.provider === 4);
    await command(h, { type: 'reveal' });
    await h.client.until(() => hostView(h).phase === 'reveal');
    await atReveal(round);
    if (round < picks.length - 1) await command(h, { type: 'closeRound' });
  }
  await command(h, { type: 'end' });
  await h.client.until(() => hostView(h).phase === 'ended');
  for (const p of people) p.client.close();
}

const script = (page: Page) => page.evaluate(() => (window as unknown as { __script: { phase: number; id: string; running: boolean; remainingMs: number } }).__script);

describe.skipIf(skipBrowser)('debrief v2: what-if lines, past cohorts, the facilitator\u2019s script', () => {
  const t = browserSuite();
  let server: TestServer;
  let browser: Browser;
  let past: Host;
  let main: Host;
  let consolePage: Page;
  let revealWhatIfs: string[] = [];

  beforeAll(async () => {
    ({ server, browser } = t);
    // An earlier session of the same facilitator: the joint move in both rounds.
    past = await host(server.url, CONFIG);
    await play(server.url, past, [['open-marketing', 'letter-sprint'], ['masked-sandbox', 'pay-enclave']]);
    // This session, with the earlier host key and what-if lines at the reveal. Round 1: the Buyer plays it
    // safe while the Provider backs its part of the joint move, so "Had the Buyer chosen …" changes the round.
    main = await host(server.url, { ...CONFIG, whatIfAtReveal: true }, past.hostKey);
    // The console's stage preview off (remembered): a second Phaser game the debrief does not need.
    const ctx = await desktopContext(browser, { previewOffAt: server.url });
    consolePage = await ctx.newPage();
    await consolePage.goto(`${server.url}/host#code=${main.code}&key=${encodeURIComponent(main.hostKey)}`);
    await consolePage.locator('#console-result, .console-grid').first().waitFor();
    await play(server.url, main, [['trim-reports', 'letter-sprint'], ['masked-sandbox', 'pay-enclave']], async (round) => {
      if (round !== 0) return;
      await consolePage.locator('#console-what-ifs .what-if').first().waitFor();
      revealWhatIfs = await consolePage.locator('#console-what-ifs .what-if').allTextContents();
    });
  }, 120_000);

  afterAll(async () => {
    for (const h of [past, main]) h?.client.close();
  });

  it('shows the what-if lines at the console\u2019s reveal when the facilitator asked for them', () => {
    expect(revealWhatIfs.length).toBeGreaterThan(0);
    expect(revealWhatIfs.some((l) => /^Had the Buyer chosen “.+”, the joint move with the Provider would have fired: a step change/.test(l))).toBe(true);
  });

  it('shows a what-if line in the replay for the round a different choice would have changed, and past cohorts', async () => {
    const page = await (await desktopContext(browser)).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/replay?code=${main.code}#key=${encodeURIComponent(main.hostKey)}`);
    const r1 = page.locator('#replay-rounds .round-card[data-round="1"]');
    await r1.locator('.what-if').first().waitFor();
    expect(await r1.locator('.what-if').first().textContent()).toMatch(/^Had the Buyer chosen “.+”, the joint move with the Provider would have fired: a step change \(score \+\d+\)\.$/);
    // The print summary carries them too.
    expect(await page.locator('.print-summary .ps-whatif').count()).toBeGreaterThan(0);

    // Past cohorts: the earlier session (same host key) counts; this room's choice is marked.
    const cohorts = page.locator('#replay-cohorts');
    await cohorts.locator('.cohort-card').first().waitFor();
    expect(await cohorts.locator('.cohort-meta').first().textContent()).toContain('1 earlier session of yours');
    const firstCard = cohorts.locator('.cohort-card[data-card="first-weeks"]');
    expect(await firstCard.locator('.cohort-facts').textContent()).toContain('step change in 1 of 1');
    const buyerRows = firstCard.locator('table.team-buyer tbody tr');
    expect(await buyerRows.filter({ hasText: 'Open the door to Marketing' }).locator('td.num').first().textContent()).toBe('1 of 1');
    expect(await firstCard.locator('table.team-buyer tr.mine th').textContent()).toContain('Cut the transition reports');
    expect(await axeViolations(page)).toEqual([]);
    await r1.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('debrief-replay-whatif-laptop') });
    await cohorts.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('debrief-replay-cohorts-laptop') });

    // A read-only link sees the what-if lines but never the cohorts.
    const made = await main.client.request('host:command', { command: { type: 'createReplayLink' } });
    const phone = await (await phoneContext(browser)).newPage();
    await phone.goto(`${server.url}/replay?code=${main.code}#token=${(made as { replayToken: string }).replayToken}`);
    await phone.locator('#replay-rounds .round-card[data-round="1"] .what-if').first().waitFor();
    expect(await phone.locator('#replay-cohorts').count()).toBe(0);
    await phone.locator('#replay-rounds .round-card[data-round="1"] .what-ifs').scrollIntoViewIfNeeded();
    await phone.screenshot({ path: screenshotPath('debrief-replay-whatif-phone') });
    // The facilitator on a phone: the cohort tables fit.
    const hostPhone = await (await phoneContext(browser)).newPage();
    await hostPhone.goto(`${server.url}/replay?code=${main.code}#key=${encodeURIComponent(main.hostKey)}`);
    await hostPhone.locator('#replay-cohorts .cohort-card').first().scrollIntoViewIfNeeded();
    expect(await hostPhone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await hostPhone.screenshot({ path: screenshotPath('debrief-replay-cohorts-phone') });
    expect(errors).toEqual([]);
  });

  it('runs the facilitator\u2019s script on the console after the end: phases, figures, timer, keys, print', async () => {
    const page = consolePage;
    const panel = page.locator('#debrief-script');
    await panel.waitFor();
    expect(await page.locator('#script-phase .script-phase-title').textContent()).toContain('1. Feelings');
    expect(await page.locator('#script-phase .script-figures').textContent()).toContain('4 people played: Buyer 2, Provider 2');
    await page.evaluate(() => document.getElementById('debrief-script')!.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: screenshotPath('debrief-console-script-laptop') });

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    expect((await script(page)).id).toBe('happened');
    expect(await page.locator('#script-phase .script-figures').textContent()).toMatch(/R1 The first six weeks: Buyer “.+” — no step change/);
    await page.keyboard.press('3');
    expect(await page.locator('#script-phase .script-figures').textContent()).toContain('hidden stake');
    await page.keyboard.press('4');
    expect(await page.locator('#script-phase .script-questions li').count()).toBe(2); // the two cards' debrief questions
    await page.keyboard.press('5');
    expect(await page.locator('#script-phase .script-figures').textContent()).toContain('Had the Buyer chosen');

    // The timer: T starts it, it counts down, T pauses it, R resets it.
    const full = (await script(page)).remainingMs;
    await page.keyboard.press('t');
    await page.waitForTimeout(1300);
    const s = await script(page);
    expect(s.running).toBe(true);
    expect(s.remainingMs).toBeLessThan(full - 900);
    await page.keyboard.press('t');
    expect((await script(page)).running).toBe(false);
    await page.keyboard.press('r');
    expect((await script(page)).remainingMs).toBe(full);
    await page.locator('#script-next').click();
    expect((await script(page)).id).toBe('next');
    expect(await page.locator('#script-next').isDisabled()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    // Printable on one to two A4 pages.
    await page.evaluate(() => document.body.classList.add('print-script'));
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.script-print').isVisible()).toBe(true);
    expect(await page.locator('.console-side').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4' });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    await page.screenshot({ path: screenshotPath('debrief-console-script-print'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => document.body.classList.remove('print-script'));

    const phone = await (await phoneContext(browser)).newPage();
    await phone.goto(`${server.url}/host#code=${main.code}&key=${encodeURIComponent(main.hostKey)}`);
    await phone.locator('#debrief-script').waitFor();
    await phone.locator('#script-next').click();
    await phone.evaluate(() => document.getElementById('debrief-script')!.scrollIntoView({ block: 'start' }));
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await phone.screenshot({ path: screenshotPath('debrief-console-script-phone') });
  });
});
