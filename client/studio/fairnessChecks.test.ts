import { describe, it, expect } from 'vitest';
import { defaultDeck, defaultDeckV2 } from '../../shared/deck/loadDeck';
import { deckEconomy } from '../../shared/deck/deckEconomy';
import { runFairnessChecks, type Progress } from './fairnessChecks';

describe('fairness check steps (what the worker runs)', () => {
  it('reports the same economy as deckEconomy, with progress to the end', () => {
    const seen: Progress[] = [];
    const r = runFairnessChecks(JSON.parse(JSON.stringify(defaultDeckV2)), (p) => seen.push(p));
    expect(r.ok && r.economy).toEqual(deckEconomy(defaultDeckV2));
    expect(seen.at(-1)).toMatchObject({ done: 2, total: 2 });
    expect(seen.map((p) => p.done)).toEqual([0, 1, 2]);
  });
  it('shows a v1 deck\u2019s imbalance, and refuses an invalid deck with its errors', () => {
    const v1 = runFairnessChecks(defaultDeck);
    expect(v1.ok && v1.economy.violations.length).toBeGreaterThan(0);
    const bad = runFairnessChecks({ id: 'x', title: 'x', cards: [] });
    expect(bad.ok).toBe(false);
  });
});
