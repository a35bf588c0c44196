import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { phoneContext, skipBrowser, screenshotPath, axeViolations } from '../support/browser';
import type { TestServer } from '../support/testServer';
import { browserSuite } from '../support/browserSuite';
import { createHostedSession, joinAs, command, hostView, type Host } from '../support/flows';

// Issue 15 ("a first workshop without surprises"): what a new facilitator and a room of phones ran into.
// Phones at 390×844 with touch, through the real UI; the facilitator here is a protocol client (the
// console's own test is tests/browser/consoleFlow.test.ts).

const PHONE = 'a phone at 390×844 with touch';

describe.skipIf(skipBrowser)('a first workshop without surprises: phones', () => {
  // The reveal's narration (held by the server, issue 15 item 9) moves on at 0.05x reading pace here.
  const t = browserSuite({ narrationPace: 0.05 });
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const others: { client: { socket: { close(): void } } }[] = [];
  let host: Host;

  beforeAll(async () => {
    ({ server, browser } = t);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    for (const o of others) o.client.socket.close();
    host?.client.socket.close();
  });

  async function phone(code: string, name: string): Promise<{ page: Page; ctx: BrowserContext }> {
    const ctx = await phoneContext(browser);
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/j/${code}`);
    await page.locator('#join-name').fill(name);
    await page.locator('#join-submit').tap();
    await page.locator('#lobby-title').waitFor();
    return { page, ctx };
  }

  const phase = () => hostView(host)?.phase;
  async function toPhase(cmd: object, want: string): Promise<void> {
    await command(host, cmd);
    await host.client.until(() => phase() === want);
  }

  it(`item 1: from the second pitch round on, ${PHONE} opens with an empty box, not last round's pitch as sent`, { timeout: 120_000 }, async () => {
    // Two story cards of the v2 deck, in this order: both rounds open with pitches.
    host = await createHostedSession(server.url, { cardIds: ['first-weeks', 'whose-idea'], rounds: 3, storySeconds: 600, storyVoteSeconds: 600, decideSeconds: 600 });
    const ada = await phone(host.code, 'Ada');
    others.push(await joinAs(server.url, host.code, 'Ben'));
    await host.client.until(() => hostView(host)?.state.activeCount === 2);

    await toPhase({ type: 'startRound' }, 'card');
    await toPhase({ type: 'startTimer' }, 'stories');
    await ada.page.locator('#story-text').waitFor();
    const pitch = 'Let the callers tell Marketing what the letter did to them.';
    await ada.page.locator('#story-text').fill(pitch);
    await ada.page.locator('#story-submit').tap();
    await ada.page.getByText('\u2713 Sent').waitFor();
    await host.client.until(() => hostView(host).storiesSubmitted === 1);
    await toPhase({ type: 'skip' }, 'storyVote');
    await toPhase({ type: 'skip' }, 'deciding');
    await toPhase({ type: 'reveal' }, 'reveal');
    await ada.page.locator('#result-title').waitFor();

    // Round 2: a new pitch round. The phone stayed connected the whole time (no reload).
    await toPhase({ type: 'closeRound' }, 'between');
    await toPhase({ type: 'startRound' }, 'card');
    await toPhase({ type: 'startTimer' }, 'stories');
    await expect.poll(() => ada.page.locator('#story-prompt').textContent()).toContain('A pitch to the Providers');
    await ada.page.waitForTimeout(300);
    expect(hostView(host).storiesSubmitted).toBe(0);
    expect(await ada.page.locator('#story-text').inputValue()).toBe('');
    expect(await ada.page.locator('#story-submit').textContent()).toBe('Send my pitch');
    expect(await ada.page.locator('.stories .choice-status').textContent()).toBe('');
    expect(await ada.page.content()).not.toContain(pitch);
    await ada.page.screenshot({ path: screenshotPath('issue15-phone-second-pitch-round'), fullPage: true });

    // The round's own pitch does show as sent, and survives a reload.
    const second = 'Show the numbers first, then ask for the budget.';
    await ada.page.locator('#story-text').fill(second);
    await ada.page.locator('#story-submit').tap();
    await ada.page.getByText('\u2713 Sent').waitFor();
    await ada.page.reload();
    await ada.page.locator('#story-text').waitFor();
    await expect.poll(() => ada.page.locator('#story-text').inputValue()).toBe(second);
    expect(await ada.page.locator('#story-submit').textContent()).toBe('Update my pitch');
    await ada.ctx.close();
  });

  it(`item 2: a vote tapped on ${PHONE} while offline is kept and sent on reconnect; never "Join the session first"`, { timeout: 120_000 }, async () => {
    host = await createHostedSession(server.url, { cardIds: ['claims-archive'], rounds: 1, decideSeconds: 600 });
    const ada = await phone(host.code, 'Ada');
    others.push(await joinAs(server.url, host.code, 'Ben'));
    await host.client.until(() => hostView(host)?.state.activeCount === 2);
    await toPhase({ type: 'startRound' }, 'card');
    await toPhase({ type: 'startTimer' }, 'deciding');
    const option = ada.page.locator('.option[data-option]:not([disabled])').first();
    await option.waitFor();
    const optionId = (await option.getAttribute('data-option'))!;
    const adaId = Object.values(hostView(host).state.participants).find((p) => p.name === 'Ada')!.participantId;

    // The network goes; the socket notices (the emulated offline mode keeps an open WebSocket, so drop it).
    await ada.ctx.setOffline(true);
    await ada.page.evaluate(() => (window as any).__controller.socket.io.engine.close());
    await ada.page.locator('.conn-banner:not([hidden])').waitFor();
    expect(await ada.page.locator('.conn-banner').textContent()).toContain('Reconnecting');

    await option.tap();
    // The tap shows at once, as kept on the phone.
    await expect.poll(() => option.getAttribute('aria-pressed')).toBe('true');
    expect(await ada.page.locator('#choice-status').textContent()).toContain('kept on this phone');
    await ada.page.screenshot({ path: screenshotPath('issue15-phone-offline-tap'), fullPage: true });
    await ada.page.waitForTimeout(1500);

    await ada.ctx.setOffline(false);
    await ada.page.locator('.conn-banner[hidden]').waitFor({ state: 'attached', timeout: 20_000 });
    // Sent after the rejoin: the server has it, and the phone says so plainly.
    await host.client.until(() => hostView(host).state.round?.choices[adaId] === optionId, 20_000);
    await expect.poll(() => ada.page.locator('#choice-status').textContent()).toMatch(/^✓ Your choice: [^(]+$/);
    expect(await ada.page.locator('.round .error').textContent()).toBe('');
    expect(await ada.page.content()).not.toContain('Join the session first');
    expect(await ada.page.content()).not.toContain('No choice yet');
    expect(await axeViolations(ada.page)).toEqual([]);
    await ada.ctx.close();
  });

  it(`item 17: ${PHONE} starts muted (the stage has the sound); the person's own choice is kept`, { timeout: 60_000 }, async () => {
    host = await createHostedSession(server.url, { rounds: 1 });
    const dee = await phone(host.code, 'Dee');
    expect(await dee.page.locator('#mute-switch').getAttribute('aria-pressed')).toBe('false');
    await dee.page.locator('#mute-switch').tap();
    expect(await dee.page.locator('#mute-switch').getAttribute('aria-pressed')).toBe('true');
    await dee.page.reload();
    await dee.page.locator('#mute-switch').waitFor();
    expect(await dee.page.locator('#mute-switch').getAttribute('aria-pressed')).toBe('true');
    await dee.ctx.close();
  });

  it(`item 3: a banned ${PHONE} stays out after a reload, and the server refuses its join even without the marker`, { timeout: 120_000 }, async () => {
    host = await createHostedSession(server.url, { rounds: 1 });
    const cy = await phone(host.code, 'Cy');
    await host.client.until(() => hostView(host)?.state.activeCount === 1);
    const cyId = Object.values(hostView(host).state.participants).find((p) => p.name === 'Cy')!.participantId;
    await command(host, { type: 'remove', participantId: cyId, ban: true });
    await cy.page.locator('#kicked').waitFor();
    expect(await cy.page.locator('#kicked').textContent()).toContain('cannot join again');

    await cy.page.reload();
    await cy.page.locator('#kicked').waitFor();
    expect(await cy.page.locator('#join-form').count()).toBe(0);
    await cy.page.screenshot({ path: screenshotPath('issue15-phone-banned-reload'), fullPage: true });

    // Someone clears the marker (but not the device's previous token): the server still says no.
    await cy.page.evaluate((code) => localStorage.removeItem(`powerup:banned:${code}`), host.code);
    await cy.page.reload();
    await cy.page.locator('#join-name').fill('Cy again');
    await cy.page.locator('#join-submit').tap();
    await cy.page.locator('#kicked').waitFor();
    await cy.page.waitForTimeout(300);
    expect(Object.values(hostView(host).state.participants).map((p) => p.name)).toEqual(['Cy']);
    await cy.ctx.close();
  });
});
