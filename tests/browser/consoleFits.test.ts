import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, skipBrowser, screenshotPath, axeViolations } from '../support/browser';
import { startTestServer, type TestServer } from '../support/testServer';
import { createHostedSession, joinAs, hostView, teamView, command, type Host } from '../support/flows';

// Issue 15 item 7: the console fits a 1280×800 laptop for a room of 30 during a round. The roster is
// grouped by team, one short row each, and names who has not acted yet; the debrief question and the
// moderation of pitches are in view when they are needed; no sentence is on the page twice.

const NAMES = ['Ada', 'Ben', 'Chen Wei', 'Dana', 'Emeka', 'Farah', 'Gus', 'Hana', 'Ivo', 'Jana', 'Kofi', 'Lena', 'Maximilian', 'Nia', 'Omar', 'Pia', 'Quinn', 'Ravi', 'Sofia', 'Tom', 'Uma', 'Vik', 'Wen', 'Xavi', 'Yara', 'Zoe', 'Aino', 'Bruno', 'Carla', 'Dev'];
/**
 * The page may be this tall at most during the rounds: the whole page fits the laptop's window (before the
 * last pass of issue 15 item 7: 912–979 px; before the first, 929–1,158 px), so nothing the facilitator
 * needs is ever under the fold. After the game the debrief script is in view and the end-of-game picture
 * and the roster follow it.
 */
const MAX_HEIGHT = 800;
const MAX_HEIGHT_END = 2100;
/** The lobby of a 12-round session (its plan lists twelve cards). */
const MAX_HEIGHT_LOBBY_12 = 900;
/** The smallest type on the console (px): compact, still readable from arm's length. */
const MIN_FONT_PX = 13;

