import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultDeck } from '../deck/loadDeck';
import { SessionConfigSchema } from '../schemas/config';
import type { GameEvent } from '../schemas/events';
import { GameStateSchema, type GameState } from '../schemas/state';
import { POWER_UPS, TEAMS } from '../schemas/common';
import { applyEvent, applyEventInPlace, foldEvents, initialState } from './apply';
import { stateHash } from './hash';

// Random command scripts: each step picks an event kind and arguments from small pools, so that
// many are valid and many are not (wrong phase, wrong team, unknown ids…).
const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
const allOptionIds = [...new Set(defaultDeck.cards.flatMap((c) => c.options.map((o) => o.id)))];
const storyIds = ['s1', 's2', 's3'];

const stepArb: fc.Arbitrary<Omit<GameEvent, 'at'>> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('joined' as const), participantId: fc.constantFrom(...ids), name: fc.constantFrom('Sam', ' sam ', 'Alex', ''), tokenHash: fc.constantFrom('t1', 't2', 't3', 't4') }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('moved' as const), participantId: fc.constantFrom(...ids), team: fc.constantFrom(...TEAMS) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('removed' as const), participantId: fc.constantFrom(...ids), ban: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('locked' as const), locked: fc.boolean() }) },
  { weight: 3, arbitrary: fc.constantFrom({ type: 'roundStarted' as const }, { type: 'decidingStarted' as const }, { type: 'revealed' as const }, { type: 'roundClosed' as const }) },
  { weight: 1, arbitrary: fc.constantFrom({ type: 'paused' as const }, { type: 'resumed' as const }, { type: 'extended' as const, seconds: 30 }, { type: 'ended' as const }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('timeUp' as const), reason: fc.constantFrom('timer' as const, 'skip' as const) }) },
  { weight: 8, arbitrary: fc.record({ type: fc.constant('choiceMade' as const), participantId: fc.constantFrom(...ids), optionId: fc.constantFrom(...allOptionIds) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('storySubmitted' as const), participantId: fc.constantFrom(...ids), storyId: fc.constantFrom(...storyIds), text: fc.constantFrom('A story', '', 'x'.repeat(150)) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('storyVoted' as const), participantId: fc.constantFrom(...ids), storyId: fc.constantFrom(...storyIds) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('storyHidden' as const), storyId: fc.constantFrom(...storyIds), hidden: fc.boolean() }) },
);

const scriptArb = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  steps: fc.array(fc.tuple(stepArb, fc.integer({ min: 0, max: 200_000 })), { maxLength: 80 }),
});

// The deck never changes after `created`; leaving it out keeps the per-step snapshot cheap.
const snapshot = (s: GameState) => JSON.stringify({ ...s, deck: null });

function run(seed: number, steps: [Omit<GameEvent, 'at'>, number][], withChecks = false) {
  const created = { type: 'created' as const, at: 0, config: SessionConfigSchema.parse({ rounds: 3, decideSeconds: 60 }), deck: defaultDeck, seed };
  const state = initialState(created);
  const log: GameEvent[] = [created];
  let at = 0;
  const checks: { before: string; after: string; ok: boolean }[] = [];
  for (const [step, dt] of steps) {
    at += dt;
    const e = { ...step, at } as GameEvent;
    const before = withChecks ? snapshot(state) : '';
    const deck = state.deck;
    const r = applyEventInPlace(state, e);
    if (withChecks) checks.push({ before, after: snapshot(state) + (state.deck === deck ? '' : 'deck changed'), ok: r.ok });
    if (r.ok) log.push(e);
  }
  return { state, log, checks };
}

const nonNegative = (s: GameState) => TEAMS.every((t) => POWER_UPS.every((p) => s.teams[t].inventory[p] >= 0));

describe('engine invariants (fast-check)', () => {
  it('inventories never go negative, and the state always matches its schema', () => {
    fc.assert(
      fc.property(scriptArb, ({ seed, steps }) => {
        const { state } = run(seed, steps);
        expect(nonNegative(state)).toBe(true);
        for (const r of state.history) for (const t of TEAMS) expect(POWER_UPS.every((p) => r.teams[t].after[p] >= 0)).toBe(true);
        expect(GameStateSchema.safeParse(state).success).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
  it('a rejected event changes nothing', () => {
    fc.assert(
      fc.property(scriptArb, ({ seed, steps }) => {
        for (const c of run(seed, steps, true).checks) if (!c.ok) expect(c.after).toBe(c.before);
      }),
      { numRuns: 150 },
    );
  });
  it('folding the log of accepted events gives the live state', () => {
    fc.assert(
      fc.property(scriptArb, ({ seed, steps }) => {
        const { state, log } = run(seed, steps);
        expect(foldEvents(log)).toEqual(state);
      }),
      { numRuns: 150 },
    );
  });
  it('same seed and events give an identical state hash; applyEvent agrees with the in-place version', () => {
    fc.assert(
      fc.property(scriptArb, ({ seed, steps }) => {
        const a = run(seed, steps);
        const b = run(seed, steps);
        expect(stateHash(a.state)).toBe(stateHash(b.state));
        let pure = foldEvents(a.log.slice(0, 1));
        for (const e of a.log.slice(1)) {
          const r = applyEvent(pure, e);
          expect(r.ok).toBe(true);
          if (r.ok) pure = r.state;
        }
        expect(stateHash(pure)).toBe(stateHash(a.state));
      }),
      { numRuns: 60 },
    );
  });
  it('the state survives a JSON round trip', () => {
    fc.assert(
      fc.property(scriptArb, ({ seed, steps }) => {
        const { state } = run(seed, steps);
        const back = JSON.parse(JSON.stringify(state));
        expect(back).toEqual(state);
        expect(stateHash(back)).toBe(stateHash(state));
      }),
      { numRuns: 100 },
    );
  });
});
