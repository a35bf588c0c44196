import { describe, expect, it } from 'vitest';
import { SessionConfigSchema, type SessionConfigInput } from '../../schemas/config';
import { GameEventSchema, type GameEvent } from '../../schemas/events';
import type { GameState } from '../../schemas/state';
import type { RoundResult } from '../../schemas/result';
import { defaultDeck, defaultDeckV2 } from '../../deck/loadDeck';
import { applyEventInPlace, initialState } from '../apply';
import { stateHash } from '../hash';
import { viewFor } from '../views';
import { fixtureDeckV2 } from './fixtureV2';
import { scriptedV2Log } from '../../replay/scriptedV2Log';
import { debriefFigures } from '../../replay/figures';
import { debriefScript } from '../../replay/debriefScript';
import { shortComparison, gotThrough, predictionRows, predictionSentences, predictionTallies, revealComparison, teamCall } from './predictionRecord';

// x0, x2, x4 are Buyers; x1, x3, x5 Providers (balanced joins, Buyer first).
function session(config: SessionConfigInput = { predictSeconds: 30 }, rules: 2 | null = 2) {
  const created = { type: 'created' as const, at: 0, config: SessionConfigSchema.parse({ storyRounds: false, ...config }), deck: rules ? fixtureDeckV2() : defaultDeck, seed: 5, ...(rules ? { rules } : {}) };
  const state = initialState(created);
  let at = 0;
  const apply = (e: object) => applyEventInPlace(state, { at: (at += 10), ...e } as GameEvent);
  const ok = (e: object) => {
    const r = apply(e);
    if (!r.ok) throw new Error(`${(e as { type: string }).type}: ${r.code}`);
  };
  for (let i = 0; i < 6; i++) ok({ type: 'joined', participantId: `x${i}`, name: `P${i}`, tokenHash: `t${i}` });
  ok({ type: 'roundStarted' });
  ok({ type: 'decidingStarted' });
  return { state, ok, apply, now: () => at };
}
const tap = (participantId: string, team: 'buyer' | 'provider', question: 'through' | 'step', expect: boolean) => ({ type: 'predicted', participantId, team, question, expect });
const refusedUnchanged = (state: GameState, apply: (e: object) => { ok: boolean; code?: string }, e: object, code: string) => {
  const before = stateHash(state);
  const r = apply(e) as { ok: false; code: string };
  expect(r.ok).toBe(false);
  expect(r.code).toBe(code);
  expect(stateHash(state)).toBe(before);
};

