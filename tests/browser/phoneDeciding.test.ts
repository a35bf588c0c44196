import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { devices, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { skipBrowser, screenshotPath, axeViolations } from '../support/browser';
import type { TestServer } from '../support/testServer';
import { browserSuite } from '../support/browserSuite';
import { createHostedSession, joinAs, command, hostView, openVote, type Host } from '../support/flows';

// Issue 15 items 14, 15 and 16: the phone's deciding screen, through the real UI on touch phones at
// 390×844 and 320×640 (the facilitator and the other players are protocol clients).

const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 320, height: 640 },
];

describe.skipIf(skipBrowser)('the phone\u2019s deciding screen (issue 15 items 14\u201316)', () => {
  const t = browserSuite();
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const clients: { client: { socket: { close(): void } } }[] = [];

  beforeAll(async () => {
    ({ server, browser } = t);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    for (const c of clients) c.client.socket.close();
  });

  /** A session with Ada's touch phone on the Buyers (she joins first) and Ben, a protocol client, on the Providers. */
  async function setUp(viewport: { width: number; height: number }, config: object): Promise<{ host: Host; page: Page }> {
    const host = await createHostedSession(server.url, { rounds: 2, decideSeconds: 600, storySeconds: 600, storyVoteSeconds: 600, ...config });
    clients.push(host);
    const ctx = await browser.newContext({ viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true, userAgent: devices['Pixel 7']?.userAgent });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/j/${host.code}`);
    await page.locator('#join-name').fill('Ada');
    await page.locator('#join-submit').tap();
    await page.locator('#lobby-title').waitFor();
    expect(await page.evaluate(() => (window as any).__controller.state.me.team)).toBe('buyer');
    clients.push(await joinAs(server.url, host.code, 'Ben'));
    await host.client.until(() => hostView(host)?.state.activeCount === 2);
    return { host, page };
  }

  async function toPhase(host: Host, cmd: object, want: string): Promise<void> {
    await command(host, cmd);
    await host.client.until(() => hostView(host)?.phase === want);
  }

  const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  for (const vp of VIEWPORTS) {
    const at = `${vp.width}\u00d7${vp.height}`;

    it(`item 14 at ${at}: an option the team cannot afford is marked before the vote and cannot be voted; a joint part the pool pays stays votable`, { timeout: 120_000 }, async () => {
      const { host, page } = await setUp(vp, { cardIds: ['first-weeks', 'rival-launch', 'mid-year-freeze'], rounds: 3 });
      // Round 1: the Buyers spend their 2 Courage on their part of the joint move ("open the door to
      // Marketing"); the Providers do not vote theirs, so the part is played alone and paid alone.
      await toPhase(host, { type: 'startRound' }, 'card');
      await openVote(host);
      await page.locator('.option[data-option="open-marketing"]:not([disabled])').tap();
      await expect.poll(() => page.locator('#choice-status').textContent()).toContain('\u2713 Your choice');
      await toPhase(host, { type: 'reveal' }, 'reveal');
      await toPhase(host, { type: 'closeRound' }, 'between');
      // Round 2: "announce a launch date" needs 2 Courage.
      await toPhase(host, { type: 'startRound' }, 'card');
      const courage = await page.evaluate(() => (window as any).__controller.state.view.teams.buyer.inventory.courage as number);
      expect(courage).toBeLessThan(2);
      const bypass = page.locator('.option[data-option="launch-date"]');
      // Marked while the team reads the card, before the vote opens.
      await expect.poll(() => page.locator('#afford-launch-date').textContent()).toBe(`Can't afford: needs 2 Courage, the team has ${courage}.`);
      await openVote(host);
      await page.locator('.option[data-option="competitor-study"]:not([disabled])').waitFor();
      expect(await bypass.isDisabled()).toBe(true);
      expect(await page.locator('#afford-launch-date').isVisible()).toBe(true);
      // The options an inventory can pay carry no mark; the team's power-ups are in the options' panel.
      expect(await page.locator('#afford-competitor-study').isHidden()).toBe(true);
      expect(await page.locator('.options-panel .inventory').isVisible()).toBe(true);
      expect(await page.locator('.options-panel .inv-courage strong').textContent()).toBe(String(courage));
      await bypass.tap({ force: true });
      await page.waitForTimeout(400);
      expect(await page.evaluate(() => (window as any).__controller.state.me.myChoice)).toBeNull();
      expect(await axeViolations(page)).toEqual([]);
      expect(await noSideScroll(page)).toBe(true);
      await page.screenshot({ path: screenshotPath(`issue15-item14-unaffordable-${vp.width}`), fullPage: true });

      // Round 3: the Buyers' joint part needs 1 Courage they do not have, but the pool of both teams pays it
      // (the Providers' Courage less their own part): marked, and still votable.
      await toPhase(host, { type: 'reveal' }, 'reveal');
      await toPhase(host, { type: 'closeRound' }, 'between');
      await toPhase(host, { type: 'startRound' }, 'card');
      const teams = await page.evaluate(() => (window as any).__controller.state.view.teams as Record<string, { inventory: Record<string, number> }>);
      expect(teams.buyer.inventory.courage).toBe(0);
      expect(teams.provider.inventory.courage).toBeGreaterThanOrEqual(2);
      await openVote(host);
      const gain = page.locator('.option[data-option="gain-share"]');
      await expect.poll(() => gain.isDisabled()).toBe(false);
      expect(await page.locator('#afford-gain-share').textContent()).toMatch(/^Can't afford alone: needs 1 Courage, the team has 0\. The joint move pools both teams' power-ups/);
      await gain.tap();
      await expect.poll(() => page.evaluate(() => (window as any).__controller.state.me.myChoice)).toBe('gain-share');
      await page.screenshot({ path: screenshotPath(`issue15-item14-pooled-${vp.width}`), fullPage: true });
      await page.context().close();
    });

    it(`item 16 at ${at}: a tap shows pressed at once, the check mark comes with the ack, a refusal reverts with a message`, { timeout: 120_000 }, async () => {
      const { host, page } = await setUp(vp, { cardIds: ['claims-archive'], rounds: 1 });
      await toPhase(host, { type: 'startRound' }, 'card');
      await openVote(host);
      const first = page.locator('.option[data-option="share-files"]');
      const second = page.locator('.option[data-option="masked-sandbox"]');
      await first.waitFor();
      await expect.poll(() => first.isDisabled()).toBe(false);
      // A slow server: every choice is answered 1.5 s late.
      await page.evaluate(() => {
        const s = (window as any).__controller.socket;
        const timeout = s.timeout.bind(s);
        (window as any).__mode = 'slow';
        s.timeout = (ms: number) => {
          const t = timeout(ms);
          const emit = t.emit.bind(t);
          t.emit = (ev: string, payload: unknown, cb: (e: Error | null, r: unknown) => void) => {
            if (ev !== 'participant:choose') return emit(ev, payload, cb);
            if ((window as any).__mode === 'refuse') return setTimeout(() => cb(null, { ok: false, code: 'PHASE', message: 'Voting has closed.' }), 800);
            setTimeout(() => emit(ev, payload, cb), 1500);
          };
          return t;
        };
      });
      const t0 = Date.now();
      await first.tap();
      // Shown pressed at once, as pending (no check mark yet).
      await expect.poll(() => first.getAttribute('aria-pressed'), { timeout: 300, interval: 20 }).toBe('true');
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(await first.getAttribute('class')).toContain('pending');
      const label = (await first.locator('.option-label').textContent())!;
      expect(await page.locator('#choice-status').textContent()).toBe(`Sending your choice: ${label}\u2026`);
      await page.screenshot({ path: screenshotPath(`issue15-item16-pending-${vp.width}`) });
      // The ack: confirmed with the check mark.
      await expect.poll(() => first.getAttribute('class'), { timeout: 5000 }).not.toContain('pending');
      expect(await first.getAttribute('class')).toContain('chosen');
      expect(await page.locator('#choice-status').textContent()).toMatch(/^\u2713 Your choice: /);
      const adaId = Object.values(hostView(host).state.participants).find((p) => p.name === 'Ada')!.participantId;
      await host.client.until(() => hostView(host).state.round?.choices[adaId] === 'share-files');

      // A refusal: the press shows, then reverts to the choice the server holds, with the reason.
      await page.evaluate(() => { (window as any).__mode = 'refuse'; });
      await second.tap();
      await expect.poll(() => second.getAttribute('aria-pressed'), { timeout: 300, interval: 20 }).toBe('true');
      expect(await first.getAttribute('aria-pressed')).toBe('false');
      await expect.poll(() => page.locator('.round .error').textContent(), { timeout: 5000 }).toContain('Voting has closed.');
      expect(await page.locator('.round .error').textContent()).toMatch(/^Not counted: /);
      expect(await second.getAttribute('aria-pressed')).toBe('false');
      expect(await first.getAttribute('aria-pressed')).toBe('true');
      expect(await page.locator('#choice-status').textContent()).toMatch(/^\u2713 Your choice: /);
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    });

    it(`item 15 at ${at}: no sideways scroll; when the timer starts the options come first, the card folds below`, { timeout: 120_000 }, async () => {
      const { host, page } = await setUp(vp, { cardIds: ['first-weeks'], rounds: 1 });
      expect(await noSideScroll(page)).toBe(true);
      await toPhase(host, { type: 'startRound' }, 'card');
      await page.locator('#round-title').waitFor();
      await page.waitForTimeout(200);
      expect(await noSideScroll(page)).toBe(true);
      // Reading the card: its details are open.
      expect(await page.locator('.card-details').getAttribute('open')).not.toBeNull();
      await openVote(host);
      const option = page.locator('.option[data-option]').first();
      await expect.poll(() => option.isDisabled()).toBe(false);
      await page.evaluate(() => window.scrollTo(0, 0));
      expect(await noSideScroll(page)).toBe(true);
      // The first option is on the first screen, without scrolling.
      const box = (await option.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + 40).toBeLessThan(vp.height);
      // The card's details are folded below the options, one tap away.
      expect(await page.locator('.card-details').getAttribute('open')).toBeNull();
      const panelY = (await page.locator('.card-panel').boundingBox())!.y;
      expect(panelY).toBeGreaterThan(box.y);
      await page.locator('.card-details > summary').tap();
      expect(await page.locator('.card-details').getAttribute('open')).not.toBeNull();
      expect(await page.locator('#hazard-condition').isVisible()).toBe(true);
      expect(await noSideScroll(page)).toBe(true);
      // Every element stays within the viewport's width.
      const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && (r.right > window.innerWidth + 0.5 || r.left < -0.5);
      }).map((e) => `${e.tagName}.${e.className}`).slice(0, 5));
      expect(wide).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath(`issue15-item15-deciding-${vp.width}`), fullPage: true });
      await page.context().close();
    });
  }
});
