// Issue 13 items 14 and 16: one fold policy for every reader of a log, and the state hash is required.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { foldEvents, RefusedLogEvent } from '../engine/apply';
import { stateHash } from '../engine/hash';
import { newGame, join } from '../engine/testkit';
import { ReplayIndex } from './replayIndex';
import { ImportableLogSchema, ExportedLogSchema } from './logFormat';
import { stateHashInSteps } from './hashInSteps';
import type { GameEvent } from '../schemas/events';

function smallGame() {
  const g = newGame({ rounds: 1, storyRounds: false });
  join(g, 4);
  g.ok({ type: 'roundStarted' });
  g.ok({ type: 'decidingStarted' });
  g.ok({ type: 'revealed' });
  g.ok({ type: 'ended' });
  return g;
}

describe('one fold policy', () => {
  it('foldEvents and ReplayIndex both refuse a log with any refused event, naming the same event', () => {
    const g = smallGame();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: g.log.length }), (at) => {
        // A second `created` is refused wherever it is put.
        const bad: GameEvent[] = [...g.log.slice(0, at), g.log[0], ...g.log.slice(at)];
        let a: unknown;
        let b: unknown;
        try {
          foldEvents(bad);
        } catch (e) {
          a = e;
        }
        try {
          new ReplayIndex(bad);
        } catch (e) {
          b = e;
        }
        expect(a).toBeInstanceOf(RefusedLogEvent);
        expect(b).toBeInstanceOf(RefusedLogEvent);
        expect((a as Error).message).toBe(`event ${at + 1} (created) does not apply: ALREADY_CREATED`);
        expect((b as Error).message).toBe((a as Error).message);
      }),
      { numRuns: 30 },
    );
  });

  it('the hash computed in steps equals stateHash', async () => {
    const g = smallGame();
    expect(await stateHashInSteps(g.state, 0)).toBe(stateHash(g.state));
    expect(await stateHashInSteps({ a: [1, undefined, 'x'], b: undefined, c: null })).toBe(stateHash({ a: [1, undefined, 'x'], b: undefined, c: null }));
  });

  it('an importable log must carry its state hash; a served tail need not', () => {
    const g = smallGame();
    const log = { format: 'powerup-log', version: 1, code: 'ABCDE', events: g.log.map((event, i) => ({ seq: i + 1, event })) };
    expect(ImportableLogSchema.safeParse(log).success).toBe(false);
    expect(ImportableLogSchema.safeParse({ ...log, stateHash: stateHash(foldEvents(g.log)) }).success).toBe(true);
    expect(ExportedLogSchema.safeParse(log).success).toBe(true);
  });
});
