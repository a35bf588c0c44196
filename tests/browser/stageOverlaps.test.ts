import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { skipBrowser, screenshotPath } from '../support/browser';
import { browserSuite } from '../support/browserSuite';
import { createHostedSession, joinAs, command, hostView, teamView, votableOptions, openVote, type Joined } from '../support/flows';
import deckV2 from '../../shared/deck/default-deck-v2.json';

// Issue 15 item 12 on a 1920×1080 projector: nothing drawn over what it explains. A long situation fits
// its caption (shrunk, never cut); the pitches are side by side on one board, anonymous; the backed pitch
// is on the stage at the reveal; effect words ("−1 Courage", "+1", "No Courage used", "Through!") never
// cover the "?" blocks, the gate, the used plate or a team's name; the team names keep clear of their
// panel's edge; count labels agree with their number ("1 player").

/** A situation as long as a deck may have it (600 characters): on main the caption cut it at four lines. */
const LONG = `${'The insurer has just handed its customer contact centre to the provider, and six weeks in the service levels hold. '.repeat(5)}The team leads now ask what to do next.`.slice(0, 590).trimEnd();
const NAMES = { buyer: ['Annika Lindqvist', 'Bartholomew'], provider: ['Chen WeiMaximilian'] } as const;
const PITCHES = [
  'We played the recorded calls to Marketing and the renewal letter was rewritten in a week, with the callers heard',
  'Open the data room in week one and let the handlers show what the customers actually ask',
  'Fund a letter sprint',
];

function untilStage<A>(page: Page, predicate: (arg: A) => boolean, arg?: A, timeout = 30_000): Promise<unknown> {
  return page.waitForFunction(predicate as (arg: unknown) => boolean, arg, { timeout, polling: 100 });
}

/** Every text object the round scene shows now (visible, not faded out, inside containers too), with its bounds. */
function sceneTexts(page: Page, sceneKey = 'round') {
  return page.evaluate((key) => {
    const flat = (list: any[]): any[] => list.flatMap((o) => (o.type === 'Container' ? (o.visible && o.alpha > 0.05 ? flat(o.list) : []) : [o]));
    return flat((window as any).__stage.game.scene.getScene(key).children.list as any[])
      .filter((o) => o.type === 'Text' && o.visible && o.alpha > 0.05 && o.text)
      .map((o) => {
        const b = o.getBounds();
        return { name: o.name as string, text: o.text as string, x: b.x, y: b.y, w: b.width, h: b.height, lines: o.getWrappedText().length as number, maxLines: (o.style.maxLines ?? 0) as number, size: parseFloat(o.style.fontSize) };
      });
  }, sceneKey);
}

