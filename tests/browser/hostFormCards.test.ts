import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { desktopContext, skipBrowser, screenshotPath, axeViolations } from '../support/browser';
import type { TestServer } from '../support/testServer';
import { browserSuite } from '../support/browserSuite';
import { defaultDeckV2 } from '../../shared/deck/loadDeck';
import { estimateSession, estimateSentence } from '../../shared/deck/sessionEstimate';

// Issue 15 item 8: before starting, the host form shows the cards in play and their order, lets the
// facilitator pick, reorder and untick them, and estimates the session's length; the session plays
// exactly those cards in that order, and the console's lobby shows the same estimate.

const title = (id: string) => defaultDeckV2.cards.find((c) => c.id === id)!.title;
/** The form's defaults: 180 s vote, 90 s pitches, 60 s backing, huddles in rounds 3 and 5 (60 s), 30 s predictions. */
const FORM = { decideSeconds: 180, storySeconds: 90, storyVoteSeconds: 60, storyRounds: true, huddleRounds: [3, 5], huddleSeconds: 60, predictSeconds: 30 };
const sentence = (ids: string[], config: object = FORM) => estimateSentence(estimateSession({ ...FORM, ...config }, ids.map((id) => defaultDeckV2.cards.find((c) => c.id === id)!)));

describe.skipIf(skipBrowser)('the host form plans the session', () => {
  const t = browserSuite();
  let server: TestServer;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ server, browser } = t);
  });
  afterAll(async () => {
    await ctx?.close().catch(() => {});
  });

  const rows = () => page.locator('#host-card-list li').evaluateAll((lis) => lis.map((li) => `${(li as HTMLElement).dataset.card}:${li.querySelector('.card-pick-round')!.textContent}`));
  const estimate = () => page.locator('#host-estimate').textContent();

  it('shows the curated order and the estimate, picks and reorders by keyboard, and the session deals those cards', { timeout: 120_000 }, async () => {
    // The console the form opens keeps its stage preview off (remembered): the plan is what is tested.
    ctx = await desktopContext(browser, { viewport: { width: 1280, height: 800 }, previewOffAt: server.url });
    page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url + '/');
    await page.locator('#host-card-list li').nth(defaultDeckV2.cards.length - 1).waitFor();

    // Defaults: the deck's curated arc, the first 6 ticked; the same estimate every time.
    const curated = defaultDeckV2.cards.map((c) => c.id);
    expect(await rows()).toEqual(curated.map((id, i) => `${id}:${i < 6 ? `Round ${i + 1}` : 'Not played'}`));
    expect(await estimate()).toBe('About 1 h 4 min: 6 rounds, 3 with pitches and backing, 2 with a huddle.');
    expect(await estimate()).toBe(sentence(curated.slice(0, 6)));
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('#host-cards').screenshot({ path: screenshotPath('host-form-cards') });

    // Shuffle draws a new order in the form (still 6 ticked, all 14 listed); Deck order puts the arc back.
    await page.locator('#host-shuffle').click();
    const shuffled = await rows();
    expect(shuffled.map((r) => r.split(':')[0]).sort()).toEqual([...curated].sort());
    expect(shuffled.filter((r) => !r.endsWith('Not played'))).toHaveLength(6);
    expect(shuffled.map((r) => r.split(':')[0])).not.toEqual(curated);
    await page.locator('#host-curated').click();
    expect((await rows()).map((r) => r.split(':')[0])).toEqual(curated);

    // Three rounds: the first three cards. Untick one (the rounds follow), tick another, move it up twice by keyboard.
    await page.locator('#host-rounds').fill('3');
    expect((await rows()).slice(0, 4)).toEqual(['first-weeks:Round 1', 'claims-archive:Round 2', 'claim-tracker:Round 3', 'wrong-message:Not played']);
    await page.locator('#pick-claims-archive').uncheck();
    expect(await page.locator('#host-rounds').inputValue()).toBe('2');
    await page.locator('#pick-renewal').check();
    const up = page.getByRole('button', { name: `Move ${title('renewal')} earlier` });
    await up.focus();
    for (let i = 0; i < curated.length - 2; i++) await page.keyboard.press('Enter');
    // Focus stays on the moved card's button, so a keyboard user can go on moving it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Move ${title('renewal')} earlier`);
    const picked = ['first-weeks', 'renewal', 'claim-tracker'];
    expect((await rows()).slice(0, 4)).toEqual(['first-weeks:Round 1', 'renewal:Round 2', 'claims-archive:Not played', 'claim-tracker:Round 3']);
    expect(await page.locator('#host-rounds').inputValue()).toBe('3');
    expect(await estimate()).toBe(sentence(picked));
    // The timers move the estimate: a 60 s longer vote adds 3 minutes to 3 rounds.
    await page.locator('#host-decide').fill('240');
    expect(await estimate()).toBe(sentence(picked, { decideSeconds: 240 }));
    expect(await estimate()).not.toBe(sentence(picked));
    const planned = (await estimate())!;
    expect(await axeViolations(page)).toEqual([]);

    // Create: the session deals exactly those cards in that order; the console's lobby says the same.
    await page.locator('#host-button').click();
    await page.waitForURL(/\/host#code=/);
    await page.locator('#console-estimate').waitFor();
    expect(await page.locator('#console-estimate').textContent()).toBe(planned);
    expect(await page.locator('#console-plan-cards li .plan-card-title').allTextContents()).toEqual(picked.map(title));
    const view = () => page.evaluate(() => (window as any).__console.state.view);
    expect((await view()).state.config.cardIds).toEqual(picked);
    expect((await view()).state.cardOrder).toEqual(picked);
    const code = (await page.locator('#room-code').textContent())!.trim();
    await page.locator('#ctl-start-round').click();
    await expect.poll(() => page.locator('#card-title').textContent()).toBe(title('first-weeks'));
    expect(code).toMatch(/^[A-Z0-9]+$/);
    expect(errors).toEqual([]);
  });

  it('fits a 320 px phone without sideways scrolling', { timeout: 60_000 }, async () => {
    const phone = await browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
    const p = await phone.newPage();
    await p.goto(server.url + '/');
    await p.locator('#host-card-list li').first().waitFor();
    expect(await p.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(320);
    await p.locator('#host-cards').screenshot({ path: screenshotPath('host-form-cards-320') });
    await phone.close();
  });
});
