import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { skipBrowser, screenshotPath, axeAll } from '../support/browser';
import { browserSuite } from '../support/browserSuite';
import { command, hostView, teamView } from '../support/flows';

// Issue 17 item 2: the stage in words. The projector page carries a polite live region with headings
// that follows the phase (card, votes in per team, the pitches, the reveal sentence by sentence, the
// outcome), read here through the accessibility tree (ariaSnapshot) and the region's text, and a
// "Captions" switch (keyboard, remembered) that puts the same words on screen under the canvas.

const REGION = '#stage-summary[aria-live="polite"]';

const regionText = (page: Page) => page.locator(REGION).innerText();
const regionTree = (page: Page) => page.locator(REGION).ariaSnapshot();

describe.skipIf(skipBrowser)('the stage in words (live summary and captions)', () => {
  // The server holds the reveal's narration; it moves on at the stage's test pace (0.25).
  const t = browserSuite({ narrationPace: 0.25 });

  it('follows the phase in a polite live region with headings, and shows it as captions on demand', async () => {
    const host = await t.host({ rounds: 2, decideSeconds: 300, storySeconds: 300, storyVoteSeconds: 300, storyRounds: true, cardIds: ['first-weeks', 'claims-archive'], title: 'Captions day' });
    const players = await t.join(host.code, ['Ana', 'Ben', 'Cy', 'Di']);

    const page = await t.desktop({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${t.server.url}/stage?code=${host.code}&pace=0.25`);
    await page.locator('canvas').waitFor({ timeout: 20_000 });

    // The page has a title heading and the region; in the lobby it says who is waiting.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 10_000 }).toContain(host.code);
    await expect.poll(() => regionTree(page), { timeout: 20_000 }).toMatch(/heading "Waiting for players" \[level=2\]/);
    expect(await regionText(page)).toMatch(/Buyers: 2 · Providers: 2/);
    expect(await page.locator(REGION).getAttribute('aria-atomic')).toBe('false');

    // The card: its title as the h2.
    await command(host, { type: 'startRound' });
    await host.client.until(() => hostView(host).phase === 'card' && !!hostView(host).card);
    const title = hostView(host).card!.title;
    await expect.poll(() => regionTree(page), { timeout: 10_000 }).toContain(`heading "Round 1 of 2: ${title}" [level=2]`);
    expect(await regionText(page)).toContain(hostView(host).card!.situation);

    // Rules v2, a story card: the pitches come first; what people wrote is plain text in the region.
    await command(host, { type: 'startTimer' });
    await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'stories')));
    await expect.poll(() => regionTree(page), { timeout: 10_000 }).toMatch(/heading "Pitches: one line to the other team, before the vote" \[level=3\]/);
    const line = 'We showed the CFO one disputed invoice <b>live</b> & it stuck';
    const author = players.find((p) => p.team === 'buyer')!;
    const authorName = new RegExp(`\\b${['Ana', 'Ben', 'Cy', 'Di'][players.indexOf(author)]}\\b`);
    expect((await author.client.request('participant:story', { text: line })).ok).toBe(true);
    await expect.poll(() => regionText(page), { timeout: 10_000 }).toMatch(/1 written so far/);
    expect(await axeAll(page), 'axe on the stage while pitches are written').toEqual([]);
    await command(host, { type: 'skip' });
    await expect.poll(() => regionTree(page), { timeout: 10_000 }).toMatch(/heading "The pitches" \[level=3\]/);
    expect(await regionText(page)).toContain(line);
    // Anonymous on the projector (issue 15 item 12): the words, never who wrote them.
    expect(await regionText(page)).not.toMatch(authorName);
    expect(await page.locator(`${REGION} b`).count()).toBe(0);
    expect(await axeAll(page), 'axe on the stage during the pitch vote').toEqual([]);
    const backer = players.find((p) => p.team === 'provider')!;
    await backer.client.until((c) => teamView(c)?.phase === 'storyVote' && teamView(c).stories.length > 0);
    expect((await backer.client.request('participant:storyVote', { storyId: teamView(backer.client).stories[0].storyId })).ok).toBe(true);

    // The vote: votes in per team, updated as they arrive.
    await command(host, { type: 'skip' });
    await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'deciding')));
    await expect.poll(() => regionTree(page), { timeout: 10_000 }).toMatch(/heading "Votes in" \[level=3\]/);
    expect(await regionText(page)).toMatch(/Buyer: 0 of 2 voted\.[\s\S]*Provider: 0 of 2 voted\./);
    for (const [i, p] of players.entries()) {
      const options = teamView(p.client).card!.options.filter((o) => o.team === p.team && !o.wait);
      expect((await p.client.request('participant:choose', { optionId: options[i % options.length].id })).ok).toBe(true);
    }
    await expect.poll(() => regionText(page), { timeout: 10_000 }).toMatch(/Buyer: 2 of 2 voted\.[\s\S]*Provider: 2 of 2 voted\./);
    expect(await regionText(page)).toMatch(/Buyer pitch: backed by 1 of 2/);
    expect(await regionText(page)).not.toMatch(authorName);

    // The captions switch: a real button, by keyboard; the words appear on screen under the canvas.
    const toggle = page.getByRole('button', { name: /Captions/ });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    const hiddenBox = await page.locator(REGION).boundingBox();
    expect(hiddenBox!.height).toBeLessThanOrEqual(1);
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const shown = await page.locator(REGION).boundingBox();
    expect(shown!.height).toBeGreaterThan(120);
    // Under the picture, not over it: the canvas refits to the box above the captions.
    await expect.poll(async () => { const c = (await page.locator('canvas').boundingBox())!; return c.y + c.height; }, { timeout: 5_000 }).toBeLessThanOrEqual(shown!.y + 1);
    await page.screenshot({ path: screenshotPath('stage-captions-deciding') });

    // The reveal: the engine's sentences, one list item per step as the picture shows it.
    await command(host, { type: 'reveal' });
    await host.client.until(() => hostView(host).state.history.length === 1);
    await expect.poll(() => regionTree(page), { timeout: 10_000 }).toMatch(/heading "The reveal" \[level=3\]/);
    const steps = () => page.locator(`${REGION} ol li`).allTextContents();
    await expect.poll(async () => (await steps()).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const early = (await steps()).length;
    const result = hostView(host).state.history[0];
    expect(early).toBeLessThan(result.explanation.length); // not the whole story before the picture tells it
    await page.waitForFunction(() => { const b = (window as any).__stage.beat(); return b.total > 0 && b.index >= 2; }, undefined, { timeout: 30_000, polling: 100 });
    await page.screenshot({ path: screenshotPath('stage-captions-reveal') });
    await page.waitForFunction(() => { const b = (window as any).__stage.beat(); return b.total > 0 && b.index === b.total; }, undefined, { timeout: 60_000, polling: 100 });
    await expect.poll(async () => (await steps()).join('\n'), { timeout: 5_000 }).toContain(result.explanation[result.explanation.length - 1]);
    const all = await steps();
    let at = -1;
    for (const sentence of result.explanation) {
      const found = all.indexOf(sentence, at + 1);
      expect(found, `"${sentence}" in order in the live region`).toBeGreaterThan(at);
      at = found;
    }
    expect(all[all.length - 1]).toBe(`Partnership score ${result.score}.`);

    // Remembered: after a reload the captions are still on.
    await page.reload();
    await page.locator('canvas').waitFor({ timeout: 20_000 });
    expect(await page.getByRole('button', { name: /Captions/ }).getAttribute('aria-pressed')).toBe('true');

    // Between rounds, then the end: the outcome in words. "C" toggles the captions too.
    await command(host, { type: 'closeRound' });
    await expect.poll(() => regionTree(page), { timeout: 10_000 }).toMatch(/heading "After round 1 of 2" \[level=2\]/);
    expect(await regionText(page)).toMatch(/Partnership score \d+/);
    await command(host, { type: 'end' });
    await host.client.until(() => !!hostView(host).outcome);
    await expect.poll(() => regionTree(page), { timeout: 10_000 }).toMatch(/heading "The outcome: [^"]+" \[level=2\]/);
    expect(await regionText(page)).toContain(hostView(host).outcome!.summary);
    await page.waitForTimeout(700);
    await page.screenshot({ path: screenshotPath('stage-captions-end') });
    expect(await axeAll(page)).toEqual([]);
    await page.keyboard.press('c');
    expect(await page.getByRole('button', { name: /Captions/ }).getAttribute('aria-pressed')).toBe('false');
    expect(await page.evaluate(() => localStorage.getItem('powerup.stage.captions'))).toBe('off');

    expect(errors).toEqual([]);
  });
});
