import { describe, it, expect } from 'vitest';
import type { GameState } from '../../schemas/state';
import { outcomeV2 } from './outcomeV2';

// The ending's summary is in the hashed ended state: logs exported with these words must keep importing
// (HASH_MISMATCH otherwise), so the words are pinned, "rounds" and "step change(s)" included.
const game = (stepChanges: number, roundsPlayed: number, position: number, competitor = 0) =>
  ({ teams: { buyer: { position }, provider: { position } }, competitor, stepChanges, roundsPlayed, score: 10 }) as unknown as Pick<GameState, 'teams' | 'competitor' | 'stepChanges' | 'roundsPlayed' | 'score'>;

describe('outcomeV2 summaries (frozen words)', () => {
  it('Innovation partners', () => {
    expect(outcomeV2(game(1, 1, 5)).summary).toBe('Step changes in 1 of 1 rounds, ahead of the competitor: courage, budget and stories used together.');
  });
  it('Sparks of innovation', () => {
    expect(outcomeV2(game(1, 4, 9)).summary).toBe('Ahead of the competitor with 1 step change(s): the sparks are there, the habit is not yet.');
  });
});