describe.skipIf(skipBrowser)('the stage keeps its words clear of each other at 1920×1080', () => {
  const t = browserSuite({ narrationPace: 0.3 });
  /** The stage of `code` at 1920×1080, at the test pace, once its lobby is drawn; page errors collected. */
  async function openStage(code: string) {
    const context = await t.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${t.server.url}/stage?code=${code}&pace=0.3`);
    await untilStage(page, () => (window as any).__stage?.scene() === 'lobby');
    return { context, page, errors };
  }

  it('a long situation, the pitches side by side and anonymous, the backed pitch at the reveal, effect words clear, "1 player"', { timeout: 240_000 }, async () => {
    const first = deckV2.cards.find((c) => c.id === 'first-weeks')!;
    const archive = deckV2.cards.find((c) => c.id === 'claims-archive')!;
    const deck = { ...deckV2, id: 'overlaps', title: 'Overlaps', cards: [{ ...first, situation: LONG }, archive] };
    const host = await createHostedSession(t.server.url, { rounds: 2, teamChoice: true, decideSeconds: 300, storySeconds: 300, storyVoteSeconds: 300, storyRounds: true }, deck);
    const players: (Joined & { name: string })[] = [];
    for (const team of ['buyer', 'provider'] as const) for (const name of NAMES[team]) players.push({ ...(await joinAs(t.server.url, host.code, name, team)), name });
    expect(players.map((p) => p.team)).toEqual(['buyer', 'buyer', 'provider']);

    const { context, page, errors } = await openStage(host.code);

    // The card: the whole situation in the caption box, nothing cut.
    await command(host, { type: 'startRound' });
    await untilStage(page, () => (window as any).__stage.scene() === 'round' && (window as any).__stage.phase() === 'card');
    await expect.poll(async () => (await sceneTexts(page)).find((t) => t.name === 'captionBody')?.text).toBe(LONG);
    const body = (await sceneTexts(page)).find((t) => t.name === 'captionBody')!;
    expect(body.maxLines === 0 || body.lines <= body.maxLines, `${body.lines} lines, at most ${body.maxLines} shown`).toBe(true);
    expect(body.y + body.h, 'the situation ends inside the caption box (834 + 240)').toBeLessThanOrEqual(834 + 240);
    expect(body.size).toBeGreaterThanOrEqual(24);
    // The team names keep clear of their panel's right edge (300 px): at least 32 px.
    const teamNames = (await sceneTexts(page)).filter((x) => x.name === 'teamName');
    expect(teamNames.map((t) => t.text)).toEqual(['Buyer', 'Provider']);
    for (const t of teamNames) expect(t.x + t.w, `${t.text} against its panel's edge`).toBeLessThanOrEqual(300 - 32);
    await page.screenshot({ path: screenshotPath('stage-overlaps-long-situation') });

    // The pitches: written, then side by side on one board, without their authors.
    await command(host, { type: 'startTimer' });
    await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'stories')));
    // "Voted n/m" only while people vote on their move.
    expect((await sceneTexts(page)).filter((t) => /^Voted \d/.test(t.text))).toEqual([]);
    for (const [i, p] of players.entries()) expect((await p.client.request('participant:story', { text: PITCHES[i] })).ok).toBe(true);
    await command(host, { type: 'skip' });
    await untilStage(page, () => (window as any).__stage.phase() === 'storyVote');
    await expect.poll(async () => (await sceneTexts(page)).filter((t) => t.name === 'storyText').length).toBe(3);
    const cards = await page.evaluate(() => ((window as any).__stage.game.scene.getScene('round').children.list as any[])
      .filter((o) => o.name === 'storyCard' && o.visible).map((o) => { const b = o.getBounds(); return { x: b.x, y: b.y, w: b.width, h: b.height }; })
      .sort((a, b) => a.x - b.x));
    expect(cards).toHaveLength(3);
    // One row: the same top, each card right of the one before, all inside the stage.
    for (const c of cards) expect(c.y).toBe(cards[0].y);
    for (let i = 1; i < cards.length; i++) expect(cards[i].x).toBeGreaterThanOrEqual(cards[i - 1].x + cards[i - 1].w);
    expect(cards[2].x + cards[2].w).toBeLessThanOrEqual(1920);
    const shown = await sceneTexts(page);
    for (const line of PITCHES) expect(shown.some((t) => t.name === 'storyText' && t.text.replace(/\s+/g, ' ').includes(line))).toBe(true);
    for (const t of shown.filter((x) => x.name === 'storyText')) expect(t.y + t.h, 'a pitch inside the board').toBeLessThanOrEqual(828);
    for (const p of players) expect(shown.map((t) => t.text).join(' | ')).not.toContain(p.name);
    expect(shown.filter((t) => /^Voted \d/.test(t.text))).toEqual([]);
    await page.screenshot({ path: screenshotPath('stage-overlaps-story-board') });

    // Backing: both Buyers back the Provider's pitch; the Provider backs the first Buyer pitch.
    const storyOf = (i: number) => teamView(players[i].client).stories.find((s) => s.text === PITCHES[i])!;
    await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'storyVote' && teamView(c).stories.length > 0)));
    for (const i of [0, 1]) expect((await players[i].client.request('participant:storyVote', { storyId: storyOf(2).storyId })).ok).toBe(true);
    expect((await players[2].client.request('participant:storyVote', { storyId: storyOf(0).storyId })).ok).toBe(true);
    await command(host, { type: 'skip' });
    await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'deciding')));
    await expect.poll(async () => (await sceneTexts(page)).filter((t) => t.name === 'storyText').length).toBe(0);
    // Spend what the teams have, so the reveal has "−n" words to place.
    for (const p of players) {
      const options = votableOptions(p.client, p.team).filter((o) => !o.wait);
      const costly = options.find((o) => Object.values(o.effects).some((n) => n < 0)) ?? options[0];
      expect((await p.client.request('participant:choose', { optionId: costly.id })).ok).toBe(true);
    }
    await host.client.until(() => hostView(host).voted.buyer + hostView(host).voted.provider === players.length);

    // The reveal: every frame, no effect word over a block, the gate, the used plate or a team's name.
    await page.evaluate(() => {
      const w = window as any;
      w.__overlaps = [] as string[];
      w.__effects = new Set<string>();
      const hit = (a: any, b: any) => a.x < b.x + b.width - 2 && b.x < a.x + a.width - 2 && a.y < b.y + b.height - 2 && b.y < a.y + a.height - 2;
      w.__stage.game.events.on('postrender', () => {
        const scene = w.__stage.game.scene.getScene('round');
        if (!scene?.sys.isActive()) return;
        const list = scene.children.list as any[];
        const effects = list.filter((o) => o.name === 'effect' && o.visible && o.alpha > 0.05);
        const obstacles = list.filter((o) => ['block', 'gate', 'teamName', 'usedPlate'].includes(o.name) && o.visible && o.alpha > 0.05);
        // Each lane's callout stays in its lane: the two never cover each other.
        const bubbles = list.filter((o) => o.name === 'bubble' && o.visible);
        if (bubbles.length === 2 && hit(bubbles[0].getBounds(), bubbles[1].getBounds())) w.__overlaps.push('the two bubbles overlap');
        for (const e of effects) {
          w.__effects.add(e.text);
          const eb = e.getBounds();
          for (const o of obstacles) if (hit(eb, o.getBounds())) w.__overlaps.push(`"${e.text}" over ${o.name}${o.text ? ` "${o.text}"` : ''}`);
        }
      });
    });
    await command(host, { type: 'reveal' });
    await untilStage(page, () => (window as any).__stage.phase() === 'reveal' && (window as any).__stage.beat().total > 0);
    // The decisions: each team's move, and under it the pitch the other team backed (no author).
    await expect.poll(async () => (await sceneTexts(page)).map((t) => t.text.replace(/\s+/g, ' ')).join(' | '), { timeout: 20_000 }).toContain('Pitch backed by');
    const duringDecisions = (await sceneTexts(page)).map((t) => t.text.replace(/\s+/g, ' ')).join(' | ');
    expect(duringDecisions).toContain(`Pitch backed by 1 of 1: \u201c${PITCHES[0]}\u201d`);
    expect(duringDecisions).toContain(`Pitch backed by 2 of 2: \u201c${PITCHES[2]}\u201d`);
    for (const p of players) expect(duringDecisions).not.toContain(p.name);
    await page.screenshot({ path: screenshotPath('stage-overlaps-reveal-pitch') });
    await untilStage(page, () => { const b = (window as any).__stage.beat(); return b.index === b.total; }, undefined, 120_000);
    const effects = await page.evaluate(() => [...(window as any).__effects] as string[]);
    expect(effects.length, `effect words seen: ${effects.join(', ')}`).toBeGreaterThanOrEqual(2);
    expect(await page.evaluate(() => [...new Set((window as any).__overlaps as string[])])).toEqual([]);
    await page.screenshot({ path: screenshotPath('stage-overlaps-reveal-end') });

    // The scoreboard: "1 player" for the team of one, no count that disagrees with its number.
    await command(host, { type: 'closeRound' });
    await untilStage(page, () => (window as any).__stage.scene() === 'between');
    await expect.poll(async () => (await sceneTexts(page, 'between')).map((t) => t.text).join(' | ')).toContain('1 player');
    const board = (await sceneTexts(page, 'between')).map((t) => t.text).join(' | ');
    expect(board).toContain('2 players');
    expect(board).not.toMatch(/\b1 (players|steps|rounds|stories|pitches|votes|Buyers|Providers)\b/);
    await page.screenshot({ path: screenshotPath('stage-overlaps-scoreboard') });

    // Round 2, the claims archive: the Buyers use no Courage, so the privacy veto hits them ("No Courage
    // used", a life or their power-ups) and nobody gets through the gate ("No …"): still nothing covered.
    await command(host, { type: 'startRound' });
    await openVote(host);
    await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'deciding')));
    for (const p of players) {
      const options = votableOptions(p.client, p.team);
      const pick = p.team === 'buyer' ? options.find((o) => !o.wait && o.effects.courage >= 0 && Object.values(o.effects).some((n) => n < 0)) ?? options.find((o) => o.effects.courage >= 0)! : options[0];
      expect((await p.client.request('participant:choose', { optionId: pick.id })).ok).toBe(true);
    }
    await host.client.until(() => hostView(host).voted.buyer + hostView(host).voted.provider === players.length);
    await command(host, { type: 'reveal' });
    await untilStage(page, () => (window as any).__stage.phase() === 'reveal' && (window as any).__stage.beat().total > 0);
    await untilStage(page, () => (window as any).__stage.beat().index >= 3, undefined, 60_000);
    await page.screenshot({ path: screenshotPath('stage-overlaps-hazard') });
    await untilStage(page, () => { const b = (window as any).__stage.beat(); return b.index === b.total; }, undefined, 120_000);
    const seen = await page.evaluate(() => [...(window as any).__effects] as string[]);
    console.log(`effect words seen over two reveals: ${seen.join(', ')}`);
    expect(seen.length).toBeGreaterThan(effects.length);
    expect(await page.evaluate(() => [...new Set((window as any).__overlaps as string[])])).toEqual([]);
    expect(errors).toEqual([]);
    for (const p of players) p.client.close();
    host.client.close();
    await context.close();
  });

  it('the lobby with 14 long names, 14 pitches in pages, the pause and the legend: nothing drawn over anything else', { timeout: 120_000 }, async () => {
    const host = await createHostedSession(t.server.url, { rounds: 1, decideSeconds: 300, storySeconds: 300, storyVoteSeconds: 300, storyRounds: true, cardIds: ['first-weeks'], title: 'Acme Insurance × Globex Contact Centres: innovation day for the claims and contact teams' });
    const names = ['Chen WeiMaximilian', 'Maximiliane Oberhauser', 'Annika Lindqvist-Berg', 'Bartholomew Okonkwo', 'Guðrún Sigurðardóttir', 'Jean-Baptiste Dupont', 'Nkechinyere Obi', 'Aleksandra Wiśniewska', 'Rafael Nadal Parera', 'Siddharth Ramakrishnan', 'Olumide Adeyemi', 'Hannelore Kästner', 'Przemysław Kowalczyk', 'Wilhelmina Vanderbilt'];
    const players: Joined[] = [];
    for (const n of names) players.push(await joinAs(t.server.url, host.code, n));
    const { context, page, errors } = await openStage(host.code);
    const overlapping = (boxes: { text: string; x: number; y: number; w: number; h: number }[]) => {
      const out: string[] = [];
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        if (a.x < b.x + b.w - 2 && b.x < a.x + a.w - 2 && a.y < b.y + b.h - 2 && b.y < a.y + a.h - 2) out.push(`"${a.text}" / "${b.text}"`);
      }
      return out;
    };
    // The lobby: 14 names (7 a team), each cut to its cell, none touching another.
    await expect.poll(async () => (await sceneTexts(page, 'lobby')).filter((t) => t.name === 'lobbyName').length, { timeout: 15_000 }).toBe(14);
    await page.waitForTimeout(1200); // the arriving names fade in, for the picture (not for a check)
    const labels = (await sceneTexts(page, 'lobby')).filter((t) => t.name === 'lobbyName');
    expect(overlapping(labels)).toEqual([]);
    // Each label is the name, "First L.", the first name or (too wide even so) the first name cut with "…".
    for (const l of labels) {
      const full = names.find((n) => n === l.text || n.startsWith(l.text.replace(/\u2026$/, '')) || `${n.split(' ')[0]} ${n.split(' ').at(-1)![0]}.` === l.text);
      expect(full, `label "${l.text}"`).toBeDefined();
    }
    console.log(`lobby labels: ${labels.map((l) => l.text).join(', ')}`);
    expect(labels.filter((l) => !l.text.endsWith('\u2026')).length, 'most first names whole').toBeGreaterThanOrEqual(10);
    await page.screenshot({ path: screenshotPath('stage-overlaps-lobby-14') });

    // The vote, paused: the big timer gold, "Paused" between the title and the timer, touching neither.
    await command(host, { type: 'startRound' });
    await untilStage(page, () => (window as any).__stage.scene() === 'round');
    // 14 pitches: six at a time on the board, two rows of three, the caption says which page.
    await command(host, { type: 'startTimer' });
    await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'stories')));
    for (const [i, p] of players.entries()) expect((await p.client.request('participant:story', { text: `Pitch number ${i + 1}: we open the data room in week one.` })).ok).toBe(true);
    await command(host, { type: 'skip' });
    await untilStage(page, () => (window as any).__stage.phase() === 'storyVote');
    await expect.poll(async () => (await sceneTexts(page)).filter((t) => t.name === 'storyText').length).toBe(6);
    const rows = await page.evaluate(() => ((window as any).__stage.game.scene.getScene('round').children.list as any[])
      .filter((o) => o.name === 'storyCard' && o.visible).map((o) => o.getBounds().y as number));
    expect([...new Set(rows)]).toHaveLength(2);
    expect(overlapping((await sceneTexts(page)).filter((t) => t.name === 'storyText'))).toEqual([]);
    expect((await sceneTexts(page)).map((t) => t.text).join(' | ')).toContain('14 pitches \u00b7 page 1 of 3');
    await page.screenshot({ path: screenshotPath('stage-overlaps-story-pages') });
    await command(host, { type: 'skip' });
    await untilStage(page, () => (window as any).__stage.phase() === 'deciding');
    await command(host, { type: 'pause' });
    await expect.poll(async () => (await sceneTexts(page)).find((t) => t.name === 'paused')?.text, { timeout: 10_000 }).toBe('Paused');
    const top = await sceneTexts(page);
    const [title, paused, clock] = ['cardTitle', 'paused', 'clock'].map((n) => top.find((t) => t.name === n)!);
    expect(overlapping([title, paused, clock])).toEqual([]);
    expect(title.x + title.w).toBeLessThanOrEqual(paused.x);
    // Gold like "Paused" (the stage's gold), not white: a pause shows from the back of the room.
    const colours = await page.evaluate(() => Object.fromEntries(((window as any).__stage.game.scene.getScene('round').children.list as any[])
      .filter((o) => o.name === 'clock' || o.name === 'paused').map((o) => [o.name, String(o.style.color).toLowerCase()])));
    expect(colours.clock).toBe(colours.paused);
    expect(colours.clock).not.toBe('#ffffff');
    // The legend (Loop, Gate, …, and the card's hazard and opportunity) and the lane texts: none over another.
    const legend = top.filter((t) => t.name === 'legend');
    expect(legend.map((t) => t.text)).toEqual(expect.arrayContaining(['Loop', 'Gate', 'Opportunity', 'Hazard', 'Finish']));
    expect(legend.some((t) => /^Hazard: .+Opportunity: /.test(t.text))).toBe(true);
    expect(overlapping(top.filter((t) => t.y > 130 && t.y + t.h < 834))).toEqual([]);
    await page.screenshot({ path: screenshotPath('stage-overlaps-paused') });
    await command(host, { type: 'resume' });
    expect(errors).toEqual([]);
    for (const p of players) p.client.close();
    host.client.close();
    await context.close();
  });

  it('the stage switches ("Captions off", "Click for sound") never cover the title, the room code, the QR code or the card', { timeout: 180_000 }, async () => {
    const host = await createHostedSession(t.server.url, { rounds: 2, cardIds: ['claims-archive', 'first-weeks'], decideSeconds: 300 });
    const players: Joined[] = [];
    for (const [i, team] of (['buyer', 'provider'] as const).entries()) players.push(await joinAs(t.server.url, host.code, `Player ${i + 1}`, team));
    /** What the switches cover on `page` once placed for `scene`: texts and QR codes, as "text" or "QR code". */
    const covered = async (page: Page, scene: string) => {
      await untilStage(page, (k) => document.querySelector<HTMLElement>('.stage-tools')?.dataset.scene === k, scene);
      return page.evaluate((key) => {
        const canvas = document.querySelector('#stage canvas')!.getBoundingClientRect();
        const k = canvas.width / 1920;
        const flat = (list: any[]): any[] => list.flatMap((o) => (o.type === 'Container' ? (o.visible && o.alpha > 0.05 ? flat(o.list) : []) : [o]));
        const things = flat((window as any).__stage.game.scene.getScene(key).children.list as any[])
          .filter((o) => o.visible && o.alpha > 0.05 && ((o.type === 'Text' && o.text) || (o.type === 'Image' && String(o.texture?.key).startsWith('qr-'))))
          .map((o) => {
            const b = o.getBounds();
            return { what: o.type === 'Text' ? o.text as string : 'QR code', x: canvas.left + b.x * k, y: canvas.top + b.y * k, w: b.width * k, h: b.height * k };
          });
        const out: string[] = [];
        for (const button of document.querySelectorAll('.stage-tools button')) {
          const r = button.getBoundingClientRect();
          for (const t of things) if (r.left < t.x + t.w && t.x < r.right && r.top < t.y + t.h && t.y < r.bottom) out.push(`${button.textContent} over "${t.what}"`);
        }
        return out;
      }, scene);
    };
    const switchesShown = (page: Page) => page.evaluate(() => {
      const tools = document.querySelector('.stage-tools')!;
      return !tools.classList.contains('idle') && [...tools.querySelectorAll('button')].map((b) => b.textContent);
    });

    // The lobby: between the logo and the QR code, clear of the room code.
    const { context, page, errors } = await openStage(host.code);
    expect(await switchesShown(page)).toEqual(['Captions off (C)', 'Click for sound']);
    expect(await covered(page, 'lobby')).toEqual([]);
    await page.screenshot({ path: screenshotPath('stage-switches-lobby') });

    // A round: a stage opened now shows its switches for a few seconds, under the title bar, over nothing.
    await command(host, { type: 'startRound' });
    await untilStage(page, () => (window as any).__stage.scene() === 'round');
    expect(await covered(page, 'round')).toEqual([]);
    await openVote(host);
    const freshContext = await t.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const fresh = { context: freshContext, page: await freshContext.newPage(), errors: [] as string[] };
    fresh.page.on('pageerror', (e) => fresh.errors.push(e.message));
    await fresh.page.goto(`${t.server.url}/stage?code=${host.code}&pace=0.3`);
    await untilStage(fresh.page, () => (window as any).__stage?.scene() === 'round' && (window as any).__stage.phase() === 'deciding');
    expect(await switchesShown(fresh.page)).toEqual(['Captions off (C)', 'Click for sound']);
    const title = (await sceneTexts(fresh.page)).find((x) => x.name === 'cardTitle')!;
    const box = (await fresh.page.locator('.stage-tools').boundingBox())!;
    expect(box.y, 'the switches start under the title bar').toBeGreaterThanOrEqual(130);
    expect(title.y + title.h).toBeLessThanOrEqual(130);
    expect(await covered(fresh.page, 'round')).toEqual([]);
    await fresh.page.screenshot({ path: screenshotPath('stage-switches-round') });
    // With captions on the picture shrinks and moves: the switches follow it.
    await fresh.page.keyboard.press('c');
    await expect.poll(() => fresh.page.evaluate(() => document.body.classList.contains('captions-on'))).toBe(true);
    await expect.poll(() => covered(fresh.page, 'round')).toEqual([]);
    await expect.poll(async () => (await fresh.page.locator('.stage-tools').boundingBox())!.y).toBeGreaterThan(0);
    await fresh.page.screenshot({ path: screenshotPath('stage-switches-round-captions') });
    await fresh.page.keyboard.press('c');
    expect(fresh.errors).toEqual([]);
    await fresh.context.close();

    // The scoreboard and the end: the top-right corner, clear of the title and the join corner.
    for (const p of players) {
      const o = votableOptions(p.client, p.team)[0];
      expect((await p.client.request('participant:choose', { optionId: o.id })).ok).toBe(true);
    }
    await command(host, { type: 'reveal' });
    await command(host, { type: 'closeRound' });
    await host.client.until(() => hostView(host).phase === 'between', 30_000);
    await page.mouse.move(400, 400);
    expect(await covered(page, 'between')).toEqual([]);
    await page.screenshot({ path: screenshotPath('stage-switches-scoreboard') });
    await command(host, { type: 'end' });
    await page.mouse.move(500, 500);
    expect(await covered(page, 'end')).toEqual([]);
    await page.screenshot({ path: screenshotPath('stage-switches-end') });
    expect(errors).toEqual([]);
    for (const p of players) p.client.close();
    host.client.close();
    await context.close();
  });
});
