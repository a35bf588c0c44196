import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { skipBrowser, screenshotPath } from '../support/browser';
import { browserSuite } from '../support/browserSuite';
import { command, hostView, teamView, votableOptions } from '../support/flows';
import { revealBeats } from '../../shared/engine/narration';

// The page's CSP forbids eval, so every predicate is a real function (Playwright ships it over DevTools)
// that reads window.__stage (client/stage/bootStage.ts, StageProbe) itself.
function untilStage<A>(page: Page, predicate: (arg: A) => boolean, arg?: A, timeout = 30_000): Promise<unknown> {
  return page.waitForFunction(predicate as (arg: unknown) => boolean, arg, { timeout, polling: 100 });
}

/** Two animation frames: whatever the last view changed has been drawn. */
function drawn(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

describe.skipIf(skipBrowser)('the stage (projector)', () => {
  // The server holds the reveal's narration; it moves on at the stage's test pace (0.3).
  const t = browserSuite({ narrationPace: 0.3 });

  it('shows the lobby, three rounds with their reveals, the scoreboard and the finale, without leaking objects', async () => {
    const host = await t.host({ rounds: 3, decideSeconds: 300, storySeconds: 300, storyVoteSeconds: 300, storyRounds: true, cardIds: ['claims-archive', 'first-weeks', 'wrong-message'], title: 'Acme × Globex innovation day' });
    const players = await t.join(host.code, ['Ana', 'Ben', 'Cy', 'Di', 'Ed', 'Flo', 'Gus']);

    const page = await t.desktop({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    // pace=0.3: the reveal runs at 3× speed here; a real projector uses the facilitator's pace (1).
    await page.goto(`${t.server.url}/stage?code=${host.code}&pace=0.3`);
    await page.locator('canvas').waitFor({ timeout: 20_000 });
    await untilStage(page, () => (window as any).__stage?.scene() === 'lobby' && (window as any).__stage.objectCount() > 20);
    await untilStage(page, (key) => (window as any).__stage.game.textures.exists(key), `qr-${host.code}`);
    await drawn(page);
    await page.waitForTimeout(900); // let the arriving avatars land for the picture (not for a check)
    await page.screenshot({ path: screenshotPath('stage-lobby') });

    const counts: number[] = [];
    for (let round = 0; round < 3; round++) {
      await command(host, { type: 'startRound' });
      await untilStage(page, () => (window as any).__stage.scene() === 'round' && (window as any).__stage.phase() === 'card');
      await command(host, { type: 'startTimer' });
      if (round === 1) {
        // The story round: what people wrote is shown on the projector, as plain text, one story at a time.
        // Rules v2 (the default deck): on a story card the first timer opens the pitches, before the vote.
        await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'stories')));
        const line = 'We showed the CFO one disputed invoice the model caught <b>live</b>';
        expect((await players[0].client.request('participant:story', { text: line })).ok).toBe(true);
        expect((await players[1].client.request('participant:story', { text: 'The delivery lead told the night-shift story' })).ok).toBe(true);
        await command(host, { type: 'skip' });
        await untilStage(page, () => (window as any).__stage.phase() === 'storyVote');
        const shownText = () => page.evaluate(() => ((window as any).__stage.game.scene.getScene('round').children.list as any[])
          .filter((o) => o.type === 'Text').map((o) => o.text as string).join(' | '));
        await expect.poll(shownText, { timeout: 20_000 }).toMatch(/showed the CFO one disputed invoice the model caught <b>live<\/b>|night-shift story/);
        await drawn(page);
        await page.screenshot({ path: screenshotPath('stage-story-vote') });
        await command(host, { type: 'skip' });
      }
      await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'deciding')));
      for (const [i, p] of players.entries()) {
        const options = votableOptions(p.client, p.team);
        const r = await p.client.request('participant:choose', { optionId: options[i % options.length].id });
        expect(r.ok).toBe(true);
      }
      await host.client.until(() => hostView(host).roundIndex === round && hostView(host).voted.buyer + hostView(host).voted.provider === players.length);
      await untilStage(page, (seq) => (window as any).__stage.phase() === 'deciding' && (window as any).__stage.lastSeq >= seq, host.client.seq);
      await drawn(page);
      counts.push(await page.evaluate(() => (window as any).__stage.objectCount() as number));
      if (round === 0) await page.screenshot({ path: screenshotPath('stage-round') });

      await command(host, { type: 'reveal' });
      await untilStage(page, () => (window as any).__stage.phase() === 'reveal' && (window as any).__stage.beat().total > 0);
      if (round === 0) {
        // A picture from the middle of the reveal, then the whole sequence must play to its end.
        await untilStage(page, () => (window as any).__stage.beat().index >= 4).catch(async (e) => {
          throw new Error(`reveal stuck at ${JSON.stringify(await page.evaluate(() => (window as any).__stage.beat()))}: ${errors.join(' | ')} ${e}`);
        });
        await page.screenshot({ path: screenshotPath('stage-reveal') });
        await untilStage(page, () => { const b = (window as any).__stage.beat(); return b.index === b.total; }, undefined, 90_000);
      }
      if (round < 2) {
        await command(host, { type: 'closeRound' });
        await untilStage(page, () => (window as any).__stage.scene() === 'between');
        if (round === 0) {
          await drawn(page);
          await page.screenshot({ path: screenshotPath('stage-between') });
        }
      }
    }
    // Each round is a fresh scene: the third round draws no more than the first (cards differ a little).
    expect(counts[2]).toBeLessThanOrEqual(counts[0] + 6);

    await command(host, { type: 'end' });
    await untilStage(page, () => (window as any).__stage.scene() === 'end');
    await drawn(page);
    await page.waitForTimeout(1200); // the outcome's entrance tween, for the picture
    await page.screenshot({ path: screenshotPath('stage-end') });
    // The end's words clear of each other: a three-line summary ran into the score's line.
    const clashes = await page.evaluate(() => {
      const texts = ((window as any).__stage.game.scene.getScene('end').children.list as any[])
        .filter((o) => o.type === 'Text' && o.visible && o.text)
        .map((o) => ({ text: o.text as string, b: o.getBounds() }));
      return texts.flatMap((a, i) => texts.slice(i + 1).filter(({ b }) => a.b.x < b.x + b.width && b.x < a.b.x + a.b.width && a.b.y < b.y + b.height && b.y < a.b.y + a.b.height).map((b) => `"${a.text}" over "${b.text}"`));
    });
    expect(clashes).toEqual([]);
    const frames = await page.evaluate(() => (window as any).__stage.frameTimes() as number[]);
    expect(frames.length).toBeGreaterThan(10);

    // The reveal's beats line up one-to-one with the engine's explanation for every real round (rules v2
    // adds two beats of its own: what each team used at the gate, and the score).
    for (const result of hostView(host).state.history) {
      const beats = revealBeats(result).filter((b) => result.rules !== 2 || (b.kind !== 'used' && b.kind !== 'score'));
      expect(beats.map((b) => b.caption)).toEqual(result.explanation);
      expect(beats.some((b) => b.kind === 'extra')).toBe(false);
    }
    expect(errors).toEqual([]);
  });
});
