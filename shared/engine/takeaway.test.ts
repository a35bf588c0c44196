import { describe, it, expect } from 'vitest';
import { takeawayFor, takeawayField } from './takeaway';
import type { GameState } from '../schemas/state';

// A hand-made state with two played rounds: only the fields the take-away reads.
const state = {
  phase: 'ended',
  stepChanges: 1,
  teams: { buyer: { position: 5 }, provider: { position: 3 } },
  deck: {
    cards: [
      { id: 'a', debrief: 'Who decides?', options: [{ id: 'a1', effects: { courage: -1, budget: 0, stories: -1 } }, { id: 'a2', effects: { courage: 0, budget: 0, stories: 0 } }] },
      { id: 'b', debrief: 'What did it cost?', options: [{ id: 'b1', effects: { courage: -1, budget: -2, stories: 1 } }] },
    ],
  },
  history: [
    { round: 1, cardId: 'a', cardTitle: 'Card A', stepChange: false, teams: { buyer: { playedOptionId: 'a1', playedLabel: 'Go' }, provider: { playedOptionId: 'a2', playedLabel: 'Wait' } } },
    { round: 2, cardId: 'b', cardTitle: 'Card B', stepChange: true, teams: { buyer: { playedOptionId: 'b1', playedLabel: 'Fund it' }, provider: { playedOptionId: 'b1', playedLabel: 'Fund it' } } },
  ],
} as unknown as GameState;

describe('takeawayFor (what a phone ends on)', () => {
  it('counts what the team\u2019s played moves used, round by round, with each card\u2019s lesson', () => {
    expect(takeawayFor(state, 'buyer')).toEqual({
      steps: 5,
      stepChanges: 1,
      spent: { courage: 2, budget: 1, stories: 1 },
      rounds: [
        { round: 1, cardTitle: 'Card A', played: 'Go', spent: ['courage', 'stories'], stepChange: false, lesson: 'Who decides?' },
        { round: 2, cardTitle: 'Card B', played: 'Fund it', spent: ['courage', 'budget'], stepChange: true, lesson: 'What did it cost?' },
      ],
    });
    expect(takeawayFor(state, 'provider').rounds[0].spent).toEqual([]);
  });
  it('is in the view only once the session has ended', () => {
    expect(takeawayField(state, 'buyer').takeaway?.steps).toBe(5);
    expect(takeawayField({ ...state, phase: 'between' } as GameState, 'buyer')).toEqual({});
  });
});
