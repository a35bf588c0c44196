import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { phoneContext, desktopContext, skipBrowser, screenshotPath } from '../support/browser';
import type { TestServer } from '../support/testServer';
import { browserSuite } from '../support/browserSuite';
import { createHostedSession, joinAs, command, hostView, teamView, openVote, votableOptions, type Host } from '../support/flows';
import type { RoundResult } from '../../shared/schemas/result';
// The rules v1 deck: this flow votes before the stories (rules v2, the default, pitches first: tests/browser/rulesV2.test.ts).
import { defaultDeck } from '../../shared/deck/loadDeck';

type Probe = { seq: number; length: number; roundIndex: number | null; phase: string; playing: boolean; figuresRounds: number; stageView: { card: { title: string } | null } | null };
const probe = (page: Page) => page.evaluate(() => (window as unknown as { __replay: Probe }).__replay);

/** Zero serious or critical axe violations on the page as it is now. */
async function axeCheck(page: Page): Promise<void> {
  await page.addScriptTag({ path: path.resolve('node_modules/axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
  expect(violations).toEqual([]);
}

describe.skipIf(skipBrowser)('replay and debrief page', () => {
  const t = browserSuite();
  let server: TestServer;
  let browser: Browser;
  let host: Host;
  let replayToken: string;
  const results: RoundResult[] = [];
  /** Per round, option id → label. */
  const labels: Record<string, string>[] = [];

  beforeAll(async () => {
    ({ server, browser } = t);
    host = await createHostedSession(server.url, { rounds: 3, decideSeconds: 60, storySeconds: 60, storyVoteSeconds: 60, storyRounds: true, title: 'Acme \u00d7 Nimbus: partnership review' }, defaultDeck);
    const players = await Promise.all(['Ana', 'Ben', 'Cy', 'Di', 'Ed', 'Flo'].map((n) => joinAs(server.url, host.code, n)));
    for (let round = 0; round < 3; round++) {
      await command(host, { type: 'startRound' });
      await command(host, { type: 'startTimer' });
      // Rules v2 (the default deck): on a story card the pitches come first, then the backing, then the vote.
      await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.roundIndex === round && (teamView(c).phase === 'stories' || teamView(c).phase === 'deciding'))));
      if (teamView(players[0].client).phase === 'stories') {
        await players[0].client.request('participant:story', { text: `We opened the data room in week one and the pilot paid for itself (round ${round + 1}).` });
        await players[1].client.request('participant:story', { text: `Our delivery lead showed the prototype live at the town hall (round ${round + 1}).` });
        await command(host, { type: 'skip' });
        await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'storyVote')));
        for (const p of players.slice(2)) {
          const story = teamView(p.client).stories.find((s) => s.team !== p.team); // votes go to the other team's stories
          if (story) await p.client.request('participant:storyVote', { storyId: story.storyId });
        }
        await command(host, { type: 'skip' });
      }
      await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'deciding')));
      for (const [i, p] of players.entries()) {
        // Only options the team can pay: the server refuses the others (CANNOT_AFFORD, issue 15 item 14).
        const mine = votableOptions(p.client, p.team);
        const pick = mine.length ? mine[(Math.floor(i / 2) + round) % mine.length] : teamView(p.client).card!.options.find((o) => o.team === p.team && o.wait)!;
        await p.client.request('participant:choose', { optionId: pick.id });
      }
      await host.client.until(() => hostView(host).roundIndex === round && hostView(host).voted.buyer + hostView(host).voted.provider === players.length);
      await command(host, { type: 'reveal' });
      await host.client.until(() => hostView(host).phase === 'reveal' && hostView(host).lastResult?.index === round);
      results.push(hostView(host).lastResult!);
      labels.push(Object.fromEntries(hostView(host).fullCard!.options.map((o) => [o.id, o.label])));
      if (round < 2) await command(host, { type: 'closeRound' });
    }
    await command(host, { type: 'end' });
    await host.client.until(() => hostView(host).phase === 'ended');
    // Shared with names and exports: this link downloads the CSV and the log (tests/browser/debriefPicture.test.ts has the unshared one).
    const made = await host.client.request('host:command', { command: { type: 'createReplayLink', shareNamed: true } });
    if (!made.ok) throw new Error('no replay link');
    replayToken = (made as { replayToken: string }).replayToken;
    for (const p of players) p.client.close();
  });

  afterAll(async () => {
    host?.client.close();
  });

  it('replays a finished session from a read-only link: jump, step, play, export, print', async () => {
    // bypassCSP: the app's CSP (rightly) refuses the inline script tag that injects axe.
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, bypassCSP: true, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/replay?code=${host.code}#token=${replayToken}`);
    await page.locator('#replay-timeline').waitFor();
    expect(await page.locator('h1#replay-title').textContent()).toContain('partnership review');
    await expect.poll(async () => (await probe(page))?.length ?? 0).toBeGreaterThan(20);
    expect(await page.getByText('Read-only link', { exact: true }).count()).toBe(1);

    // Jump to round 2: the stage and the caption show round 2's card; figures show round 1 only.
    await page.getByRole('button', { name: 'Jump to round 2' }).click();
    await expect.poll(async () => (await probe(page)).roundIndex).toBe(1);
    await expect.poll(async () => (await probe(page)).stageView?.card?.title).toBe(results[1].cardTitle);
    await expect.poll(() => page.locator('#replay-card-title').textContent()).toBe(results[1].cardTitle);
    expect(await page.locator('#replay-rounds [data-round]').count()).toBe(1);
    await expect.poll(() => page.evaluate(() => window.__stage?.scene() ?? 'no stage'), { timeout: 20_000 }).toMatch(/round|no stage/);

    // Step forward with the keyboard on the timeline until round 2 is revealed.
    await page.locator('#replay-timeline').focus();
    // One event per key press: wait for each step to render before looking at the phase.
    for (let i = 0; i < 60 && (await probe(page)).phase !== 'reveal'; i++) {
      const before = (await probe(page)).seq;
      await page.keyboard.press('ArrowRight');
      await expect.poll(async () => (await probe(page)).seq).toBe(before + 1);
    }
    const atReveal = await probe(page);
    expect(atReveal.phase).toBe('reveal');
    expect(atReveal.roundIndex).toBe(1);
    expect(atReveal.figuresRounds).toBe(2);
    await expect.poll(() => page.evaluate(() => window.__stage?.scene() ?? 'no stage'), { timeout: 20_000 }).toMatch(/round|no stage/);

    // Round 2's vote split, as the engine tallied it, is in the debrief.
    const card2 = page.locator('#replay-rounds [data-round="2"]');
    await expect.poll(() => card2.locator('.round-title').textContent()).toBe(results[1].cardTitle);
    for (const team of ['buyer', 'provider'] as const) {
      const t = results[1].teams[team];
      const rows = card2.locator(`.team-${team} .split li`);
      const texts = await rows.allTextContents();
      for (const [optionId, votes] of Object.entries(t.tally)) {
        const label = labels[1][optionId];
        expect(texts.find((x) => x.startsWith(label)), label).toMatch(new RegExp(`${votes} votes?$`));
      }
      expect(await card2.locator(`.team-${team} .decision strong`).textContent()).toBe(t.chosenLabel);
    }
    expect(await card2.locator('.explanation li').count()).toBe(results[1].explanation.length);
    // Charts are drawn (chart.js loaded lazily).
    await expect.poll(() => page.evaluate(() => (document.getElementById('chart-votes') as HTMLCanvasElement).width)).toBeGreaterThan(100);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300); // let the stage settle on a frame for the screenshot
    await page.screenshot({ path: screenshotPath('replay') });
    await axeCheck(page);

    // Play at 16x to the end.
    await page.locator('label[for="speed-16"]').click();
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(async () => { const p = await probe(page); return p.seq === p.length && !p.playing; }, { timeout: 60_000 }).toBe(true);
    await expect.poll(() => page.locator('#replay-outcome').textContent()).toContain('Final outcome');
    expect(await page.locator('#replay-rounds [data-round]').count()).toBe(3);
    await page.screenshot({ path: screenshotPath('replay-end'), fullPage: true });

    // Exports: the decisions CSV and the log.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
    const csvText = readFileSync((await csv.path())!, 'utf8');
    expect(csvText.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('round,card,participant,team,choice,choice_label,seconds_to_decide,team_decision,team_played,story,story_votes');
    expect(csvText.split('\r\n').length).toBeGreaterThan(6 * 3);
    const [log] = await Promise.all([page.waitForEvent('download'), page.locator('#export-log').click()]);
    const logPath = (await log.path())!;
    const exported = JSON.parse(readFileSync(logPath, 'utf8'));
    expect(exported.format).toBe('powerup-log');
    expect(exported.events.length).toBe((await probe(page)).length);

    // The printable one-page summary.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.transport').isVisible()).toBe(false);
    expect(await page.locator('.print-summary').isVisible()).toBe(true);
    expect(await page.locator('.print-summary .ps-round').count()).toBe(3);
    await page.screenshot({ path: screenshotPath('replay-print'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // Import the exported log: a new session, opened with its own host key.
    await page.locator('#import-log').setInputFiles(logPath);
    // The page is already on a /replay?code= URL: wait for the import's new code, not any match.
    await expect.poll(() => page.url(), { timeout: 20_000 }).not.toContain(host.code);
    expect(page.url()).toMatch(/\/replay\?code=[A-Z0-9]{5}/);
    await page.locator('#replay-timeline').waitFor();
    await expect.poll(() => page.getByText('Facilitator', { exact: true }).count()).toBe(1);
    // The host key was read from the fragment and taken out of the address bar (issue 13, item 12).
    expect(page.url()).not.toMatch(/key=/);
    expect((await probe(page)).length).toBe(exported.events.length);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lays out on a phone', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/replay?code=${host.code}#token=${replayToken}`);
    await page.locator('#replay-timeline').waitFor();
    await page.getByRole('button', { name: 'Jump to round 2' }).tap();
    await expect.poll(async () => (await probe(page)).roundIndex).toBe(1);
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 391).map((e) => `${e.tagName}.${e.className}`).slice(0, 8));
    expect(wide).toEqual([]);
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenshotPath('replay-phone') });
    await context.close();
  });

  it('follows a running rules v2 session from a read-only link: a round appears once revealed (issue 13 item 7)', async () => {
    const live = await createHostedSession(server.url, { rounds: 3, storyRounds: false, decideSeconds: 600, title: 'Live v2 replay' });
    const people = await Promise.all(['Ana', 'Ben'].map((n) => joinAs(server.url, live.code, n)));
    const vote = async (round: number) => {
      await command(live, { type: 'startRound' });
      await openVote(live);
      // This round's vote, not the last round's view still in hand (the views come a flush later than the acks):
      // a vote against last round's card was refused as UNKNOWN_OPTION, and the test then timed out.
      await live.client.until(() => hostView(live).roundIndex === round && hostView(live).phase === 'deciding');
      await Promise.all(people.map((p) => p.client.until((c) => teamView(c)?.roundIndex === round && teamView(c)?.phase === 'deciding')));
      for (const p of people) expect(await p.client.request('participant:choose', { optionId: votableOptions(p.client, p.team)[0].id })).toMatchObject({ ok: true });
      await live.client.until(() => hostView(live).roundIndex === round && hostView(live).voted.buyer + hostView(live).voted.provider === people.length);
    };
    await vote(0);
    await command(live, { type: 'reveal' });
    const card1 = hostView(live).fullCard!.title;
    await command(live, { type: 'closeRound' });
    await vote(1); // round 2: voted, not revealed
    const card2 = hostView(live).fullCard!.title;
    const token = (await command(live, { type: 'createReplayLink' })).replayToken as string;
    const page = await (await desktopContext(browser)).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/replay?code=${live.code}#token=${token}`);
    await page.locator('#replay-timeline').waitFor();
    await expect.poll(() => page.locator('.replay-status').textContent()).toContain('once it is revealed');
    const before = await probe(page);
    expect(before.figuresRounds).toBe(1);
    expect(before.phase).toBe('between');
    expect(await page.locator('body').textContent()).not.toContain(card2);
    await page.getByRole('button', { name: 'Jump to round 1' }).click();
    await expect.poll(async () => (await probe(page)).stageView?.card?.title).toBe(card1);
    await page.getByRole('button', { name: 'End', exact: true }).click(); // at the live edge: it stays there
    await expect.poll(async () => (await probe(page)).seq).toBe(before.length);
    await command(live, { type: 'reveal' });
    await expect.poll(async () => (await probe(page)).figuresRounds, { timeout: 10_000 }).toBe(2);
    const after = await probe(page);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.stageView?.card?.title).toBe(card2);
    expect(errors).toEqual([]);
    for (const p of people) p.client.close();
    live.client.close();
    await page.context().close();
  });

  it('refuses a revoked link with a clear message', async () => {
    const made = await host.client.request('host:command', { command: { type: 'createReplayLink' } });
    const token = (made as { replayToken: string }).replayToken;
    await command(host, { type: 'revokeReplayLink' });
    const page = await (await desktopContext(browser)).newPage();
    await page.goto(`${server.url}/replay?code=${host.code}#token=${token}`);
    await expect.poll(() => page.locator('[role="alert"]').first().textContent()).toContain('revoked');
    await page.context().close();
  });
});
