import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { skipBrowser, screenshotPath, axeViolations } from '../support/browser';
import { browserSuite } from '../support/browserSuite';
import { hostView, type Host, type Joined } from '../support/flows';

// Issue 15 items 3 (Remove asks first) and 5–6 (the flow misleads the facilitator), on a 1280×800 console:
// the highlighted button is always the next step of the flow, one at a time, taken by N or a clicker.

describe.skipIf(skipBrowser)('the console leads the facilitator through the flow', () => {
  // The reveal's narration moves on only when the console steps it here (each step held 100x its reading time).
  const t = browserSuite({ narrationPace: 100 });
  let page: Page;
  let host: Host;
  let bots: Joined[] = [];

  const shown = () => page.locator('.control-grid button:visible').allTextContents();
  const primary = () => page.locator('.control-grid button.primary:visible').allTextContents();
  const phase = () => hostView(host)?.phase;
  async function expectNext(label: string): Promise<void> {
    await expect.poll(primary).toEqual([label]);
    const b = page.locator('.control-grid button.primary');
    expect(await b.getAttribute('aria-keyshortcuts')).toContain('N');
    expect(await b.evaluate((e) => getComputedStyle(e, '::after').content)).toBe('"N"');
  }
  async function key(k: string, want: string): Promise<void> {
    // A clicker's bounce is ignored for 400 ms: a person takes longer between two steps.
    await page.waitForTimeout(450);
    await page.locator('body').press(k);
    await host.client.until(() => phase() === want, 10_000).catch(() => {
      throw new Error(`${k}: the phase stayed ${phase()}, not ${want}`);
    });
  }

  it('Remove asks inline (Escape goes back, Enter confirms); then N, → and Page Down take one step each, v2 story card to the last reveal', { timeout: 120_000 }, async () => {
    host = await t.host({ cardIds: ['first-weeks', 'claims-archive'], rounds: 2, storySeconds: 600, storyVoteSeconds: 600, decideSeconds: 600 });
    bots = await t.join(host.code, ['Ada', 'Ben', 'Cy']);
    page = await t.console(host, { viewport: { width: 1280, height: 800 } });
    await page.locator('#roster .roster-row').nth(2).waitFor();

    // Remove: one click only asks.
    const cyRow = page.locator('#roster .roster-row', { hasText: 'Cy' });
    await cyRow.locator('[data-action=remove]').click();
    await cyRow.locator('.row-confirm').waitFor();
    expect(await cyRow.locator('.confirm-question').textContent()).toBe('Remove Cy? They can join again.');
    await page.waitForTimeout(300);
    expect(hostView(host).state.participants[bots[2].participantId].removed).toBe(false);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.action)).toBe('confirm');
    await page.keyboard.press('Escape');
    await cyRow.locator('.row-confirm').waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.action)).toBe('remove');
    // Keyboard only: Enter opens the question, Enter again confirms.
    await page.keyboard.press('Enter');
    await cyRow.locator('.row-confirm').waitFor();
    await page.keyboard.press('Enter');
    await host.client.until(() => hostView(host).state.participants[bots[2].participantId].removed).catch(() => {
      throw new Error('Cy was not removed');
    });
    await cyRow.waitFor({ state: 'detached' });
    await page.locator('body').click({ position: { x: 5, y: 5 } });

    // Lobby: the next step is the first round; the shortcuts are listed.
    await expectNext('Start round 1');
    expect(await page.locator('#control-keys').textContent()).toMatch(/N.*→.*Page Down.*next step/);
    await key('n', 'card');
    await expectNext('Start pitches');
    expect(await shown()).not.toContain('Start round 2');
    await key('PageDown', 'stories');
    await expectNext('Skip to backing');
    expect((await shown()).filter((t) => /Reveal/.test(t))).toEqual([]);
    // A double press of the clicker takes one step, not two.
    await page.waitForTimeout(450);
    await page.locator('body').press('ArrowRight');
    await page.locator('body').press('ArrowRight');
    await host.client.until(() => phase() === 'storyVote');
    await page.waitForTimeout(400);
    expect(phase()).toBe('storyVote');
    await expectNext('Skip to the vote');
    await key('n', 'deciding');
    await expectNext('Reveal');
    expect((await shown()).filter((t) => /Skip/.test(t))).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('issue15-console-deciding') });
    await key('n', 'reveal');
    // The reveal is told sentence by sentence (issue 15 item 9): the clicker steps it, Skip ends it.
    const total = () => hostView(host).narration!.total;
    await host.client.until(() => !!hostView(host)?.narration).catch(() => { throw new Error('no narration in the host view'); });
    await expectNext(`Next sentence (2 of ${total()})`);
    expect((await shown()).filter((t) => /Start round/.test(t))).toEqual([]);
    await page.waitForTimeout(450);
    await page.locator('body').press('ArrowRight');
    await host.client.until(() => hostView(host).narration?.step === 2).catch(() => { throw new Error(`→ did not step the narration: ${JSON.stringify(hostView(host).narration?.step)}`); });
    await expectNext(`Next sentence (3 of ${total()})`);
    await page.locator('#ctl-narrate-skip').click();
    await host.client.until(() => hostView(host).narration?.step === total()).catch(() => { throw new Error('skip did not end the narration'); });
    // Then the scoreboard, before the next card (issue 15 item 10).
    await expectNext('Show the scoreboard');
    await key('n', 'between');
    await expectNext('Start round 2');
    await key('n', 'card');
    expect(hostView(host).roundIndex).toBe(1);
    await expectNext('Start the vote');
    await key('n', 'deciding');
    await expectNext('Reveal');
    await key('n', 'reveal');
    await host.client.until(() => hostView(host).roundIndex === 1 && !!hostView(host).narration).catch(() => { throw new Error('no narration in round 2'); });
    await page.locator('#ctl-narrate-skip').click();
    await host.client.until(() => hostView(host).narration?.step === total()).catch(() => { throw new Error('skip did not end the round 2 narration'); });

    // After the last round: End session is the next step; no disabled Start round 3, no Next round.
    await expectNext('End session');
    const after = await shown();
    expect(after.filter((t) => /Start round|Next round/.test(t))).toEqual([]);
    expect(await page.locator('.control-grid button:visible:disabled').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('issue15-console-last-reveal') });
    await key('n', 'ended');
  });
});
