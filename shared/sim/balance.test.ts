import { describe, expect, it } from 'vitest';
import { defaultDeck } from '../deck/loadDeck';
import { foldEvents } from '../engine/apply';
import { dominates, findDominations } from './dominance';
import { buildScriptedLog } from './scriptedLog';
import { balanceTable } from './simulate';
import { balanced, hoarder, random, type Strategy } from './strategies';

const GAMES = 10_000;
const both = (s: Strategy) => ({ buyer: s, provider: s });

describe('balance (10,000 seeded games per strategy)', () => {
  const rows = balanceTable(
    defaultDeck,
    [
      { name: 'balanced', teams: both(balanced) },
      { name: 'courage', teams: both(hoarder('courage')) },
      { name: 'budget', teams: both(hoarder('budget')) },
      { name: 'stories', teams: both(hoarder('stories')) },
      { name: 'random', teams: both(random) },
    ],
    GAMES,
  );
  const [bal, ...others] = rows;
  it('balanced cooperative play beats every hoarder and random play by a clear margin (at least 2× the mean score)', () => {
    for (const r of others) expect(bal.meanScore, r.strategy).toBeGreaterThan(2 * r.meanScore);
  });
  it('balanced play becomes "Innovation partners" far more often than any other strategy', () => {
    for (const r of others) expect(bal.outcomes['Innovation partners'], r.strategy).toBeGreaterThan(5 * Math.max(1, r.outcomes['Innovation partners']));
  });
});

describe('dominance', () => {
  it('defines dominance as at least as good on every axis and better on one', () => {
    const base = { id: 'a', team: 'buyer' as const, label: 'a', text: 'a', effects: { courage: 0, budget: 0, stories: 0 }, progress: 1, competitor: 0, wait: false };
    expect(dominates({ ...base, progress: 2 }, base)).toBe(true);
    expect(dominates(base, base)).toBe(false);
    expect(dominates({ ...base, progress: 2, effects: { courage: -1, budget: 0, stories: 0 } }, base)).toBe(false);
  });
  it('no option of any default card dominates another option of the same team', () => {
    expect(findDominations(defaultDeck.cards)).toEqual([]);
  });
});

describe('the simulation matches the engine', () => {
  it('a scripted log folds to a finished game', () => {
    const state = foldEvents(buildScriptedLog({ deck: defaultDeck, participants: 20, rounds: 6, seed: 3 }));
    expect(state.phase).toBe('ended');
    expect(state.history).toHaveLength(6);
    expect(state.outcome).not.toBeNull();
  });
});
