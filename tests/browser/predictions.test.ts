import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { devices, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { skipBrowser, screenshotPath, desktopContext } from '../support/browser';
import type { TestServer } from '../support/testServer';
import { browserSuite } from '../support/browserSuite';
import { createHostedSession, joinAs, command, hostView, type Host } from '../support/flows';

// Issue 12 item 1 in real Chromium: touch phones at 390×844 and 320×640 tap their predictions once the vote
// is closed, the console (which closes the vote) and the stage show each team's split before the reveal,
// and the reveal (console, phone) and the replay (debrief panel, round card, print summary) compare.
describe.skipIf(skipBrowser)('predictions before the reveal (browser)', () => {
  const t = browserSuite({ narrationPace: 0.1 });
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const sockets: { client: { close(): void } }[] = [];

  beforeAll(async () => {
    ({ server, browser } = t);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    for (const s of sockets) s.client.close();
  });

  async function phone(host: Host, name: string, viewport: { width: number; height: number }): Promise<Page> {
    const ctx = await browser.newContext({ viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true, userAgent: devices['Pixel 7']?.userAgent });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/j/${host.code}`);
    await page.locator('#join-name').fill(name);
    await page.locator('#join-submit').tap();
    await page.locator('#lobby-title').waitFor();
    return page;
  }
  const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  const pressed = (page: Page, id: string) => page.locator(id).getAttribute('aria-pressed');

  it('phones tap, the console and stage show the split, the reveal and the replay compare', { timeout: 300_000 }, async () => {
    const host = await createHostedSession(server.url, { cardIds: ['claims-archive', 'claim-tracker'], rounds: 2, decideSeconds: 600, storyRounds: false, predictSeconds: 300, title: 'Predictions day' });
    sockets.push(host);
    // Ada (390 px) and Ben (320 px) join first: Ada on the Buyers, Ben on the Providers; Cy and Di are protocol clients.
    const ada = await phone(host, 'Ada', { width: 390, height: 844 });
    const ben = await phone(host, 'Ben', { width: 320, height: 640 });
    const cy = await joinAs(server.url, host.code, 'Cy');
    const di = await joinAs(server.url, host.code, 'Di');
    sockets.push(cy, di);
    expect(await ada.evaluate(() => (window as any).__controller.state.me.team)).toBe('buyer');
    expect(await ben.evaluate(() => (window as any).__controller.state.me.team)).toBe('provider');
    expect([cy.team, di.team]).toEqual(['buyer', 'provider']);

    // The console's stage preview off (remembered): the stage has its own page below.
    const consoleCtx = await desktopContext(browser, { previewOffAt: server.url });
    contexts.push(consoleCtx);
    const con = await consoleCtx.newPage();
    const errors: string[] = [];
    con.on('pageerror', (e) => errors.push(String(e)));
    await con.goto(`${server.url}/host#code=${host.code}&key=${encodeURIComponent(host.hostKey)}`);
    const stageCtx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    contexts.push(stageCtx);
    const stage = await stageCtx.newPage();
    await stage.goto(`${server.url}/stage?code=${host.code}&pace=0.25`);

    await command(host, { type: 'startRound' });
    await command(host, { type: 'startTimer' });
    await host.client.until(() => hostView(host).phase === 'deciding');
    // Everyone votes their team's part of the joint move.
    await ada.locator('.option[data-option="masked-sandbox"]:not([disabled])').tap();
    await ben.locator('.option[data-option="pay-enclave"]:not([disabled])').tap();
    expect((await cy.client.request('participant:choose', { optionId: 'masked-sandbox' })).ok).toBe(true);
    expect((await di.client.request('participant:choose', { optionId: 'pay-enclave' })).ok).toBe(true);
    await host.client.until(() => hostView(host).voted.buyer === 2 && hostView(host).voted.provider === 2);

    // The console closes the vote with its highlighted next step; Reveal stays available beside it.
    const close = con.locator('#ctl-skip');
    await expect.poll(() => close.textContent()).toBe('Close the vote: predictions');
    expect(await close.getAttribute('class')).toContain('primary');
    expect(await con.locator('#ctl-reveal').textContent()).toBe('Reveal now (no predictions)');
    await close.click();
    await host.client.until(() => hostView(host).phase === 'predicting');

    // Phones: two questions, one tap each, pressed state from the server's `me`.
    for (const p of [ada, ben]) await p.locator('#predict-title').waitFor();
    await ada.locator('#predict-through-yes').tap();
    await ada.locator('#predict-step-no').tap();
    await ben.locator('#predict-through-no').tap();
    await ben.locator('#predict-step-yes').tap();
    await expect.poll(() => pressed(ada, '#predict-through-yes')).toBe('true');
    await expect.poll(() => pressed(ada, '#predict-step-no')).toBe('true');
    // A change of mind: Ada now expects a step change.
    await ada.locator('#predict-step-yes').tap();
    await expect.poll(() => pressed(ada, '#predict-step-yes')).toBe('true');
    expect(await pressed(ada, '#predict-step-no')).toBe('false');
    await expect.poll(() => pressed(ben, '#predict-step-yes')).toBe('true');
    expect(await pressed(ben, '#predict-through-no')).toBe('true');
    expect(await ada.locator('#predict-through-status').textContent()).toContain('You said yes');
    // Only their own taps: nothing of the team's split on a phone.
    expect(await ada.locator('body').textContent()).not.toMatch(/of 2 expect/);
    expect((await cy.client.request('participant:predict', { team: 'buyer', question: 'through', expect: true })).ok).toBe(true);
    expect((await di.client.request('participant:predict', { team: 'provider', question: 'step', expect: false })).ok).toBe(true);
    for (const p of [ada, ben]) expect(await noSideScroll(p)).toBe(true);
    await ada.screenshot({ path: screenshotPath('predictions-phone-390'), fullPage: true });
    await ben.screenshot({ path: screenshotPath('predictions-phone-320'), fullPage: true });

    // The console's split, before the reveal.
    const split = con.locator('#console-prediction-split');
    await expect.poll(() => split.textContent(), { timeout: 10_000 }).toContain('Buyer: 2 of 2 expect to get through, 1 a step change (2 and 1 tapped).');
    expect(await split.textContent()).toContain('Provider: 0 of 2 expect to get through, 1 a step change (1 and 2 tapped).');
    await con.screenshot({ path: screenshotPath('predictions-console-split') });
    // The stage says it too (its text summary; the canvas caption carries the same lines).
    await expect.poll(() => stage.locator('#stage-summary').textContent(), { timeout: 10_000 }).toContain('Buyer: 2 of 2 expect to get through');
    await stage.screenshot({ path: screenshotPath('predictions-stage-split') });

    // The reveal: the console compares at once, the phones once the stage has told the round.
    await con.locator('#ctl-reveal').click();
    await host.client.until(() => hostView(host).phase === 'reveal');
    const compare = con.locator('#console-prediction-compare');
    await expect.poll(() => compare.textContent(), { timeout: 10_000 }).toContain('Buyer expected to get through (2 yes, 0 no of 2): it did \u2014 right.');
    expect(await compare.textContent()).toContain('Provider expected not to get through (0 yes, 1 no of 2): it did \u2014 wrong.');
    await con.screenshot({ path: screenshotPath('predictions-console-reveal') });
    const adaCompare = ada.locator('#prediction-compare');
    await adaCompare.waitFor({ timeout: 60_000 });
    expect(await adaCompare.locator('p').first().textContent()).toMatch(/^Buyer expected to get through/);
    expect(await ben.locator('#prediction-compare p').first().textContent({ timeout: 60_000 })).toMatch(/^Provider expected not to get through/);
    for (const p of [ada, ben]) expect(await noSideScroll(p)).toBe(true);
    await ada.screenshot({ path: screenshotPath('predictions-phone-reveal-390'), fullPage: true });
    await ben.screenshot({ path: screenshotPath('predictions-phone-reveal-320'), fullPage: true });
    await expect.poll(() => stage.locator('#stage-summary').textContent(), { timeout: 60_000 }).toContain('Buyer expected to get through (2 yes, 0 no of 2): it did');
    // The canvas too: once the round is told, its caption carries each team's prediction against the outcome.
    await stage.waitForFunction(() => { const b = (window as any).__stage.beat(); return b.total > 0 && b.index === b.total; }, undefined, { timeout: 60_000, polling: 100 });
    await stage.screenshot({ path: screenshotPath('predictions-stage-reveal') });

    // Round 2 is revealed straight from the vote (no predictions); then the session ends.
    await command(host, { type: 'closeRound' });
    await command(host, { type: 'startRound' });
    await command(host, { type: 'startTimer' });
    await host.client.until(() => hostView(host).phase === 'deciding');
    await command(host, { type: 'reveal' });
    await command(host, { type: 'end' });
    await host.client.until(() => hostView(host).phase === 'ended');

    // The replay's debrief: session figures, the round card, the print summary.
    const replay = await consoleCtx.newPage();
    await replay.goto(`${server.url}/replay?code=${host.code}#key=${encodeURIComponent(host.hostKey)}`);
    const figures = replay.locator('#replay-predictions');
    await figures.locator('li').first().waitFor();
    const lines = await figures.locator('li').allTextContents();
    expect(lines).toContain('Buyer expected to get through in 1 of 1 round; it did in 1 (right in 1 of 1).');
    expect(lines).toContain('Provider expected to get through in 0 of 1 round; it did in 1 (right in 0 of 1).');
    expect(await replay.locator('#replay-rounds .round-card[data-round="1"] .predicted li').count()).toBe(2);
    expect(await replay.locator('#replay-rounds .round-card[data-round="2"] .predicted').count()).toBe(0);
    expect(await replay.locator('.print-summary #ps-predictions').textContent()).toContain('Buyer expected to get through in 1 of 1 round');
    await figures.scrollIntoViewIfNeeded();
    await replay.screenshot({ path: screenshotPath('predictions-replay') });
    expect(errors).toEqual([]);
  });
});
