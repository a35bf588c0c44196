import { describe, it, expect } from 'vitest';
import type { GameState } from '../../schemas/state';
import { outcomeV2 } from './outcomeV2';

// The ending's summary counts agree with their number (issue 15): "1 of 1 round", "1 step change".
const game = (stepChanges: number, roundsPlayed: number, position: number, competitor = 0) =>
  ({ teams: { buyer: { position }, provider: { position } }, competitor, stepChanges, roundsPlayed, score: 10 }) as unknown as Pick<GameState, 'teams' | 'competitor' | 'stepChanges' | 'roundsPlayed' | 'score'>;

describe('outcomeV2 summaries', () => {
  it('says "1 of 1 round" and "2 of 3 rounds"', () => {
    expect(outcomeV2(game(1, 1, 5)).summary).toMatch(/^Step changes in 1 of 1 round, ahead/);
    expect(outcomeV2(game(2, 3, 9)).summary).toMatch(/^Step changes in 2 of 3 rounds, ahead/);
  });
  it('says "1 step change", not "1 step change(s)"', () => {
    expect(outcomeV2(game(1, 4, 9)).summary).toContain('with 1 step change: the sparks');
  });
});
