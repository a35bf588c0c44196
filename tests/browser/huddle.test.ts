import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { devices, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchBrowser, skipBrowser, screenshotPath, desktopContext } from '../support/browser';
import { startTestServer, type TestServer } from '../support/testServer';

// Issue 12 item 2 through the real UI: the host form sets the huddle rounds, the console starts the huddle
// and switches a later round, both teams' phones (390 and 320 px, touch) see the other team's options and the
// joint move's backing, and the higher stakes are stated on the phones, the console and the stage.

async function phone(browser: Browser, width: number, height: number): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, userAgent: devices['Pixel 7']?.userAgent });
  return { ctx, page: await ctx.newPage() };
}

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe.skipIf(skipBrowser)('cross-team huddles in the browser (issue 12 item 2)', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // A fast reveal narration: the phones get the round's result soon after Reveal.
    server = await startTestServer({ narrationPace: 0.05 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  it('host form → huddle on console, both phones (390, 320 px) and the stage, stakes stated everywhere', { timeout: 300_000 }, async () => {
    const hostCtx = await desktopContext(browser);
    contexts.push(hostCtx);
    const host = await hostCtx.newPage();
    await host.goto(server.url + '/');
    await host.locator('#host-form').waitFor();
    // The form proposes rounds 3 and 5 and 60 s; this workshop huddles in rounds 1 and 3.
    expect(await host.locator('#host-huddle-rounds').inputValue()).toBe('3, 5');
    expect(await host.locator('#host-huddle-seconds').inputValue()).toBe('60');
    await host.locator('#host-huddle-rounds').fill('1, 3');
    await host.locator('#host-huddle-seconds').fill('300');
    await host.locator('#host-stories').uncheck();
    await host.locator('#host-button').click();
    await host.waitForURL(/\/host#code=/);
    const code = (await host.locator('#room-code').textContent())!.trim();
    // No stage preview in the console (2 cores): the stage has its own page below.
    if ((await host.locator('#toggle-preview').textContent()) === 'Hide preview') await host.locator('#toggle-preview').click();

    const stageCtx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    contexts.push(stageCtx);
    const stage = await stageCtx.newPage();
    await stage.goto(`${server.url}/stage?code=${code}&pace=0.25`);

    const ada = await phone(browser, 390, 844);
    const ben = await phone(browser, 320, 640);
    contexts.push(ada.ctx, ben.ctx);
    for (const [p, name] of [[ada.page, 'Ada'], [ben.page, 'Ben']] as const) {
      await p.goto(`${server.url}/j/${code}`);
      await p.locator('#join-name').fill(name);
      await p.locator('#join-submit').tap();
      await p.locator('#lobby-title').waitFor();
    }
    expect(await ada.page.evaluate(() => (window as any).__controller.state.me.team)).toBe('buyer');
    expect(await ben.page.evaluate(() => (window as any).__controller.state.me.team)).toBe('provider');

    // The console lists the huddle rounds from the form, each switchable until it starts.
    const toggle = (n: number) => host.locator(`.huddle-toggle[data-round="${n}"]`);
    await expect.poll(() => toggle(1).getAttribute('aria-pressed')).toBe('true');
    expect(await toggle(3).getAttribute('aria-pressed')).toBe('true');
    expect(await toggle(2).getAttribute('aria-pressed')).toBe('false');
    // The rounds are one line; their switches fold under "Change" (issue 15 item 7).
    expect(await host.locator('#huddle-plan').textContent()).toBe('Huddle rounds: 1, 3.');
    await host.locator('#huddle-change > summary').click();
    await toggle(2).click();
    await expect.poll(() => toggle(2).getAttribute('aria-pressed')).toBe('true');
    await toggle(2).click();
    await expect.poll(() => toggle(2).getAttribute('aria-pressed')).toBe('false');

    await host.locator('#ctl-start-round').click();
    await Promise.all([ada.page, ben.page].map((p) => p.locator('#round-title').waitFor()));
    // Round 1 is a huddle round: it can no longer change, and its stakes are stated from the card on.
    await expect.poll(() => toggle(1).isDisabled()).toBe(true);
    await expect.poll(() => host.locator('#ctl-start-timer').textContent()).toBe('Start the huddle');
    for (const p of [ada.page, ben.page]) await expect.poll(() => p.locator('#phone-stakes').textContent()).toContain('a step change is worth double points (10 instead of 5)');
    await expect.poll(() => host.locator('#console-stakes').textContent()).toContain('double points');

    await host.locator('#ctl-start-timer').click();
    for (const p of [ada.page, ben.page]) await p.locator('#huddle-box').waitFor();
    // Each team sees the other team's options (the Buyer sees the Provider's, and the other way round).
    const card = await host.evaluate(() => (window as any).__console?.state?.view?.fullCard ?? null);
    const optionIds = async (p: Page) => p.locator('#huddle-their-options .huddle-option').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.option));
    const adaSees = await optionIds(ada.page);
    const benSees = await optionIds(ben.page);
    expect(adaSees.length).toBeGreaterThan(1);
    expect(benSees.length).toBeGreaterThan(1);
    expect(card).not.toBeNull();
    const teamOf = (id: string) => card.options.find((o: { id: string }) => o.id === id)?.team;
    expect(adaSees.every((id) => teamOf(id!) === 'provider')).toBe(true);
    expect(benSees.every((id) => teamOf(id!) === 'buyer')).toBe(true);
    expect(await ada.page.locator('#huddle-title').textContent()).toBe('Huddle with the Providers');
    expect(await ben.page.locator('#huddle-title').textContent()).toBe('Huddle with the Buyers');

    // Ada backs the Buyer's part of the joint move during the huddle: Ben's phone shows the count (no name).
    const adaJoint = ada.page.locator('.options .option:has(.joint-note)');
    await adaJoint.first().tap();
    await expect.poll(() => ada.page.locator('#choice-status').textContent()).toContain('\u2713 Your choice');
    await expect.poll(() => ben.page.locator('#huddle-backing').textContent()).toContain('1 of 1 Buyer back their part');
    expect(await ben.page.locator('#huddle-box').textContent()).not.toContain('Ada');
    // The facilitator sees who, by name.
    await expect.poll(() => host.locator('#huddle-backers [data-team="buyer"]').textContent()).toContain('Ada');
    // The stage states the huddle and its stakes (its text summary, the same words as the canvas caption).
    await expect.poll(() => stage.locator('#stage-summary').textContent(), { timeout: 15_000 }).toContain('Cross-team huddle');
    expect(await stage.locator('#stage-summary').textContent()).toContain('a step change is worth double points');
    // The stage's view follows the vote on its own path: wait for the count rather than read it once.
    await expect.poll(() => stage.locator('#stage-summary').textContent(), { timeout: 15_000 }).toContain('1 of 1 Buyer and');
    // A team of one is "1 Buyer", never "1 Buyers" (issue 15 item 12: count labels agree with their number).
    expect(await stage.locator('#stage-summary').textContent()).not.toMatch(/\b1 (Buyers|Providers)\b/);

    for (const p of [ada.page, ben.page]) expect(await noSideScroll(p)).toBe(true);
    await ada.page.screenshot({ path: screenshotPath('huddle-phone-390'), fullPage: true });
    await ben.page.screenshot({ path: screenshotPath('huddle-phone-320'), fullPage: true });
    await host.screenshot({ path: screenshotPath('huddle-console'), fullPage: true });
    await stage.screenshot({ path: screenshotPath('huddle-stage') });

    // Ben backs the Provider's part; skip ends the huddle and the vote keeps both votes and the stakes.
    await ben.page.locator('.options .option:has(.joint-note)').first().tap();
    await expect.poll(() => ada.page.locator('#huddle-backing').textContent()).toContain('1 of 1 Provider back their part');
    await host.locator('#ctl-skip').click();
    for (const p of [ada.page, ben.page]) await expect.poll(() => p.locator('#huddle-box').isHidden()).toBe(true);
    for (const p of [ada.page, ben.page]) expect(await p.locator('#phone-stakes').textContent()).toContain('double points');
    expect(await ada.page.locator('#choice-status').textContent()).toContain('\u2713 Your choice');
    // A team of one: "1 of 1 Buyer player has chosen", never "1 Buyer players have" (issue 15 item 12).
    await expect.poll(() => ada.page.locator('.votes').first().textContent()).toBe('1 of 1 Buyer player has chosen.');
    await expect.poll(() => stage.locator('#stage-summary').textContent()).toContain('Vote now');
    expect(await stage.locator('#stage-summary').textContent()).toContain('double points');
    await stage.screenshot({ path: screenshotPath('huddle-stage-vote') });
    await ben.page.screenshot({ path: screenshotPath('huddle-phone-320-vote'), fullPage: true });

    // The reveal: the joint move's step change counted double, said in the round's explanation.
    await host.locator('#ctl-reveal').click();
    await expect.poll(() => host.locator('body').textContent(), { timeout: 15_000 }).toContain('Huddle round: the step change counted double, +5 extra points.');
    // The phones state the stakes while the stage tells the reveal, then what they earned.
    for (const p of [ada.page, ben.page]) await expect.poll(() => p.locator('#result-stakes').textContent(), { timeout: 60_000 }).toBe('Huddle round: the step change counted double, +5 extra points.');
    await ben.page.screenshot({ path: screenshotPath('huddle-phone-320-reveal'), fullPage: true });
  });
});
