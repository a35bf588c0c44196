import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { skipBrowser, screenshotPath } from '../support/browser';
import { changedShare } from '../support/pixels';
import { browserSuite } from '../support/browserSuite';
import { command, hostView, teamView, openVote } from '../support/flows';

// Issue 17 item 4: with prefers-reduced-motion the stage keeps still (no tweens, flashes, bursts or
// drifting clouds; positions jump, the gate's verdict is a static banner) but tells the same story.
// Two stage pages watch the same reveal: one with reduced motion, one without. Within every beat, two
// screenshots of the canvas 0.5 s apart are (nearly) identical on the first and clearly differ on the second.
// The test steps the reveal itself, once both pictures of a beat are taken: a loaded machine still gets its two
// pictures in every beat, and nobody waits for a clock.

type Beat = { index: number; total: number };
const beatOf = (page: Page) => page.evaluate(() => (window as any).__stage.beat() as Beat);

/** Every text on the round scene now, in containers too (what the picture says). */
function sceneTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walk = (list: any[]) => {
      for (const o of list) {
        if (o.type === 'Text' && o.visible && o.alpha > 0.5) out.push(o.text as string);
        if (o.list) walk(o.list);
      }
    };
    walk((window as any).__stage.game.scene.getScene('round').children.list);
    return out;
  });
}

async function canvasShot(page: Page): Promise<Buffer> {
  const box = (await page.locator('canvas').boundingBox())!;
  return page.screenshot({ clip: box });
}

describe.skipIf(skipBrowser)('the stage with reduced motion', () => {
  // The server holds each step of the reveal 100x its reading time: the test moves it on (narrate), one step per beat.
  const t = browserSuite({ narrationPace: 100 });

  it('shows the reveal without motion (frames 0.5 s apart unchanged) while its steps, banner and words still show', { timeout: 240_000 }, async () => {
    const host = await t.host({ rounds: 1, decideSeconds: 300, cardIds: ['claims-archive'], title: 'Still stage' });
    const players = await t.join(host.code, ['Ana', 'Ben', 'Cy', 'Di']);

    const open = async (reduce: boolean) => {
      const page = await t.desktop({ viewport: { width: 960, height: 540 } });
      await page.emulateMedia({ reducedMotion: reduce ? 'reduce' : 'no-preference' });
      await page.goto(`${t.server.url}/stage?code=${host.code}`);
      await page.locator('canvas').waitFor({ timeout: 20_000 });
      await page.waitForFunction(() => (window as any).__stage?.scene() === 'lobby', undefined, { timeout: 20_000 });
      return { page };
    };
    const still = await open(true);
    const moving = await open(false);
    expect(await still.page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true);
    // Captions on for the still page (the words under the picture), by keyboard.
    await still.page.keyboard.press('c');

    await command(host, { type: 'startRound' });
    await openVote(host);
    for (const [i, p] of players.entries()) {
      await p.client.until((c) => teamView(c)?.phase === 'deciding');
      const options = teamView(p.client).card!.options.filter((o) => o.team === p.team && !o.wait);
      expect((await p.client.request('participant:choose', { optionId: options[i % options.length].id })).ok).toBe(true);
    }
    await host.client.until(() => hostView(host).voted.buyer + hostView(host).voted.provider === players.length);
    // The page's switches fade out of the picture first (4 s after the last key).
    for (const { page } of [still, moving]) await page.locator('.stage-tools.idle').waitFor({ state: 'attached', timeout: 10_000 });
    await still.page.waitForFunction(() => getComputedStyle(document.querySelector('.stage-tools')!).opacity === '0', undefined, { timeout: 10_000, polling: 50 });

    await command(host, { type: 'reveal' });
    await host.client.until(() => hostView(host).state.history.length === 1);
    const result = hostView(host).state.history[0];

    // The pictures of every fair pair, compared after the reveal (comparing takes longer than a beat on a loaded machine).
    const pairs: { beat: number; still: [Buffer, Buffer]; moving: [Buffer, Buffer] }[] = [];
    let banner = '';
    let tweens = 0;
    for (let i = 0; ; i++) {
      if (i > 0 && i < hostView(host).narration!.total) {
        // Both pictures of beat i-1 are taken: tell the room the next step (the last beat is held by the stage itself).
        await command(host, { type: 'narrate', step: i + 1 });
        await moving.page.waitForFunction((i) => (window as any).__stage.beat().index >= i, i, { timeout: 30_000, polling: 50 });
      }
      await still.page.waitForFunction((i) => { const b = (window as any).__stage.beat(); return b.total > 0 && b.index >= i; }, i, { timeout: 30_000, polling: 50 });
      const b = await beatOf(still.page);
      if (b.index >= b.total) break;
      if (b.index > i) continue; // a beat went by while the machine was busy
      await still.page.waitForTimeout(250);
      const [a, mA] = await Promise.all([canvasShot(still.page), canvasShot(moving.page)]);
      tweens = Math.max(tweens, await still.page.evaluate(() => (window as any).__stage.tweenCount() as number));
      const texts = await sceneTexts(still.page);
      const verdict = texts.find((t) => /^(STEP CHANGE!|No step change|Treading water|JOINT MOVE!)$/.test(t));
      await still.page.waitForTimeout(500);
      const [c, mC] = await Promise.all([canvasShot(still.page), canvasShot(moving.page)]);
      const after = await beatOf(still.page);
      if (after.index !== b.index) continue; // the beat ended between the two pictures: not a fair pair
      if (verdict && !banner) {
        banner = verdict;
        // Still there half a second later: a static banner, not a pop-and-fade.
        expect(await sceneTexts(still.page)).toContain(verdict);
        await still.page.screenshot({ path: screenshotPath('stage-reduced-motion-banner') });
      }
      pairs.push({ beat: b.index, still: [a, c], moving: [mA, mC] });
    }
    const blank = await t.desktop();
    const stillDiffs: { beat: number; share: number }[] = [];
    const movingDiffs: number[] = [];
    for (const p of pairs) {
      stillDiffs.push({ beat: p.beat, share: await changedShare(blank, ...p.still) });
      movingDiffs.push(await changedShare(blank, ...p.moving));
    }

    console.log('reduced motion: changed share per beat', stillDiffs.map((d) => d.share.toFixed(4)).join(' '), '| without:', movingDiffs.map((d) => d.toFixed(4)).join(' '));
    // Enough beats were compared, and with reduced motion none of them moved.
    expect(stillDiffs.length).toBeGreaterThanOrEqual(4);
    for (const d of stillDiffs) expect(d.share, `beat ${d.beat}: share of pixels changed in 0.5 s`).toBeLessThan(0.002);
    expect(tweens).toBe(0);
    // Without it the same reveal moves (so the comparison measures something).
    expect(Math.max(...movingDiffs)).toBeGreaterThan(0.01);

    // The information is all there: the gate's verdict as a banner, every sentence in the words, the end state.
    expect(banner).not.toBe('');
    const words = await still.page.locator('#stage-summary ol li').allTextContents();
    for (const sentence of result.explanation) expect(words).toContain(sentence);
    const texts = (await sceneTexts(still.page)).join(' | ');
    for (const team of ['buyer', 'provider'] as const) expect(texts).toContain(`Lives ${result.teams[team].livesAfter}`);
    await still.page.screenshot({ path: screenshotPath('stage-reduced-motion-end') });
  });
});
