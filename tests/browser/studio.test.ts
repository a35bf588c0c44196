import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { phoneContext, desktopContext, skipBrowser, screenshotPath, axeViolations } from '../support/browser';
import type { TestServer } from '../support/testServer';
import { browserSuite } from '../support/browserSuite';
import { joinAs, teamView } from '../support/flows';
import defaultDeckV2 from '../../shared/deck/default-deck-v2.json';

type Who = { page: Page; phone: boolean; name: string };

async function press(w: Who, selector: string): Promise<void> {
  const target = w.page.locator(selector).first();
  if (w.phone) await target.tap();
  else await target.click();
}

const firstCard = defaultDeckV2.cards[0];

/**
 * The studio's main flow at one size: start from the default deck, break a field and see the error next to
 * it, fix it, save, reload and find the deck again, and host a session with it.
 */
async function authorFlow(w: Who, server: TestServer, newTitle: string): Promise<{ code: string }> {
  const { page, name } = w;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.url}/studio`);
  const title = page.locator('#f-cards-0-title');
  await title.waitFor();
  expect(await title.inputValue()).toBe(firstCard.title);
  await expect.poll(() => page.locator('#studio-summary').textContent()).toContain('No errors');
  expect(await axeViolations(page), `axe on the studio (${name})`).toEqual([]);

  // Break the title: the error appears next to it, tied to the input.
  await title.fill('');
  const titleError = page.locator('#f-cards-0-title-error');
  await expect.poll(() => titleError.textContent()).toContain('Required');
  expect(await title.getAttribute('aria-invalid')).toBe('true');
  expect((await title.getAttribute('aria-describedby'))!.split(' ')).toContain('f-cards-0-title-error');
  // Break a number too: effects take whole numbers from -3 to 3.
  const courage = page.locator('#f-cards-0-options-0-effects-courage');
  const before = await courage.inputValue();
  await courage.fill('9');
  await expect.poll(() => page.locator('#f-cards-0-options-0-effects-courage-error').textContent()).toMatch(/3/);
  await expect.poll(() => page.locator('#card-item-0 .badge').textContent()).toContain('2 problems');
  await expect.poll(() => page.locator('#studio-summary').textContent()).toMatch(/2 problems/);
  // Saving is refused while there are errors.
  await press(w, '#studio-save');
  await expect.poll(() => page.locator('#studio-status').textContent()).toContain('fix the 2 problems');
  await title.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath(`studio-${name}-error`) });

  // Fix both.
  await courage.fill(before);
  await title.fill(newTitle);
  await expect.poll(() => titleError.textContent()).toBe('');
  expect(await title.getAttribute('aria-invalid')).toBeNull();
  await expect.poll(() => page.locator('#studio-summary').textContent()).toContain('No errors');
  await expect.poll(() => page.locator('#card-item-0').textContent()).toContain(newTitle);

  // The preview is the phone's real round screen, with the new title.
  const phone = page.frameLocator('#preview-phone');
  await expect.poll(() => phone.locator('#round-title').textContent(), { timeout: 10_000 }).toBe(newTitle);
  await expect.poll(() => page.frameLocator('#preview-console').locator('#card-title').textContent()).toBe(newTitle);

  // Save under a new deck title.
  await page.locator('#f-title').fill(`${newTitle} deck`);
  await press(w, '#studio-save');
  await expect.poll(() => page.locator('#studio-status').textContent()).toContain('Saved');
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('powerup:decks') ?? '[]'));
  expect(saved).toHaveLength(1);
  expect(saved[0].title).toBe(`${newTitle} deck`);
  // The edit key is in this browser only, never in the address bar.
  expect(page.url()).not.toContain(saved[0].editKey);

  // Reload: start again from the default deck, then open the saved one.
  await page.reload();
  await page.locator('#f-cards-0-title').waitFor();
  page.once('dialog', (d) => void d.accept());
  await press(w, '#studio-new');
  await expect.poll(() => page.locator('#f-cards-0-title').inputValue()).toBe(firstCard.title);
  expect(await page.locator('#studio-saved option').allTextContents()).toEqual([expect.stringContaining(`${newTitle} deck`)]);
  await press(w, '#studio-open');
  await expect.poll(() => page.locator('#f-cards-0-title').inputValue()).toBe(newTitle);
  await expect.poll(() => page.locator('#studio-status').textContent()).toContain('Opened');

  // Host a session with it: the host form has it picked.
  await press(w, '#studio-host');
  await page.locator('#host-form').waitFor();
  expect(await page.locator('#host-saved-deck').inputValue()).toBe(saved[0].id);
  await page.locator('#host-stories').uncheck();
  await page.locator('#host-rounds').fill('2');
  await press(w, '#host-button');
  await page.waitForURL(/\/host#code=/);
  const code = (await page.locator('#room-code').textContent())!.trim();
  expect(errors).toEqual([]);
  return { code };
}

describe.skipIf(skipBrowser)('deck studio', () => {
  const t = browserSuite();
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    ({ server, browser } = t);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
  });

  it('on a laptop: edit, validate, reorder by keyboard, preview, check, save, reload, host and play a round', { timeout: 180_000 }, async () => {
    // The console this hosts keeps its stage preview off (remembered): the studio's own preview is what is tested.
    const ctx = await desktopContext(browser, { previewOffAt: server.url });
    contexts.push(ctx);
    const page = await ctx.newPage();
    const w: Who = { page, phone: false, name: 'laptop' };

    // Reordering by keyboard, on the card list (before the main flow, on the default deck).
    await page.goto(`${server.url}/studio`);
    await page.locator('#card-item-1').waitFor();
    const second = defaultDeckV2.cards[1].title;
    await page.locator('#card-item-1').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => page.locator('#card-item-0').textContent()).toContain(second);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('card-item-0');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => page.locator('#card-item-1').textContent()).toContain(second);
    // Enter on a list item opens that card in the form.
    await page.locator('#card-item-1').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#f-cards-1-title').inputValue()).toBe(second);
    await page.locator('#card-item-0').click();

    // Nothing typed becomes markup, in the form or the preview.
    const situation = page.locator('#f-cards-0-situation');
    const original = await situation.inputValue();
    await situation.fill('<img src=x onerror="window.__pwned=1"> Our <b>bank</b>');
    await expect.poll(() => page.frameLocator('#preview-phone').locator('.situation').textContent(), { timeout: 10_000 }).toContain('<img src=x');
    expect(await page.frameLocator('#preview-phone').locator('.situation img, .situation b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await situation.fill(original);

    // The fairness check runs in a worker, with progress per phase; Cancel stops it (the whole run is its own test).
    await page.locator('#fairness-run').click();
    await expect.poll(() => page.locator('#fairness-phase').textContent(), { timeout: 20_000 }).toMatch(/^(Adversarial search|Fixed strategies)/);
    expect(await page.locator('#fairness-progress').evaluate((p: HTMLProgressElement) => p.value >= 2 && p.value < p.max)).toBe(true);
    await page.locator('#fairness-cancel').click();
    expect(await page.locator('#fairness-status').textContent()).toBe('Cancelled.');
    expect(await page.locator('#fairness-run').isDisabled()).toBe(false);
    // The worker is gone: no more progress, no result.
    await page.waitForTimeout(1500);
    expect(await page.locator('#fairness-progress').evaluate((p: HTMLProgressElement) => p.value)).toBe(0);
    expect(await page.locator('#fairness-result').textContent()).toBe('');

    // The stage preview (Phaser) draws the card.
    await page.locator('#preview-stage-button').click();
    await page.locator('#preview-stage canvas').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500);
    await page.locator('#studio-preview').screenshot({ path: screenshotPath('studio-laptop-preview') });

    const { code } = await authorFlow(w, server, 'Week one at the bank');

    // Play a round with it: a participant joins, the console deals the studio's card.
    const ana = await joinAs(server.url, code, 'Ana');
    await page.locator('#ctl-start-round:not([disabled])').click();
    await expect.poll(() => page.locator('#card-title').textContent()).toBe('Week one at the bank');
    await ana.client.until((c) => teamView(c)?.card?.title === 'Week one at the bank');
    await page.locator('#ctl-start-timer:not([disabled])').click();
    await ana.client.until((c) => teamView(c)?.phase === 'deciding');
    const mine = teamView(ana.client).card!.options.find((o) => o.team === ana.team && !o.wait)!;
    expect((await ana.client.request('participant:choose', { optionId: mine.id })).ok).toBe(true);
    await page.locator('#ctl-reveal:not([disabled])').click();
    await ana.client.until((c) => teamView(c)?.phase === 'reveal');
    await page.screenshot({ path: screenshotPath('studio-laptop-hosted') });
    ana.client.close();
    await ctx.close(); // its pages would go on drawing through the next tests
  });

  it('fairness check: a card whose option spends a lot for nothing is named in a warning, beside the default deck\u2019s figures', { timeout: 240_000 }, async () => {
    const ctx = await desktopContext(browser);
    contexts.push(ctx);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/studio`);
    // "Whose idea was it?": the Buyer's "mixed team" becomes a consultants' report that costs 3 Budget and
    // 3 Stories for one step.
    const index = defaultDeckV2.cards.findIndex((c) => c.id === 'whose-idea');
    const card = defaultDeckV2.cards[index];
    const opt = card.options.findIndex((o) => o.id === 'mixed-team');
    await page.locator(`#card-item-${index}`).click();
    const f = (k: string) => page.locator(`#f-cards-${index}-options-${opt}-${k}`);
    await f('label').fill('Hire consultants to write a report');
    await f('effects-courage').fill('0');
    await f('effects-budget').fill('-3');
    await f('effects-stories').fill('-3');
    await f('progress').fill('1');
    await expect.poll(() => page.locator('#studio-summary').textContent()).toContain('No errors');

    await page.locator('#fairness-run').click();
    await expect.poll(() => page.locator('#fairness-status').textContent(), { timeout: 180_000, interval: 500 }).toBe('Done.');
    const seconds = Number(await page.locator('#fairness-result').getAttribute('data-seconds'));
    console.log(`fairness check in the browser: ${seconds} s`);
    expect(seconds).toBeLessThan(60);
    const warning = page.locator('#fairness-warnings li[data-card="whose-idea"][data-option="mixed-team"]');
    await expect.poll(() => warning.textContent()).toContain(`On '${card.title}' the Buyer's option 'Hire consultants to write a report' is never worth choosing`);
    // It is this deck's own (the default deck's warnings come after, marked as such).
    expect(await warning.getAttribute('class')).toBeNull();
    expect(await page.locator('#fairness-warnings-default li[data-option="mixed-team"]').count()).toBe(0);
    expect(await page.locator('#fairness-warnings-default li').count()).toBeGreaterThan(0);
    // The deck's figures beside the default deck's, every strategy of the harness, the economy.
    expect(await page.locator('#fairness-figures tbody tr').count()).toBeGreaterThan(10);
    expect(await page.locator('#fairness-figures tbody tr').first().locator('td').count()).toBe(2);
    expect(await page.locator('#fairness-strategies tbody tr').count()).toBeGreaterThan(20);
    expect(await page.locator('#fairness-economy tbody tr').count()).toBe(2);
    expect(await axeViolations(page), 'axe on the fairness results').toEqual([]);
    await page.locator('#studio-fairness').screenshot({ path: screenshotPath('studio-fairness') });
    // "Show the card" opens the card the warning is about.
    await page.locator(`#card-item-0`).click();
    await warning.locator('.show-card').click();
    await expect.poll(() => page.locator(`#card-item-${index}`).getAttribute('aria-current')).toBe('true');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('on a phone (touch): create from the default deck, break and fix a field, save, reload, host', { timeout: 180_000 }, async () => {
    const ctx = await phoneContext(browser);
    contexts.push(ctx);
    const page = await ctx.newPage();
    const w: Who = { page, phone: true, name: 'phone' };
    await page.goto(`${server.url}/studio`);
    await page.locator('#f-cards-0-title').waitFor();
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshotPath('studio-phone') });
    await authorFlow(w, server, 'Month one at the hospital');
    await expect.poll(() => page.locator('#console-phase').textContent()).toBeTruthy();
  });
});
