import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { skipBrowser, screenshotPath } from '../support/browser';
import { browserSuite } from '../support/browserSuite';
import { command, hostView, openVote, teamView, type Host } from '../support/flows';
import { revealBeats } from '../../shared/engine/narration';

// Issue 15 items 9, 10, 11 and 13: the phones follow the stage's pace at the reveal (the narration step is
// the server's; the console steps and skips it), a scoreboard between rounds, the room code in a corner
// of the stage while the room is open, and a stage (re)opened mid-reveal resumes at the room's step.

function untilStage<A>(page: Page, predicate: (arg: A) => boolean, arg?: A, timeout = 30_000): Promise<unknown> {
  return page.waitForFunction(predicate as (arg: unknown) => boolean, arg, { timeout, polling: 100 });
}

describe.skipIf(skipBrowser)('the reveal told at the stage\u2019s pace', () => {
  // Each step held 100x its reading time: nothing moves on by itself during this test; the console does it.
  const t = browserSuite({ narrationPace: 100 });

  it('phones show the outcome only as far as the stage has told it; the console steps and skips; a reloaded stage resumes; the scoreboard comes before the next card', { timeout: 180_000 }, async () => {
    const host: Host = await t.host({ rounds: 2, decideSeconds: 600, storyRounds: false, cardIds: ['claims-archive', 'first-weeks'], title: 'Paced reveal' });
    const bots = await t.join(host.code, ['Ben', 'Cy', 'Di']);

    const phone = await t.joinPhone(host.code, 'Ada');

    // The console's stage preview off (remembered): the stage has its own page.
    const desk = await t.console(host, { viewport: { width: 1280, height: 800 } });
    await desk.locator('#ctl-start-round').waitFor();

    const stage = await t.desktop({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    stage.on('pageerror', (e) => errors.push(e.message));
    // Item 13: a new stage says it is loading until its first view is drawn (its code held back here for a moment).
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await stage.route(/bootStage.*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await stage.goto(`${t.server.url}/stage?code=${host.code}&pace=0.25`);
    await expect.poll(() => stage.locator('#stage-loading').textContent(), { timeout: 10_000 }).toBe(`Loading the stage for room ${host.code}\u2026`);
    expect(await stage.locator('#stage-loading').isVisible()).toBe(true);
    await stage.screenshot({ path: screenshotPath('stage-loading') });
    release();
    await untilStage(stage, () => (window as any).__stage?.scene() === 'lobby');
    await stage.locator('#stage-loading').waitFor({ state: 'detached', timeout: 10_000 });
    await stage.unroute(/bootStage.*\.js$/);

    // Round 1, everyone votes, the facilitator reveals.
    await command(host, { type: 'startRound' });
    await openVote(host);
    await phone.locator('.option:not([disabled])').first().tap();
    for (const b of bots) {
      const v = teamView(b.client);
      const option = v.card!.options.find((o) => o.team === b.team && !o.wait) ?? v.card!.options.find((o) => o.team === b.team)!;
      await b.client.request('participant:choose', { optionId: option.id });
    }
    await host.client.until(() => hostView(host).voted.buyer + hostView(host).voted.provider === 4);
    await command(host, { type: 'reveal' });
    await host.client.until(() => hostView(host).phase === 'reveal' && !!hostView(host).narration);
    const result = hostView(host).state.history[0];
    const beats = revealBeats(result);
    const total = beats.length;
    expect(hostView(host).narration).toMatchObject({ step: 1, total });

    // The phone: the first sentence only, none of the outcome.
    await expect.poll(() => phone.locator('#told-so-far li').allTextContents(), { timeout: 10_000 }).toEqual([beats[0].caption]);
    const phoneText = () => phone.locator('#controller').innerText();
    for (const b of beats.slice(1)) expect(await phoneText()).not.toContain(b.caption);
    expect(await phoneText()).not.toContain(`Partnership score ${result.score}`);
    expect(await phone.locator('#result-played').textContent()).toBe('');
    // The stage is at step 1 too; the console says only the sentence on the stage now.
    await untilStage(stage, () => (window as any).__stage.beat().index === 0 && (window as any).__stage.beat().total > 0);
    await expect.poll(() => desk.locator('#live-summary').textContent(), { timeout: 10_000 }).toContain(beats[0].caption);
    expect(await desk.locator('#live-summary').textContent()).not.toContain(beats[1].caption);
    await expect.poll(() => desk.locator('#ctl-narrate').getAttribute('class')).toContain('primary');
    expect(await desk.locator('#ctl-narrate').textContent()).toBe(`Next sentence (2 of ${total})`);
    await phone.screenshot({ path: screenshotPath('phone-390-reveal-step1') });

    // The clicker's Right arrow on the console: one sentence on, everywhere.
    await desk.locator('body').click({ position: { x: 5, y: 5 } });
    await desk.keyboard.press('ArrowRight');
    await host.client.until(() => hostView(host).narration?.step === 2);
    await expect.poll(() => phone.locator('#told-so-far li').count(), { timeout: 10_000 }).toBe(2);
    for (const b of beats.slice(2)) expect(await phoneText()).not.toContain(b.caption);
    await expect.poll(() => desk.locator('#live-summary').textContent(), { timeout: 10_000 }).toContain(beats[1].caption);
    expect(await desk.locator('#live-summary').textContent()).not.toContain(beats[0].caption);
    await untilStage(stage, () => (window as any).__stage.beat().index === 1);
    await desk.locator('#ctl-narrate').click();
    await host.client.until(() => hostView(host).narration?.step === 3);
    await untilStage(stage, () => (window as any).__stage.beat().index === 2);

    // Item 13: the stage reloaded mid-reveal resumes at step 3 with the numbers after the round.
    await stage.reload();
    await untilStage(stage, () => (window as any).__stage?.scene() === 'round' && (window as any).__stage.beat().total > 0);
    await untilStage(stage, () => (window as any).__stage.beat().index === 2);
    const lanes = await stage.evaluate(() => {
      const s = (window as any).__stage.game.scene.getScene('round');
      return { buyer: s.lanes.buyer.inventory, provider: s.lanes.provider.inventory, buyerLives: s.lanes.buyer.lives };
    });
    expect(lanes.buyer).toEqual(result.teams.buyer.after);
    expect(lanes.provider).toEqual(result.teams.provider.after);
    expect(lanes.buyerLives).toBe(result.teams.buyer.livesAfter);
    await stage.waitForTimeout(400); // the caption's fade, for the picture
    await stage.screenshot({ path: screenshotPath('stage-reveal-resumed') });
    expect(await phone.locator('#told-so-far li').count()).toBe(3);

    // Skip: the phone has the whole result; the stage tells the end; the next step is the scoreboard.
    await desk.locator('#ctl-narrate-skip').click();
    await host.client.until(() => hostView(host).narration?.step === total);
    await expect.poll(() => phone.locator('#result-played').textContent(), { timeout: 10_000 }).toContain('played');
    expect(await phone.locator('#told-so-far').isHidden()).toBe(true);
    await untilStage(stage, () => { const b = (window as any).__stage.beat(); return b.index === b.total; }, undefined, 30_000);
    await expect.poll(() => desk.locator('#ctl-next').getAttribute('class')).toContain('primary');
    expect(await desk.locator('#ctl-next').textContent()).toBe('Show the scoreboard');
    await phone.screenshot({ path: screenshotPath('phone-390-reveal-told') });

    // Item 10: the scoreboard between rounds, then Start round 2 is the next step.
    await desk.locator('#ctl-next').click();
    await untilStage(stage, () => (window as any).__stage.scene() === 'between');
    await host.client.until(() => hostView(host).phase === 'between');
    await expect.poll(() => desk.locator('#ctl-start-round').getAttribute('class')).toContain('primary');
    expect(await desk.locator('#ctl-start-round').textContent()).toBe('Start round 2');
    const board = () => stage.evaluate(() => ((window as any).__stage.game.scene.getScene('between').children.list as any[]).filter((o) => o.type === 'Text').map((o) => o.text as string).join(' | '));
    const shown = await board();
    expect(shown).toContain('After round 1 of 2');
    expect(shown).toContain(`Partnership score ${result.score}`);
    expect(shown).toMatch(/Lives \d+ {3}· {3}Step \d+/);
    expect(shown).toMatch(/competitor/);
    await stage.waitForTimeout(300);
    await stage.screenshot({ path: screenshotPath('stage-scoreboard') });
    expect(errors).toEqual([]);
    // Closed now: its pages would go on drawing through the next test.
    await Promise.all([phone.context().close(), desk.context().close(), stage.context().close()]);
  });

  it('the room code, QR code and address stay in a corner of the stage in round 2 while the room is open; locked, the stage says so and invites nobody', { timeout: 120_000 }, async () => {
    const host: Host = await t.host({ rounds: 3, decideSeconds: 600, storyRounds: false, cardIds: ['claims-archive', 'first-weeks', 'wrong-message'] });
    await t.join(host.code, ['Ana', 'Ben']);
    const stage = await t.desktop({ viewport: { width: 1920, height: 1080 } });
    await stage.goto(`${t.server.url}/stage?code=${host.code}&pace=0.25`);
    await untilStage(stage, (key) => (window as any).__stage?.scene() === 'lobby' && (window as any).__stage.game.textures.exists(key), `qr-${host.code}`);
    // Round 1 to its end, then round 2.
    await command(host, { type: 'startRound' });
    await openVote(host);
    await command(host, { type: 'reveal' });
    await host.client.until(() => !!hostView(host).narration);
    await command(host, { type: 'narrate', step: hostView(host).narration!.total });
    await command(host, { type: 'closeRound' });
    await command(host, { type: 'startRound' });
    await untilStage(stage, () => (window as any).__stage.scene() === 'round' && (window as any).__stage.phase() === 'card');
    const corner = () => stage.evaluate(() => {
      const s = (window as any).__stage.game.scene.getScene('round');
      const texts = (s.children.list as any[]).filter((o) => o.type === 'Text' && o.visible).map((o) => o.text as string);
      const qr = (s.children.list as any[]).find((o) => o.type === 'Image' && o.texture?.key?.startsWith('qr-'));
      return { state: s.join.state as string, texts, qr: qr ? { visible: qr.visible as boolean, x: qr.x as number, y: qr.y as number, w: qr.displayWidth as number } : null };
    });
    const open = await corner();
    expect(open.state).toBe('open');
    expect(open.texts).toContain(host.code);
    expect(open.texts.some((t) => t.endsWith(`/join?code=${host.code}`))).toBe(true);
    expect(open.qr).toMatchObject({ visible: true });
    // In the bottom-right corner, clear of the caption (which ends at x 1468).
    expect(open.qr!.x).toBeGreaterThan(1468);
    expect(open.qr!.y + open.qr!.w).toBeLessThanOrEqual(1080);
    await stage.waitForTimeout(300);
    await stage.screenshot({ path: screenshotPath('stage-round2-join-corner') });

    await command(host, { type: 'lock', locked: true });
    await expect.poll(async () => (await corner()).state, { timeout: 10_000 }).toBe('locked');
    const shut = await corner();
    expect(shut.texts).toContain('Room locked');
    expect(shut.texts).not.toContain(host.code);
    expect(shut.texts.some((t) => t.includes('/join?code='))).toBe(false);
    expect(shut.qr!.visible).toBe(false);
    await stage.screenshot({ path: screenshotPath('stage-round2-locked') });

    // The scoreboard keeps the corner too.
    await openVote(host);
    await command(host, { type: 'reveal' });
    await host.client.until(() => !!hostView(host).narration && hostView(host).roundIndex === 1);
    await command(host, { type: 'narrate', step: hostView(host).narration!.total });
    await command(host, { type: 'lock', locked: false });
    await command(host, { type: 'closeRound' });
    await untilStage(stage, () => (window as any).__stage.scene() === 'between');
    const boardState = await stage.evaluate(() => (window as any).__stage.game.scene.getScene('between').join.state as string);
    expect(boardState).toBe('open');
    await stage.waitForTimeout(300);
    await stage.screenshot({ path: screenshotPath('stage-scoreboard-join-corner') });
  });
});