describe('prediction window (rules v2, config.predictSeconds)', () => {
  it('opens when the vote closes (skip or timer), with its own timer; votes are closed and taps are refused before', () => {
    const { state, ok, apply, now } = session();
    ok({ type: 'choiceMade', participantId: 'x0', optionId: 'sandbox' });
    refusedUnchanged(state, apply, tap('x0', 'buyer', 'through', true), 'PREDICTIONS_CLOSED');
    ok({ type: 'timeUp', reason: 'skip' });
    expect(state.phase).toBe('predicting');
    expect(state.timer.deadline).toBe(now() + 30_000);
    expect(state.history).toHaveLength(0);
    refusedUnchanged(state, apply, { type: 'choiceMade', participantId: 'x2', optionId: 'sandbox' }, 'WRONG_PHASE');

    // The timer's own time up: too early is refused, at the deadline the round is revealed.
    const s2 = session();
    s2.state.timer.deadline = s2.now() + 5;
    s2.ok({ type: 'timeUp', reason: 'timer', at: s2.now() + 100 });
    expect(s2.state.phase).toBe('predicting');
    expect(s2.apply({ type: 'timeUp', reason: 'timer', at: s2.now() + 100 })).toMatchObject({ ok: false, code: 'TOO_EARLY' });
    s2.ok({ type: 'timeUp', reason: 'timer', at: s2.state.timer.deadline! });
    expect(s2.state.phase).toBe('reveal');
    expect(s2.state.history[0].predictions).toBeDefined();
  });

  it('counts each tap, lets a member change it until the reveal, and refuses the other team, the removed and a paused window', () => {
    const { state, ok, apply } = session();
    ok({ type: 'timeUp', reason: 'skip' });
    ok(tap('x0', 'buyer', 'through', true));
    ok(tap('x2', 'buyer', 'through', true));
    ok(tap('x4', 'buyer', 'through', false));
    ok(tap('x0', 'buyer', 'step', false));
    ok(tap('x1', 'provider', 'step', true));
    const counts = () => JSON.parse(JSON.stringify(state.round!.predictions!.counts));
    expect(counts().buyer).toEqual({ through: { yes: 2, no: 1 }, step: { yes: 0, no: 1 } });
    // The same tap again changes nothing; a change of mind moves the count.
    const before = stateHash(state);
    ok(tap('x0', 'buyer', 'through', true));
    expect(stateHash(state)).toBe(before);
    ok(tap('x0', 'buyer', 'through', false));
    expect(counts().buyer.through).toEqual({ yes: 1, no: 2 });
    refusedUnchanged(state, apply, tap('x0', 'provider', 'through', true), 'OTHER_TEAM_PREDICTION');
    refusedUnchanged(state, apply, tap('nobody', 'buyer', 'through', true), 'NOT_A_PARTICIPANT');
    // Someone moved or removed in the window takes their taps with them.
    ok({ type: 'moved', participantId: 'x2', team: 'provider' });
    expect(counts().buyer.through).toEqual({ yes: 0, no: 2 });
    ok({ type: 'removed', participantId: 'x1', ban: false });
    expect(counts().provider.step).toEqual({ yes: 0, no: 0 });
    refusedUnchanged(state, apply, tap('x1', 'provider', 'step', true), 'NOT_A_PARTICIPANT');
    ok({ type: 'paused' });
    refusedUnchanged(state, apply, tap('x4', 'buyer', 'step', true), 'PAUSED');
    ok({ type: 'resumed' });
    ok({ type: 'revealed' });
    refusedUnchanged(state, apply, tap('x4', 'buyer', 'step', true), 'PREDICTIONS_CLOSED');
    expect(state.history[0].predictions).toEqual({
      buyer: { members: 2, through: { yes: 0, no: 2 }, step: { yes: 0, no: 1 } },
      provider: { members: 3, through: { yes: 0, no: 0 }, step: { yes: 0, no: 0 } },
    });
  });

  it('the facilitator can reveal at any time: from the vote (no window, no predictions in the result) or from the window', () => {
    const a = session();
    a.ok({ type: 'revealed' });
    expect(a.state.phase).toBe('reveal');
    expect(a.state.history[0].predictions).toBeUndefined();
    const b = session();
    b.ok({ type: 'timeUp', reason: 'skip' });
    b.ok({ type: 'timeUp', reason: 'skip' });
    expect(b.state.phase).toBe('reveal');
    expect(b.state.history[0].predictions).toBeDefined();
  });

  it('without predictSeconds (older v2 logs) and in v1 the vote goes straight to the reveal, as before', () => {
    const v2 = session({});
    v2.ok({ type: 'timeUp', reason: 'skip' });
    expect(v2.state.phase).toBe('reveal');
    expect(v2.state.history[0].predictions).toBeUndefined();
    expect(v2.apply(tap('x0', 'buyer', 'through', true))).toMatchObject({ ok: false, code: 'PREDICTIONS_CLOSED' });
    const v1 = session({ predictSeconds: 30, storyRounds: false }, null);
    v1.ok({ type: 'timeUp', reason: 'skip' });
    expect(v1.state.phase).toBe('reveal');
    expect(JSON.stringify(v1.state)).not.toContain('"predictions"');
  });

  it('views: a phone sees only its own taps before the reveal; the console and stage see the split; everyone sees it after', () => {
    const { state, ok } = session();
    ok({ type: 'timeUp', reason: 'skip' });
    ok(tap('x0', 'buyer', 'through', true));
    ok(tap('x2', 'buyer', 'through', true));
    ok(tap('x4', 'buyer', 'step', true));
    const phone = viewFor(state, { kind: 'participant', participantId: 'x0' })!;
    expect(phone.me.myPrediction).toEqual({ through: true, step: null });
    expect(viewFor(state, { kind: 'participant', participantId: 'x4' })!.me.myPrediction).toEqual({ through: null, step: true });
    // Nobody else's taps and no counts in a phone's view.
    const json = JSON.stringify(phone);
    expect(json).not.toContain('"predictions"');
    expect(json).not.toContain('"yes"');
    const split = { buyer: { members: 3, through: { yes: 2, no: 0 }, step: { yes: 1, no: 0 } }, provider: { members: 3, through: { yes: 0, no: 0 }, step: { yes: 0, no: 0 } } };
    expect(viewFor(state, { kind: 'stage' })!.predictions).toEqual(split);
    expect(viewFor(state, { kind: 'facilitator' })!.predictions).toEqual(split);
    ok({ type: 'revealed' });
    expect(viewFor(state, { kind: 'stage' })!.lastResult!.predictions).toEqual(split);
    ok({ type: 'roundClosed' });
    expect(viewFor(state, { kind: 'participant', participantId: 'x1' })!.lastResult!.predictions).toEqual(split);
  });

  it('the event schema refuses unknown questions and non-boolean answers', () => {
    const good = { type: 'predicted', at: 1, participantId: 'x0', team: 'buyer', question: 'through', expect: true };
    expect(GameEventSchema.safeParse(good).success).toBe(true);
    expect(GameEventSchema.safeParse({ ...good, question: 'win' }).success).toBe(false);
    expect(GameEventSchema.safeParse({ ...good, expect: 'yes' }).success).toBe(false);
    expect(GameEventSchema.safeParse({ ...good, team: 'competitor' }).success).toBe(false);
  });
});