describe.skipIf(skipBrowser)('the console fits a laptop for a room of 30', () => {
  let server: TestServer;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let host: Host;
  const bots: Awaited<ReturnType<typeof joinAs>>[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await ctx?.close().catch(() => {});
    for (const b of bots) b.client.socket.close();
    host?.client.socket.close();
    await browser?.close();
    await server?.stop();
  });

  const phase = () => hostView(host)?.phase;
  const consolePhase = () => page.evaluate(() => document.querySelector<HTMLElement>('.app-console')?.dataset.phase);
  async function reach(want: string): Promise<void> {
    await host.client.until(() => phase() === want, 10_000);
    await expect.poll(consolePhase).toBe(want);
  }
  /** Sentences that are on the page (visible) more than once. */
  const repeatedSentences = () => page.evaluate(() => {
    const hidden = [...document.querySelectorAll<HTMLElement>('.sr-only')];
    for (const e of hidden) e.style.display = 'none';
    const text = document.body.innerText;
    for (const e of hidden) e.style.display = '';
    const seen = new Map<string, number>();
    for (const line of text.split('\n')) for (const s of line.split(/(?<=[.!?])\s+/)) {
      const t = s.trim();
      // A sentence: 20 characters or more ending as one (labels such as "▶ 2 steps · ★ Joint part" may repeat).
      if (t.length >= 20 && /[.!?\u201d]$/.test(t)) seen.set(t, (seen.get(t) ?? 0) + 1);
    }
    return [...seen].filter(([, n]) => n > 1).map(([t]) => t);
  });
  /** Visible text set smaller than MIN_FONT_PX (screen-reader-only text aside), as "size: text". */
  const smallText = () => page.evaluate((min) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const e = n.parentElement!;
      if (!n.textContent!.trim() || e.closest('.sr-only') || !e.checkVisibility()) continue;
      const size = parseFloat(getComputedStyle(e).fontSize);
      if (size < min) out.push(`${size}: ${n.textContent!.trim().slice(0, 30)}`);
    }
    return [...new Set(out)];
  }, MIN_FONT_PX);
  /** The bottom edge of an element on the page (px from the top of the page). */
  const bottom = (selector: string) => page.locator(selector).evaluate((e) => e.getBoundingClientRect().bottom + window.scrollY);
  const names = (ids: string[]) => ids.map((id) => hostView(host).state.participants[id].name);
  const figures: Record<string, number> = {};
  async function check(name: string, inView: string[], nextStep = true, maxHeight = name === 'end' ? MAX_HEIGHT_END : MAX_HEIGHT): Promise<void> {
    await page.evaluate(() => document.fonts.ready);
    // The page's own height (the document never scrolls if it is at most the window's).
    figures[name] = await page.evaluate(() => Math.ceil(document.getElementById('app')!.getBoundingClientRect().bottom + scrollY));
    if (maxHeight <= 800) expect.soft(await page.evaluate(() => document.scrollingElement!.scrollHeight), `document height in ${name}`).toBeLessThanOrEqual(800);
    if (process.env.CONSOLE_FIT_DEBUG) console.log(name, await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.console-head, .controls, .console-main > *, .console-people > *, .console-side > *')].filter((e) => e.offsetHeight > 0).map((e) => `${e.id || e.className}:${Math.round(e.getBoundingClientRect().top + scrollY)}+${e.offsetHeight}`).join(' ')));
    await page.screenshot({ path: screenshotPath(`console-fits-${name}`), fullPage: true });
    // Soft: one run reports every phase's figures (the test still fails on any of them).
    expect.soft(figures[name], `page height in ${name}`).toBeLessThanOrEqual(maxHeight);
    for (const s of [...(nextStep ? ['.control-grid button.primary'] : []), ...inView]) expect.soft(await bottom(s), `${s} in view in ${name}`).toBeLessThanOrEqual(800);
    expect(await repeatedSentences(), `sentences twice in ${name}`).toEqual([]);
    expect.soft(await smallText(), `text under ${MIN_FONT_PX} px in ${name}`).toEqual([]);
    expect(await axeViolations(page), `axe in ${name}`).toEqual([]);
  }

  it('lobby, pitches, backing, deciding, reveal, discussion and the end each fit 1280×800 with the roster by team and who is still to go', { timeout: 240_000 }, async () => {
    host = await createHostedSession(server.url, { cardIds: ['first-weeks', 'claims-archive'], rounds: 2, storySeconds: 600, storyVoteSeconds: 600, decideSeconds: 600 });
    for (const n of NAMES) bots.push(await joinAs(server.url, host.code, n));
    ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await ctx.newPage();
    // The window itself is the laptop's 800 px (browser chrome aside), so "fits" means no scrolling at all.
    expect(await page.evaluate(() => window.innerHeight)).toBe(800);
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/host#code=${host.code}&key=${encodeURIComponent(host.hostKey)}`);
    await page.locator('#roster .roster-row').nth(29).waitFor();
    await reach('lobby');

    // Grouped by team, in join order, one short row each.
    for (const team of ['buyer', 'provider'] as const) {
      const want = bots.filter((b) => b.team === team).map((b) => b.participantId);
      expect(await page.locator(`#roster-${team} .roster-row`).evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.participant))).toEqual(want);
      expect(await page.locator(`#roster-${team}-title`).textContent()).toBe(`${team === 'buyer' ? 'Buyer' : 'Provider'} 15`);
    }
    const rowHeights = await page.locator('#roster .roster-row').evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
    expect(Math.max(...rowHeights)).toBeLessThanOrEqual(36);
    // Every person's actions have a name that says who they act on.
    const maxi = page.locator('#roster .roster-row', { hasText: 'Maximilian' });
    expect(await maxi.locator('button').evaluateAll((bs) => bs.filter((b) => !(b as HTMLElement).closest('[hidden]')).map((b) => b.getAttribute('aria-label')))).toEqual([
      expect.stringMatching(/^Move Maximilian to (Buyer|Provider)$/), 'Remove Maximilian', 'Ban Maximilian',
    ]);
    expect(await page.locator('#roster-waiting').isVisible()).toBe(false);
    // The lobby says how long the session will take and which cards it deals.
    expect(await page.locator('#console-estimate').textContent()).toMatch(/^About \d+ min: 2 rounds, 1 with pitches and backing\.$/);
    expect(await page.locator('#console-plan-cards li').allTextContents()).toEqual(['The first six weeksPitches + vote', 'The claims archiveVote']);
    await check('lobby', ['#roster-provider .roster-row:last-child', '#console-estimate', '#room-code']);

    // Keyboard: a person's Move works from the keyboard (Enter), focus stays on it.
    const maxiBot = bots[NAMES.indexOf('Maximilian')];
    await maxi.locator('[data-action=move]').focus();
    await page.keyboard.press('Enter');
    await host.client.until(() => hostView(host).state.participants[maxiBot.participantId].team !== maxiBot.team);
    const movedTo = hostView(host).state.participants[maxiBot.participantId].team;
    await expect.poll(() => page.locator(`#roster-${movedTo} .roster-row`, { hasText: 'Maximilian' }).count()).toBe(1);
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement)?.dataset.action)).toBe('move');
    await maxi.locator('[data-action=move]').press('Enter');
    await host.client.until(() => hostView(host).state.participants[maxiBot.participantId].team === maxiBot.team);

    // Pitches: the moderation is in view, and the roster names who has not written one.
    await command(host, { type: 'startRound' });
    await command(host, { type: 'startTimer' });
    await reach('stories');
    const writers = bots.slice(0, 6);
    for (const b of writers) expect((await b.client.request('participant:story', { text: `We open the data room in week one (${b.participantId.slice(0, 6)}).` })).ok).toBe(true);
    await page.locator('#host-stories li').nth(5).waitFor();
    const noPitch = bots.filter((b) => !writers.includes(b));
    await expect.poll(() => page.locator('#roster .roster-row.is-waiting').count()).toBe(noPitch.length);
    const waitingText = (team: 'buyer' | 'provider', group: typeof bots) => `${team === 'buyer' ? 'Buyer' : 'Provider'} ${names(group.filter((b) => b.team === team).map((b) => b.participantId)).join(', ')}`;
    // 24 still to go: counted above the roster, each one marked in it (12 or fewer are named above: see deciding).
    const count = (team: 'buyer' | 'provider') => noPitch.filter((b) => b.team === team).length;
    expect(await page.locator('#roster-waiting').textContent()).toBe(`No pitch yet: ${count('buyer')} Buyers, ${count('provider')} Providers, marked \u25cb below.`);
    expect(await page.locator('#roster .roster-row.is-waiting .waiting-mark').first().textContent()).toBe('\u25cb to go');
    await check('pitches', ['#console-clock', '#host-stories', '#roster-waiting']);

    // Deciding: who has not voted, by name, and the live tallies in view.
    await command(host, { type: 'skip' });
    await reach('storyVote');
    // Backing: the pitches to moderate and who has not backed one yet.
    await expect.poll(() => page.locator('#roster .roster-row.is-waiting').count()).toBe(bots.length);
    await check('backing', ['#host-stories', '#roster-waiting']);
    await command(host, { type: 'skip' });
    await reach('deciding');
    const voters = bots.filter((_, i) => i % 3 !== 2);
    for (const b of voters) {
      const o = teamView(b.client).card!.options.find((x) => x.team === b.team && !x.wait)!;
      expect((await b.client.request('participant:choose', { optionId: o.id })).ok).toBe(true);
    }
    const notVoted = bots.filter((b) => !voters.includes(b));
    await expect.poll(() => page.locator('#roster-waiting').textContent()).toBe(`Not voted yet: ${waitingText('buyer', notVoted)}; ${waitingText('provider', notVoted)}`);
    expect(await page.locator('#roster .roster-row.is-waiting').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.participant).sort())).toEqual(notVoted.map((b) => b.participantId).sort());
    expect(await page.locator('#roster-buyer-title').textContent()).toBe(`Buyer 15 \u00b7 ${notVoted.filter((b) => b.team === 'buyer').length} to go`);
    // The huddle rounds are one line during the round; their switches fold under "Change" and still work.
    expect(await page.locator('#huddle-plan').textContent()).toBe('No huddle rounds.');
    expect(await page.locator('#huddle-change').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await page.locator('#huddle-panel').evaluate((e) => e.getBoundingClientRect().height)).toBeLessThanOrEqual(44);
    await check('deciding', ['#console-clock', '#console-card', '#roster-waiting', '#console-card .team-col .team-votes-head >> nth=0', '#roster-provider .roster-row:last-child']);

    await page.locator('#huddle-change > summary').click();
    await page.locator('.huddle-toggle[data-round="2"]').click();
    await host.client.until(() => hostView(host).huddle?.rounds.includes(2) === true);
    await expect.poll(() => page.locator('#huddle-plan').textContent()).toBe('Huddle round: 2.');
    await page.locator('.huddle-toggle[data-round="2"]').click();
    await host.client.until(() => hostView(host).huddle?.rounds.includes(2) === false);
    await page.locator('#huddle-change > summary').click();

    // Reveal and discussion: the debrief question first, the result below it.
    await command(host, { type: 'reveal' });
    await reach('reveal');
    await page.locator('#debrief-question-text').waitFor();
    expect(await page.locator('#debrief-question-text').textContent()).toBe(hostView(host).fullCard!.debrief);
    expect(await page.locator('#roster-waiting').isVisible()).toBe(false);
    // Room enough here: the result stays under the question and the roster open.
    expect(await page.locator('.console-main #console-result').count()).toBe(1);
    expect(await page.locator('#roster-fold').isVisible()).toBe(false);
    expect(await page.locator('#roster .roster-row').first().isVisible()).toBe(true);
    await check('reveal', ['#debrief-question', '#result-title']);
    await command(host, { type: 'closeRound' });
    await reach('between');
    await check('between', ['#debrief-question', '#result-title']);

    // The end: the debrief script's phase, its timer and its Next step.
    await command(host, { type: 'end' });
    await reach('ended');
    await page.locator('#script-phase').waitFor();
    await check('end', ['#script-clock', '#script-next'], false);

    console.log(`console page height at 1280×800 with 30 people: ${JSON.stringify(figures)}`);
    expect(errors).toEqual([]);
  });

  it('a huddle round with predictions in a session of 12 rounds fits too: the card, the huddle, the vote, the predictions, the reveal', { timeout: 240_000 }, async () => {
    for (const b of bots.splice(0)) b.client.socket.close();
    host?.client.socket.close();
    await ctx?.close();
    for (const k of Object.keys(figures)) delete figures[k];
    const cardIds = ['claims-archive', 'first-weeks', 'claim-tracker', 'wrong-message', 'whose-idea', 'show-me-numbers', 'mid-year-freeze', 'hack-day', 'our-jobs', 'rival-launch', 'a-team-leaves', 'all-green'];
    host = await createHostedSession(server.url, { cardIds, rounds: 12, huddleRounds: [1, 3, 5, 7, 9, 11], huddleSeconds: 600, predictSeconds: 600, decideSeconds: 600 });
    for (const n of NAMES) bots.push(await joinAs(server.url, host.code, n));
    ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/host#code=${host.code}&key=${encodeURIComponent(host.hostKey)}`);
    await page.locator('#roster .roster-row').nth(29).waitFor();
    await reach('lobby');
    // Twelve switches, folded under the line that says which rounds huddle.
    expect(await page.locator('.huddle-toggle').count()).toBe(12);
    expect(await page.locator('#huddle-plan').textContent()).toBe('Huddle rounds: 1, 3, 5, 7, 9, 11.');
    // Before the game the plan of twelve cards may push the page a little past the window (not a round's
    // phase); what the facilitator starts from is in view.
    await check('lobby of 12 rounds', ['#console-estimate', '#console-plan-cards li:last-child', '#room-code', '#huddle-plan'], true, MAX_HEIGHT_LOBBY_12);

    await command(host, { type: 'startRound' });
    await reach('card');
    await page.locator('#console-stakes:not([hidden])').waitFor();
    expect(await page.locator('#huddle-plan').textContent()).toBe('Huddle rounds: 1, 3, 5, 7, 9, 11.');
    await check('huddle card', ['#console-stakes', '#console-card']);
    await command(host, { type: 'startTimer' });
    await reach('huddle');
    await page.locator('#huddle-backers:not([hidden])').waitFor();
    await check('huddle', ['#console-clock', '#huddle-backers', '#console-stakes']);
    await command(host, { type: 'skip' });
    await reach('deciding');
    for (const b of bots.filter((_, i) => i % 2 === 0)) {
      const o = teamView(b.client).card!.options.find((x) => x.team === b.team && !x.wait)!;
      expect((await b.client.request('participant:choose', { optionId: o.id })).ok).toBe(true);
    }
    await expect.poll(() => page.locator('#roster .roster-row.is-waiting').count()).toBe(15);
    await check('huddle round deciding', ['#console-clock', '#console-stakes', '#roster-waiting', '#console-card .team-col .team-votes-head >> nth=0']);
    await command(host, { type: 'skip' });
    await reach('predicting');
    await page.locator('#console-predictions:not([hidden])').waitFor();
    await check('predicting', ['#console-clock', '#console-predictions']);
    await command(host, { type: 'reveal' });
    await reach('reveal');
    await page.locator('#debrief-question-text').waitFor();
    // The stakes and the predictions lead the column: the result takes the roster's, the roster folds.
    expect(await page.locator('.console-people #console-result').count()).toBe(1);
    expect(await page.locator('#roster').isVisible()).toBe(false);
    expect(await page.locator('#roster-fold').getAttribute('aria-expanded')).toBe('false');
    await check('huddle round reveal', ['#console-stakes', '#console-predictions', '#debrief-question', '#result-title', '#roster-fold']);
    await page.locator('#roster-fold').click();
    expect(await page.locator('#roster .roster-row').first().isVisible()).toBe(true);
    expect(await page.locator('#roster-fold').getAttribute('aria-expanded')).toBe('true');
    await page.locator('#roster-fold').click();
    await command(host, { type: 'closeRound' });
    await reach('between');
    await check('between of 12 rounds', ['#debrief-question', '#result-title']);

    console.log(`console page height at 1280×800, a huddle round with predictions: ${JSON.stringify(figures)}`);
    expect(errors).toEqual([]);
  });
});
