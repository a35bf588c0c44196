import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { devices, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { skipBrowser, screenshotPath } from '../support/browser';
import type { TestServer } from '../support/testServer';
import { browserSuite } from '../support/browserSuite';
import { createHostedSession, joinAs, command, hostView, teamView, type Host } from '../support/flows';

// The phone, screen by screen, through the real UI on touch phones at 390×844 and 320×640: issue 17
// items 1 (a screen-reader user hears the round) and 6 (axe at every impact on the pitch screens), issue
// 15 items 15 (no sideways scroll anywhere, a short result) and 18 (workshop title, the name's limit in
// view, the name uncut in the top bar, something to take away at the end). The facilitator and the
// other player are protocol clients.

const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 320, height: 640 },
];
const TITLE = 'Acme \u00d7 Globex kick-off day';
// 24 characters: the most a name may have (shared/schemas/text.ts NAME_MAX_CHARS).
const LONG_NAME = 'Samantha Okonkwo-Bennett';

/** All axe violations, at every impact level (minor and moderate included). */
async function axeAll(page: Page): Promise<string[]> {
  // Through the DevTools protocol: the app's CSP rightly refuses an injected script tag.
  if (!(await page.evaluate(() => !!(window as any).axe))) await page.evaluate(readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => `${v.impact} ${v.id}: ${v.help} \u2014 ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}

/** The page does not scroll sideways: the document is no wider than the phone. */
const pageWidth = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth);

/** Everything the phone's live region has said since `listen` (each text once it was set). */
async function listen(page: Page): Promise<void> {
  await page.evaluate(() => {
    const region = document.querySelector('#phone-announcer')!;
    const said: string[] = ((window as any).__said = []);
    new MutationObserver(() => {
      const t = region.textContent ?? '';
      if (t) said.push(t);
    }).observe(region, { childList: true, characterData: true, subtree: true });
  });
}
const said = (page: Page) => page.evaluate(() => (window as any).__said as string[]);

/** The live region as the accessibility tree has it (CDP): its role, live and atomic properties, its text. */
async function liveRegionsInTree(page: Page): Promise<{ role: string; live: string; atomic: boolean; text: string }[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: any[] };
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const textOf = (n: any): string => (n.role?.value === 'StaticText' ? n.name?.value ?? '' : (n.childIds ?? []).map((id: string) => (byId.has(id) ? textOf(byId.get(id)) : '')).join(''));
  const prop = (n: any, name: string) => n.properties?.find((p: any) => p.name === name)?.value?.value;
  const out = nodes
    .filter((n) => prop(n, 'live') && prop(n, 'live') !== 'off' && !n.ignored && n.role?.value !== 'StaticText' && n.role?.value !== 'InlineTextBox')
    // Only the roots of live regions (their descendants carry the same properties).
    .filter((n) => !nodes.some((p) => (p.childIds ?? []).includes(n.nodeId) && prop(p, 'live') && prop(p, 'live') !== 'off'))
    .map((n) => ({ role: n.role?.value, live: prop(n, 'live'), atomic: !!prop(n, 'atomic'), text: textOf(n) }));
  await cdp.detach();
  return out;
}

describe.skipIf(skipBrowser)('the phone, screen by screen (issue 17 items 1 and 6, issue 15 items 15 and 18)', () => {
  // The reveal's narration (held by the server, issue 15 item 9) moves on at 0.05x reading pace here.
  const t = browserSuite({ narrationPace: 0.05 });
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

  async function phone(viewport: { width: number; height: number }): Promise<Page> {
    const ctx = await browser.newContext({ viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true, userAgent: devices['Pixel 7']?.userAgent });
    contexts.push(ctx);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    return page;
  }

  async function toPhase(host: Host, cmd: object, want: string): Promise<void> {
    await command(host, cmd);
    await host.client.until(() => hostView(host)?.phase === want);
  }

  /** Reveal, then (when the phones follow the stage's narration) step it to the end so the result arrives. */
  async function revealAll(host: Host): Promise<void> {
    await host.client.until(() => hostView(host)?.phase === 'reveal');
    const narration = (hostView(host) as unknown as { narration?: { step: number; total: number } | null }).narration;
    if (narration && narration.step < narration.total) await command(host, { type: 'narrate', step: narration.total });
  }

  for (const vp of VIEWPORTS) {
    const at = `${vp.width}\u00d7${vp.height}`;

    it(`at ${at}: every screen fits the width and passes axe at every impact; title, name limit, short result, take-away`, { timeout: 180_000 }, async () => {
      const host = await createHostedSession(server.url, { title: TITLE, rounds: 1, cardIds: ['first-weeks'], storySeconds: 600, storyVoteSeconds: 600, decideSeconds: 600 });
      clients.push(host);
      const page = await phone(vp);
      const fits = async (screen: string) => {
        await page.evaluate(() => window.scrollTo(0, 0));
        expect(await pageWidth(page), `sideways scroll on the ${screen} screen at ${at}`).toBeLessThanOrEqual(vp.width);
        expect(await axeAll(page), `axe (every impact) on the ${screen} screen at ${at}`).toEqual([]);
      };

      // Join: the workshop's title from the code in the link; the name's limit counted while typing.
      await page.goto(`${server.url}/j/${host.code}`);
      await expect.poll(() => page.locator('#join-workshop').textContent()).toBe(TITLE);
      expect(await page.locator('#join-workshop').isVisible()).toBe(true);
      const name = page.locator('#join-name');
      expect(await name.getAttribute('maxlength')).toBe('24');
      expect(await page.locator('#join-name-count').textContent()).toBe('0/24');
      await name.pressSequentially('Samantha Okonkwo-Bennett-Smithers'); // 33 characters typed
      expect(await name.inputValue()).toBe(LONG_NAME);
      expect(await page.locator('#join-name-count').textContent()).toBe('24/24: the most a name can have');
      expect(await page.locator('#join-name-count').isVisible()).toBe(true);
      // A pasted name longer than the limit: the browser keeps 24 characters, and the phone says so.
      await name.fill('');
      await name.focus();
      await page.evaluate(() => {
        const input = document.querySelector<HTMLInputElement>('#join-name')!;
        const data = new DataTransfer();
        data.setData('text/plain', 'Samantha Okonkwo-Bennett-Smithers');
        input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        input.value = 'Samantha Okonkwo-Bennett-Smithers'.slice(0, input.maxLength);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      expect(await page.locator('#join-name-count').textContent()).toBe('24/24: a name has at most 24 characters, the rest was not added');
      await fits('join');
      await page.screenshot({ path: screenshotPath(`phone-join-${vp.width}`), fullPage: true });
      await name.fill(LONG_NAME);
      await page.locator('#join-submit').tap();

      // Lobby: the title, and the whole name in the top bar (wrapped, never "Sa…").
      await page.locator('#lobby-title').waitFor();
      expect(await page.locator('#lobby-workshop').textContent()).toBe(TITLE);
      const me = page.locator('.topbar .me-name');
      expect(await me.textContent()).toBe(LONG_NAME);
      expect(await me.evaluate((e) => e.scrollWidth <= e.clientWidth + 1 && getComputedStyle(e).textOverflow !== 'ellipsis')).toBe(true);
      const box = (await me.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(vp.width);
      await listen(page);
      await fits('lobby');
      await page.screenshot({ path: screenshotPath(`phone-lobby-${vp.width}`) });
      const ben = await joinAs(server.url, host.code, 'Ben');
      clients.push(ben);
      await host.client.until(() => hostView(host)?.state.activeCount === 2);

      // The card.
      await toPhase(host, { type: 'startRound' }, 'card');
      await page.locator('#round-title').waitFor();
      await fits('card');

      // Pitches (rules v2's story writing): announced, axe at every impact (issue 17 item 6).
      await toPhase(host, { type: 'startTimer' }, 'stories');
      await page.locator('#story-text').waitFor();
      await expect.poll(() => said(page)).toContain('Pitches are open \u2014 10 minutes. Write one line to the Providers.');
      await fits('pitch');
      await page.locator('#story-text').fill('Show the callers\u2019 letters to Marketing first.');
      await page.locator('#story-submit').tap();
      await page.getByText('\u2713 Sent').waitFor();
      expect((await ben.client.request('participant:story', { text: 'We answer every caller within a day.' })).ok).toBe(true);
      await fits('pitch (sent)');
      await page.screenshot({ path: screenshotPath(`phone-pitch-${vp.width}`), fullPage: true });

      // Backing (rules v2's story vote).
      await toPhase(host, { type: 'skip' }, 'storyVote');
      await page.locator('.story-option').first().waitFor();
      await expect.poll(() => said(page)).toContain('Backing is open \u2014 10 minutes. Back one pitch of the Providers.');
      await page.locator('.story-option').first().tap();
      await expect.poll(() => page.locator('.story-option').first().getAttribute('aria-pressed')).toBe('true');
      await fits('backing');
      await page.screenshot({ path: screenshotPath(`phone-backing-${vp.width}`), fullPage: true });

      // Deciding: "Voting is open — 10 minutes".
      await toPhase(host, { type: 'skip' }, 'deciding');
      const option = page.locator('.option[data-option]:not([disabled])').first();
      await option.waitFor();
      await expect.poll(() => said(page)).toContain('Voting is open \u2014 10 minutes. Choose the Buyer\u2019s move.');
      await option.tap();
      await expect.poll(() => page.locator('#choice-status').textContent()).toMatch(/^\u2713 Your choice/);
      await fits('deciding');
      // With the clock beside it the name still shows whole (it wraps).
      expect(await me.evaluate((e) => e.scrollWidth <= e.clientWidth + 1)).toBe(true);
      const nameBox = (await me.boundingBox())!;
      const clockBox = (await page.locator('#countdown').boundingBox())!;
      expect(nameBox.x + nameBox.width).toBeLessThanOrEqual(clockBox.x + 0.5);
      await page.screenshot({ path: screenshotPath(`phone-deciding-${vp.width}`) });

      // The result: short, the rest behind "More"; its summary said once.
      await command(host, { type: 'reveal' });
      await revealAll(host);
      await expect.poll(() => page.locator('#result-why').textContent(), { timeout: 20_000 }).not.toMatch(/^(|The reveal is told.*)$/);
      const r = teamView(ben.client).lastResult ?? (await page.evaluate(() => (window as any).__controller.state.view.lastResult));
      const headline = (await page.locator('#result-title').textContent())!;
      const played = (await page.locator('#result-played').textContent())!.trim();
      const why = (await page.locator('#result-why').textContent())!;
      expect(played).toMatch(/^Buyer played \u201c/);
      expect(why.length).toBeGreaterThan(10);
      await expect.poll(() => said(page)).toContain(`${headline}. ${played}. ${why}`);
      // Not the whole page: the last sentence of every step (the score line) is not read out.
      expect((await said(page)).join(' ')).not.toContain(r.explanation[r.explanation.length - 1]);
      const lineHeight = await page.locator('#result-why').evaluate((e) => parseFloat(getComputedStyle(e).lineHeight));
      const whyHeight = (await page.locator('#result-why').boundingBox())!.height;
      expect(whyHeight, 'why in at most 3 lines').toBeLessThanOrEqual(3 * lineHeight + 1);
      expect(await page.locator('#result-more').getAttribute('open')).toBeNull();
      await page.evaluate(() => window.scrollTo(0, 0));
      const height = await page.evaluate(() => document.scrollingElement!.scrollHeight);
      console.log(`result page at ${at}: ${height} px = ${(height / vp.height).toFixed(2)} screens (why: ${Math.round(whyHeight / lineHeight)} lines)`);
      if (vp.width === 390) expect(height, 'the result page at 390 px').toBeLessThanOrEqual(1.5 * vp.height);
      await fits('result');
      await page.screenshot({ path: screenshotPath(`phone-result-${vp.width}`), fullPage: true });
      // Every step is one tap away.
      await page.locator('#result-more > summary').tap();
      await expect.poll(() => page.locator('#result-more .explanation li').count()).toBe(r.explanation.length);
      expect(await page.locator('#result-more .explanation').isVisible()).toBe(true);
      await fits('result (More open)');
      await page.screenshot({ path: screenshotPath(`phone-result-more-${vp.width}`), fullPage: true });

      // Discussion, then the end: the team's take-away.
      await toPhase(host, { type: 'closeRound' }, 'between');
      await fits('discussion');
      await toPhase(host, { type: 'end' }, 'ended');
      await page.locator('#takeaway').waitFor();
      expect(await page.locator('#takeaway-steps').textContent()).toMatch(/^The Buyer initiative got \d+ steps? forward; the partnership made \d+ step changes? together\.$/);
      expect(await page.locator('#takeaway-spent').textContent()).toMatch(/^Your team\u2019s moves used /);
      expect(await page.locator('#takeaway-rounds > li').count()).toBe(1);
      expect(await page.locator('#takeaway-rounds > li').first().textContent()).toContain(r.cardTitle);
      expect(await page.locator('#takeaway .takeaway-lesson').count()).toBe(1);
      const outcome = (await page.locator('#end-title').textContent())!;
      await expect.poll(() => said(page)).toContainEqual(expect.stringMatching(new RegExp(`^The workshop is over: ${outcome}\\. .+ Your team\u2019s take-away is below\\.$`)));
      await fits('end');
      await page.screenshot({ path: screenshotPath(`phone-end-${vp.width}`), fullPage: true });
      await page.context().close();
    });
  }

  it('at 390×844: a screen-reader user hears voting open, a warning at 30 s and 10 s (shown in words too), then the result', { timeout: 120_000 }, async () => {
    const host = await createHostedSession(server.url, { rounds: 1, cardIds: ['claims-archive'], storyRounds: false, decideSeconds: 35 });
    clients.push(host);
    const page = await phone({ width: 390, height: 844 });
    await page.goto(`${server.url}/j/${host.code}`);
    await page.locator('#join-name').fill('Ada');
    await page.locator('#join-submit').tap();
    await page.locator('#lobby-title').waitFor();
    const ben = await joinAs(server.url, host.code, 'Ben');
    clients.push(ben);
    await listen(page);

    // One region for announcements, polite and atomic (the screens' own status and error lines speak only of
    // a person's own action); the countdown is a timer, never read out by itself.
    const regions = await liveRegionsInTree(page);
    expect(regions.filter((r) => r.atomic).map((r) => [r.role, r.live])).toEqual([['status', 'polite']]);
    expect(regions.filter((r) => r.role === 'timer')).toEqual([]);
    expect(await page.locator('#countdown').getAttribute('role')).toBe('timer');
    expect(await page.locator('#countdown').getAttribute('aria-live')).toBeNull();

    await toPhase(host, { type: 'startRound' }, 'card');
    await toPhase(host, { type: 'startTimer' }, 'deciding');
    await expect.poll(() => said(page)).toEqual(['Voting is open \u2014 35 seconds. Choose the Buyer\u2019s move.']);
    expect((await liveRegionsInTree(page)).find((r) => r.atomic)?.text).toBe('Voting is open \u2014 35 seconds. Choose the Buyer\u2019s move.');
    expect(await page.locator('#time-warning').isHidden()).toBe(true);
    await page.locator('.option[data-option]:not([disabled])').first().tap();

    // 30 s left: in words under the top bar, and said once.
    await page.locator('#time-warning').waitFor({ state: 'visible', timeout: 20_000 });
    expect(await page.locator('#time-warning').textContent()).toBe('Under 30 seconds left to vote.');
    await expect.poll(() => said(page)).toContain('30 seconds left to vote.');
    await page.screenshot({ path: screenshotPath('phone-warning-30s-390') });
    // 10 s left.
    await expect.poll(() => page.locator('#time-warning').textContent(), { timeout: 30_000 }).toBe('Under 10 seconds left to vote.');
    await expect.poll(() => said(page)).toContain('10 seconds left to vote.');
    expect(await page.locator('#countdown').getAttribute('class')).toContain('urgent');
    await page.screenshot({ path: screenshotPath('phone-warning-10s-390') });

    // Time is up: the server reveals; the result's summary (headline, what we did, why) is said.
    await host.client.until(() => hostView(host)?.phase === 'reveal', 30_000);
    await revealAll(host);
    await expect.poll(() => page.locator('#result-why').textContent(), { timeout: 20_000 }).not.toMatch(/^(|The reveal is told.*)$/);
    const headline = (await page.locator('#result-title').textContent())!;
    const why = (await page.locator('#result-why').textContent())!;
    await expect.poll(() => said(page)).toContain(`${headline}. ${(await page.locator('#result-played').textContent())!.trim()}. ${why}`);
    const all = await said(page);
    // Each warning once, in order, between the opening and the result.
    expect(all.filter((t) => t === '30 seconds left to vote.')).toHaveLength(1);
    expect(all.filter((t) => t === '10 seconds left to vote.')).toHaveLength(1);
    expect(all.indexOf('30 seconds left to vote.')).toBeLessThan(all.indexOf('10 seconds left to vote.'));
    expect(all[all.length - 1].startsWith(headline)).toBe(true);
    expect((await liveRegionsInTree(page)).find((r) => r.atomic)?.text).toBe(all[all.length - 1]);
    await page.context().close();
  });
});