describe('predictions against outcomes', () => {
  // Five rounds of the default v2 deck; Buyers 3 members tapping by a fixed pattern, Providers 3.
  const pattern = (round: number, team: 'buyer' | 'provider', member: number) => ({
    through: team === 'buyer' ? member < 2 || round === 0 : (round + member) % 2 === 0,
    ...(member === 2 && round % 2 === 1 ? {} : { step: team === 'provider' ? round >= 2 : member === 0 && round === 4 }),
  });
  const { state, events } = scriptedV2Log({ deck: defaultDeckV2, picks: [{}, { buyer: null }, {}, {}, {}], perTeam: 3, config: { predictSeconds: 20 }, predict: pattern });
  const history = state.history as RoundResult[];

  it('every round records both teams\u2019 splits, and the tallies match a count done by hand from the taps', () => {
    expect(history.every((r) => r.predictions)).toBe(true);
    for (const team of ['buyer', 'provider'] as const)
      for (const question of ['through', 'step'] as const) {
        let expected = 0;
        let did = 0;
        let right = 0;
        let split = 0;
        history.forEach((r, round) => {
          let yes = 0;
          let no = 0;
          for (let m = 0; m < 3; m++) {
            const v = pattern(round, team, m)[question];
            if (v === true) yes++;
            if (v === false) no++;
          }
          expect(r.predictions![team][question]).toEqual({ yes, no });
          const actual = question === 'through' ? !r.teams[team].downgraded && r.teams[team].playedOptionId === r.teams[team].chosenOptionId && r.teams[team].hazard !== 'shutDown' : r.stepChange;
          if (actual) did++;
          if (yes > no) expected++;
          if (yes === no) split++;
          else if ((yes > no) === actual) right++;
        });
        const t = predictionTallies(history).find((x) => x.team === team && x.question === question)!;
        expect(t).toMatchObject({ rounds: 5, expected, happened: did, right, split });
      }
    expect(predictionRows(history)).toHaveLength(5 * 2 * 2);
  });

  it('a tie is a split (no call), a round without a window is not counted, and the sentences say it plainly', () => {
    expect(teamCall({ members: 4, through: { yes: 2, no: 2 }, step: { yes: 0, no: 0 } }, 'through')).toBe('split');
    expect(teamCall({ members: 4, through: { yes: 2, no: 2 }, step: { yes: 0, no: 0 } }, 'step')).toBe('split');
    expect(teamCall({ members: 4, through: { yes: 1, no: 0 }, step: { yes: 0, no: 1 } }, 'step')).toBe('no');
    const noWindow = history.map((r, i) => (i === 0 ? { ...r, predictions: undefined } : r));
    expect(predictionTallies(noWindow)[0].rounds).toBe(4);
    expect(predictionTallies([])).toEqual([]);
    const t = predictionTallies(history)[0];
    expect(predictionSentences(history)[0]).toBe(`Buyer expected to get through in ${t.expected} of 5 rounds; it did in ${t.happened} (right in ${t.right} of ${5 - t.split}${t.split ? `, ${t.split} split` : ''}).`);
    const allSplit = history.map((r) => ({ ...r, predictions: { ...r.predictions!, buyer: { members: 2, through: { yes: 1, no: 1 }, step: { yes: 0, no: 0 } } } }));
    expect(predictionSentences(allSplit)[0]).toMatch(/^Buyer expected to get through in 0 of 5 rounds; it did in \d \(the team was split every time\)\.$/);
    expect(predictionSentences(history)[1]).toMatch(/^Buyer expected a step change in \d of 5 rounds; the partnership made one in \d/);
  });

  it('"gets through": the chosen move played, not replaced by the wait option, not shut down', () => {
    const r = history[0].teams.buyer;
    expect(gotThrough(r)).toBe(r.playedOptionId === r.chosenOptionId && r.hazard !== 'shutDown');
    expect(gotThrough({ ...r, downgraded: true, playedOptionId: 'wait' })).toBe(false);
    expect(gotThrough({ ...r, hazard: 'shutDown' })).toBe(false);
    expect(gotThrough({ ...r, hazard: 'lifeLost', downgraded: false, playedOptionId: r.chosenOptionId })).toBe(true);
    const line = revealComparison(history[0], 'buyer')!;
    expect(line).toMatch(/^Buyer expected to get through \(3 yes, 0 no of 3\): it (did|did not) \u2014 (right|wrong)\. Buyer /);
    expect(revealComparison({ ...history[0], predictions: undefined }, 'buyer')).toBeNull();
    expect(shortComparison(history[0], 'buyer')).toMatch(/^Buyer: through \u2014 said yes, (right|wrong) \u00b7 step change \u2014 (said yes, (right|wrong)|said no, (right|wrong)|split)\.$/);
  });

  it('the debrief carries the comparison: figures (session and per round), print/replay lines and the script’s "what happened"', () => {
    const f = debriefFigures(events, state);
    expect(f.predictions).toEqual(predictionSentences(history));
    expect(f.predictions).toHaveLength(4);
    expect(f.rounds[0].predictions).toEqual([revealComparison(history[0], 'buyer'), revealComparison(history[0], 'provider')]);
    const happened = debriefScript(state).phases.find((p) => p.id === 'happened')!;
    for (const s of f.predictions) expect(happened.figures).toContain(s);
    expect(happened.prompts.some((p) => p.includes('you predicted'))).toBe(true);
    // A session without prediction windows: nothing about predictions anywhere in the debrief.
    const plain = scriptedV2Log({ deck: defaultDeckV2, picks: [{}, {}], perTeam: 2 });
    expect(debriefFigures(plain.events, plain.state).predictions).toEqual([]);
    expect(JSON.stringify(debriefScript(plain.state))).not.toMatch(/predict/i);
  });
});
