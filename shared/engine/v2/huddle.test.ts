import { describe, expect, it } from 'vitest';
import { SessionConfigSchema, type SessionConfigInput } from '../../schemas/config';
import type { GameEvent } from '../../schemas/events';
import { applyEventInPlace, foldEvents, initialState } from '../apply';
import { stateHash } from '../hash';
import { viewFor } from '../views';
import { fixtureCard, fixtureDeckV2 } from './fixtureV2';
import { huddleRoundsOf, jointBackerNames, stakesText } from './huddle';
import { RULES_V2 } from './rulesV2';
import { whatIfs } from './whatIf';

type Draft = GameEvent extends infer E ? (E extends GameEvent ? Omit<E, 'at'> : never) : never;

/** A rules v2 session of four (x0, x2 Buyers; x1, x3 Providers) on the fixture card, no story stage. */
function game(config: SessionConfigInput = {}, v1 = false) {
  const created = {
    type: 'created' as const,
    at: 0,
    config: SessionConfigSchema.parse({ rounds: 4, storyRounds: false, decideSeconds: 60, ...config }),
    deck: fixtureDeckV2([fixtureCard('a'), fixtureCard('b'), fixtureCard('c'), fixtureCard('d')]),
    seed: 5,
    ...(v1 ? {} : { rules: 2 as const }),
  };
  const state = initialState(created);
  const log: GameEvent[] = [created];
  let at = 0;
  const tryIt = (e: Draft, when?: number) => {
    const event = { at: when ?? (at += 10), ...e } as GameEvent;
    if (when !== undefined) at = when;
    const r = applyEventInPlace(state, event);
    if (r.ok) log.push(event);
    return r;
  };
  const ok = (e: Draft, when?: number) => {
    const r = tryIt(e, when);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.code}`);
  };
  for (let i = 0; i < 4; i++) ok({ type: 'joined', participantId: `x${i}`, name: `P${i}`, tokenHash: `t${i}` });
  return { state, log, ok, tryIt, now: () => at };
}

/** Plays a round to its reveal with the joint move (a step change on the fixture card) or with waits. */
function round(g: ReturnType<typeof game>, joint: boolean | [string, string]) {
  const [buyer, provider] = Array.isArray(joint) ? joint : joint ? ['sandbox', 'cofund'] : ['decline', 'wait-ask'];
  g.ok({ type: 'roundStarted' });
  g.ok({ type: 'decidingStarted' });
  if (g.state.phase === 'huddle') g.ok({ type: 'timeUp', reason: 'skip' });
  for (const id of ['x0', 'x2']) g.ok({ type: 'choiceMade', participantId: id, optionId: buyer });
  for (const id of ['x1', 'x3']) g.ok({ type: 'choiceMade', participantId: id, optionId: provider });
  g.ok({ type: 'revealed' });
  const r = g.state.history[g.state.history.length - 1];
  g.ok({ type: 'roundClosed' });
  return r;
}

describe('cross-team huddles (rules v2)', () => {
  it('opens a huddle round with a timed huddle, then the vote; votes cast in the huddle carry over', () => {
    const g = game({ huddleRounds: [1], huddleSeconds: 45 });
    g.ok({ type: 'roundStarted' });
    g.ok({ type: 'decidingStarted' }, 1_000);
    expect(g.state.phase).toBe('huddle');
    expect(g.state.timer).toEqual({ deadline: 1_000 + 45_000, remainingMs: null, paused: false });
    g.ok({ type: 'choiceMade', participantId: 'x0', optionId: 'sandbox' });
    expect(viewFor(g.state, { kind: 'participant', participantId: 'x1' })!.jointBacking).toEqual({ buyer: 1, provider: 0 });
    // The huddle's own timer ends it: too early is refused, on time the vote opens with decideSeconds.
    expect(g.tryIt({ type: 'timeUp', reason: 'timer' }, 45_000)).toMatchObject({ ok: false, code: 'TOO_EARLY' });
    g.ok({ type: 'timeUp', reason: 'timer' }, 46_000);
    expect(g.state.phase).toBe('deciding');
    expect(g.state.timer.deadline).toBe(46_000 + 60_000);
    expect(g.state.round!.choices).toEqual({ x0: 'sandbox' });
  });

  it('the huddle timer pauses, resumes and extends like any other, and a paused huddle takes no votes', () => {
    const g = game({ huddleRounds: [1] });
    g.ok({ type: 'roundStarted' });
    g.ok({ type: 'decidingStarted' }, 1_000);
    expect(g.state.timer.deadline).toBe(1_000 + RULES_V2.huddleSeconds * 1000);
    g.ok({ type: 'paused' }, 11_000);
    expect(g.state.timer).toEqual({ deadline: null, remainingMs: 50_000, paused: true });
    expect(g.tryIt({ type: 'choiceMade', participantId: 'x0', optionId: 'sandbox' })).toMatchObject({ ok: false, code: 'PAUSED' });
    expect(g.tryIt({ type: 'timeUp', reason: 'timer' }, 100_000)).toMatchObject({ ok: false, code: 'PAUSED' });
    g.ok({ type: 'extended', seconds: 30 });
    g.ok({ type: 'resumed' }, 200_000);
    expect(g.state.timer.deadline).toBe(200_000 + 80_000);
    expect(g.state.phase).toBe('huddle');
  });

  it('a round without a huddle goes straight to the vote, as before', () => {
    const g = game({ huddleRounds: [2] });
    g.ok({ type: 'roundStarted' });
    g.ok({ type: 'decidingStarted' });
    expect(g.state.phase).toBe('deciding');
  });

  it('on a story card the huddle comes after the pitches, with the pitches settled', () => {
    const g = game({ huddleRounds: [1], storyRounds: true });
    g.ok({ type: 'roundStarted' });
    g.ok({ type: 'decidingStarted' });
    expect(g.state.phase).toBe('stories');
    g.ok({ type: 'timeUp', reason: 'skip' });
    expect(g.state.phase).toBe('storyVote');
    g.ok({ type: 'timeUp', reason: 'skip' });
    expect(g.state.phase).toBe('huddle');
    expect(g.state.round!.pitches).toEqual({ buyer: null, provider: null });
    g.ok({ type: 'timeUp', reason: 'skip' });
    expect(g.state.phase).toBe('deciding');
  });

  it('a step change in a huddle round is worth the multiplier times its points, and later rounds keep the bonus', () => {
    const plain = game();
    const staked = game({ huddleRounds: [2] });
    const a = [round(plain, true), round(plain, true), round(plain, false)];
    const b = [round(staked, true), round(staked, true), round(staked, false)];
    expect(b[0].score).toBe(a[0].score);
    expect(b[0].stakes).toBeUndefined();
    const extra = (RULES_V2.huddleStarMultiplier - 1) * RULES_V2.starScore;
    expect(extra).toBeGreaterThan(0);
    expect(b[1].stepChange).toBe(true);
    expect(b[1].stakes).toEqual({ multiplier: RULES_V2.huddleStarMultiplier, before: 0, bonus: extra });
    expect(b[1].score).toBe(a[1].score + extra);
    expect(b[1].explanation.at(-1)).toBe(`Huddle round: the step change counted double, +${extra} extra points.`);
    expect(b[2].explanation.join(' ')).not.toContain('Huddle');
    expect(b[2].stakes).toEqual({ multiplier: 1, before: extra, bonus: 0 });
    expect(b[2].score).toBe(a[2].score + extra);
    expect(staked.state.score).toBe(plain.state.score + extra);
    staked.ok({ type: 'ended' });
    expect(staked.state.outcome!.score).toBe(staked.state.score);
  });

  it('a huddle round without a step change earns nothing extra', () => {
    const g = game({ huddleRounds: [1] });
    const r = round(g, false);
    expect(r.stepChange).toBe(false);
    expect(r.stakes).toEqual({ multiplier: RULES_V2.huddleStarMultiplier, before: 0, bonus: 0 });
  });

  it('what-if lines of a huddle round count its stakes (the same score change as playing it)', () => {
    const played = game({ huddleRounds: [1] });
    const r = round(played, ['sandbox', 'polish']);
    expect(r.stepChange).toBe(false);
    const line = whatIfs(r, played.state.deck.cards[0], 0, 10).find((l) => l.team === 'provider' && l.optionId === 'cofund')!;
    expect(line.stepChange).toBe(true);
    const other = game({ huddleRounds: [1] });
    const alt = round(other, ['sandbox', 'cofund']);
    expect(alt.stakes!.bonus).toBeGreaterThan(0);
    expect(line.scoreDelta).toBe(alt.score - r.score);
  });

  it('huddleSet marks and unmarks rounds still to come, refuses started ones with clear codes, and is logged', () => {
    const g = game({ huddleRounds: [3] });
    expect(huddleRoundsOf(g.state)).toEqual([3]);
    g.ok({ type: 'huddleSet', round: 2, huddle: true });
    g.ok({ type: 'huddleSet', round: 3, huddle: false });
    expect(g.state.huddleRounds).toEqual([2]);
    g.ok({ type: 'roundStarted' });
    expect(g.tryIt({ type: 'huddleSet', round: 1, huddle: true })).toMatchObject({ ok: false, code: 'ROUND_STARTED' });
    expect(g.tryIt({ type: 'huddleSet', round: 5, huddle: true })).toMatchObject({ ok: false, code: 'NO_SUCH_ROUND' });
    g.ok({ type: 'decidingStarted' });
    expect(g.state.phase).toBe('deciding');
    g.ok({ type: 'revealed' });
    g.ok({ type: 'roundClosed' });
    // Between rounds 1 and 2, round 2 has not started: it can still change.
    g.ok({ type: 'huddleSet', round: 2, huddle: false });
    g.ok({ type: 'huddleSet', round: 2, huddle: true });
    g.ok({ type: 'roundStarted' });
    g.ok({ type: 'decidingStarted' });
    expect(g.state.phase).toBe('huddle');
    expect(g.tryIt({ type: 'huddleSet', round: 2, huddle: false })).toMatchObject({ ok: false, code: 'ROUND_STARTED' });
    // The log replays to the same state.
    expect(stateHash(foldEvents(g.log))).toBe(stateHash(g.state));
    g.ok({ type: 'ended' });
    expect(g.tryIt({ type: 'huddleSet', round: 4, huddle: true })).toMatchObject({ ok: false, code: 'ALREADY_ENDED' });
  });

  it('rules v1 has no huddles: huddleSet is refused and its configs change nothing', () => {
    const g = game({ huddleRounds: [1] }, true);
    expect(g.tryIt({ type: 'huddleSet', round: 2, huddle: true })).toMatchObject({ ok: false, code: 'HUDDLES_V2_ONLY' });
    g.ok({ type: 'roundStarted' });
    g.ok({ type: 'decidingStarted' });
    expect(g.state.phase).toBe('deciding');
  });

  it('a session without huddles has the same state as before huddles existed (no new fields)', () => {
    const g = game();
    round(g, true);
    expect('huddleRounds' in g.state).toBe(false);
    expect('stakes' in g.state.history[0]).toBe(false);
  });

  it('every view states the stakes in a huddle round; names of joint backers are for the facilitator only', () => {
    const g = game({ huddleRounds: [1] });
    g.ok({ type: 'roundStarted' });
    g.ok({ type: 'decidingStarted' });
    g.ok({ type: 'choiceMade', participantId: 'x0', optionId: 'sandbox' });
    g.ok({ type: 'choiceMade', participantId: 'x1', optionId: 'cofund' });
    g.ok({ type: 'choiceMade', participantId: 'x3', optionId: 'polish' });
    for (const viewer of [{ kind: 'participant' as const, participantId: 'x0' }, { kind: 'stage' as const }, { kind: 'facilitator' as const }]) {
      const v = viewFor(g.state, viewer)!;
      expect(v.huddle).toEqual({ rounds: [1], seconds: RULES_V2.huddleSeconds, multiplier: RULES_V2.huddleStarMultiplier, thisRound: true });
      expect(v.jointBacking).toEqual({ buyer: 1, provider: 1 });
    }
    // Phones get counts only: no one else's choice.
    const phone = viewFor(g.state, { kind: 'participant', participantId: 'x2' })!;
    expect(JSON.stringify(phone)).not.toContain('"x1":');
    const f = viewFor(g.state, { kind: 'facilitator' })!;
    expect(jointBackerNames(f.fullCard, f.round, f.state.participants)).toEqual({ buyer: ['P0'], provider: ['P1'] });
    expect(stakesText()).toContain('double points (10 instead of 5)');
  });
});
