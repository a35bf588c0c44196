import { describe, expect, it } from 'vitest';
import type { Card } from '../schemas/deck';
import type { TeamState } from '../schemas/state';
import { decideTeam } from './decide';
import { explainRound } from './explain';
import { outcomeOf } from './outcome';
import { resolveRound, type ResolveInput } from './resolve';
import { RULES } from './rules';

// A card with plain numbers so each rule can be checked by hand.
const card: Card = {
  id: 'test',
  title: 'Test card',
  situation: 'A situation.',
  briefs: { buyer: 'Buyer brief.', provider: 'Provider brief.' },
  options: [
    { id: 'b-spend', team: 'buyer', label: 'Spend', text: 'x', effects: { courage: -2, budget: 0, stories: 0 }, progress: 3, competitor: 0, wait: false },
    { id: 'b-trade', team: 'buyer', label: 'Trade', text: 'x', effects: { courage: 0, budget: -1, stories: 1 }, progress: 2, competitor: 0, wait: false },
    { id: 'b-earn', team: 'buyer', label: 'Earn', text: 'x', effects: { courage: 2, budget: 0, stories: -1 }, progress: 1, competitor: 0, wait: false },
    { id: 'b-wait', team: 'buyer', label: 'Wait', text: 'x', effects: { courage: 0, budget: 1, stories: 0 }, progress: 0, competitor: 1, wait: true },
    { id: 'p-spend', team: 'provider', label: 'Spend', text: 'x', effects: { courage: 0, budget: -2, stories: 0 }, progress: 3, competitor: 0, wait: false },
    { id: 'p-trade', team: 'provider', label: 'Trade', text: 'x', effects: { courage: 1, budget: 0, stories: -1 }, progress: 2, competitor: 0, wait: false },
    { id: 'p-wait', team: 'provider', label: 'Wait', text: 'x', effects: { courage: 0, budget: 1, stories: 0 }, progress: 0, competitor: 1, wait: true },
  ],
  hazard: { title: 'Veto', text: 'x', strikes: 'courage', damage: 1, chance: 0 },
  opportunity: { title: 'Big win', text: 'x', reach: 2, bonus: 2 },
  debrief: 'Why?',
  themes: [],
};

const team = (inv = { courage: 3, budget: 3, stories: 3 }, lives = 1): TeamState => ({
  size: 1, inventory: inv, lives, position: 0, hitsAbsorbed: 0, shutDowns: 0, loops: 0, opportunities: 0,
});

function input(over: Partial<ResolveInput> & { b?: string; p?: string; c?: Card } = {}): ResolveInput {
  const c = over.c ?? card;
  return {
    card: c,
    index: 0,
    startedAt: 0,
    resolvedAt: 1,
    teams: {
      buyer: { state: team(), tally: over.b ? { [over.b]: 1 } : {}, voters: over.b ? 1 : 0 },
      provider: { state: team(), tally: over.p ? { [over.p]: 1 } : {}, voters: over.p ? 1 : 0 },
    },
    competitor: 0,
    stepChanges: 0,
    bestStories: { buyer: null, provider: null },
    stories: [],
    prng: 12345,
    ...over,
  };
}
const withHazard = (chance: number, damage = 1): Card => ({ ...card, hazard: { ...card.hazard, chance, damage } });

describe('team decision', () => {
  it('takes the option with the most votes', () => {
    expect(decideTeam(card, 'buyer', { 'b-spend': 2, 'b-trade': 3 })).toEqual({ chosen: card.options[1], decidedBy: 'majority' });
  });
  it('breaks a tie in favour of the option spending least, then card order', () => {
    expect(decideTeam(card, 'buyer', { 'b-spend': 2, 'b-trade': 2 }).chosen.id).toBe('b-trade');
    expect(decideTeam(card, 'buyer', { 'b-trade': 1, 'b-earn': 1 }).chosen.id).toBe('b-trade');
    expect(decideTeam(card, 'buyer', { 'b-trade': 1, 'b-earn': 1 }).decidedBy).toBe('tieBreak');
  });
  it('never gives a step change to teams that wait', () => {
    const r = resolveRound(input({})).result;
    expect(r.teams.buyer.gate).toBe('waited');
    expect(r.stepChange).toBe(false);
  });
  it('takes the wait option when nobody voted', () => {
    expect(decideTeam(card, 'buyer', {})).toEqual({ chosen: card.options[3], decidedBy: 'noVotes' });
  });
});

describe('round resolution', () => {
  it('applies effects and moves teams that pass the gate; both through is a step change', () => {
    const out = resolveRound(input({ b: 'b-trade', p: 'p-trade' }));
    const b = out.result.teams.buyer;
    expect(b.afterEffects).toEqual({ courage: 3, budget: 2, stories: 4 });
    expect(b.gate).toBe('passed');
    // The "?" block tops up the scarcest power-up.
    expect(b.blockReward).toBe('budget');
    expect(b.after).toEqual({ courage: 3, budget: 3, stories: 4 });
    expect(b.opportunityReached).toBe(true);
    expect(out.result.stepChange).toBe(true);
    expect(b.progress).toBe(2 + card.opportunity.bonus + RULES.starSteps);
    expect(out.teams.buyer.lives).toBe(RULES.startLives + RULES.starLives);
    expect(out.stepChanges).toBe(1);
  });
  it('downgrades an unaffordable option to the wait option, explicitly', () => {
    const i = input({ b: 'b-spend', p: 'p-trade' });
    i.teams.buyer.state = team({ courage: 1, budget: 3, stories: 3 });
    const b = resolveRound(i).result.teams.buyer;
    expect(b.downgraded).toBe(true);
    expect(b.shortOf).toEqual(['courage']);
    expect(b.playedOptionId).toBe('b-wait');
  });
  it('sends a team without all three power-ups round the loop: no progress, no step change', () => {
    const out = resolveRound(input({ b: 'b-spend', p: 'p-trade' }));
    // Buyer spent 2 of its 3 Courage: still holds 1, passes. Now from 2 Courage it would hold none.
    expect(out.result.teams.buyer.gate).toBe('passed');
    const i = input({ b: 'b-spend', p: 'p-trade' });
    i.teams.buyer.state = team({ courage: 2, budget: 3, stories: 3 });
    const r = resolveRound(i).result;
    expect(r.teams.buyer.gate).toBe('loopMissing');
    expect(r.teams.buyer.missingAtGate).toEqual(['courage']);
    expect(r.teams.buyer.progress).toBe(0);
    expect(r.stepChange).toBe(false);
  });
  it('sends a hoarding team round the loop even with all three', () => {
    const i = input({ b: 'b-earn', p: 'p-trade' });
    i.teams.buyer.state = team({ courage: 4, budget: 1, stories: 2 });
    const r = resolveRound(i).result.teams.buyer;
    expect(r.after).toEqual({ courage: 6, budget: 1, stories: 1 });
    expect(r.gate).toBe('loopHoard');
    expect(r.hoarded).toBe('courage');
    expect(r.progress).toBe(0);
  });
  it('caps inventories and never lets them go negative', () => {
    const i = input({ b: 'b-earn', p: 'p-trade' });
    i.teams.buyer.state = team({ courage: 6, budget: 6, stories: 6 });
    expect(resolveRound(i).result.teams.buyer.after.courage).toBe(RULES.inventoryCap);
  });
  it('lets a team reach the opportunity only if its height (scarcest power-up) is enough', () => {
    const i = input({ b: 'b-trade', p: 'p-trade' });
    i.teams.buyer.state = team({ courage: 1, budget: 3, stories: 3 });
    const r = resolveRound(i).result.teams.buyer;
    expect(r.height).toBe(1);
    expect(r.opportunityReached).toBe(false);
  });
  it('hazard: absorbed by holding enough of the struck power-up (an extra hit)', () => {
    const r = resolveRound(input({ c: withHazard(1), b: 'b-trade', p: 'p-trade' })).result;
    expect(r.hazardStruck).toBe(true);
    expect(r.teams.buyer.hazard).toBe('absorbed');
    expect(r.teams.buyer.after.courage).toBe(2);
    expect(r.teams.buyer.afterEffects.courage).toBe(3);
  });
  it('hazard: a team without enough spends an extra life and keeps going, or is shut down without one', () => {
    const budgetHazard = { ...card, hazard: { ...card.hazard, strikes: 'budget' as const, chance: 1, damage: 2 } };
    const i = input({ c: budgetHazard, b: 'b-spend', p: 'p-wait' });
    i.teams.buyer.state = team({ courage: 3, budget: 1, stories: 3 }, 1);
    const r = resolveRound(i).result.teams.buyer;
    expect(r.hazard).toBe('lifeLost');
    expect(r.livesAfter).toBe(0);
    expect(r.progress).toBeGreaterThan(0);
    const j = input({ c: budgetHazard, b: 'b-spend', p: 'p-trade' });
    j.teams.buyer.state = team({ courage: 3, budget: 1, stories: 3 }, 0);
    const out = resolveRound(j).result;
    expect(out.teams.buyer.hazard).toBe('shutDown');
    expect(out.teams.buyer.progress).toBe(0);
    expect(out.stepChange).toBe(false);
  });
  it('moves the competitor every round, more when a team waits', () => {
    const a = resolveRound(input({ b: 'b-trade', p: 'p-trade' }));
    const w = resolveRound(input({}));
    expect(a.result.competitor.gain).toBeGreaterThanOrEqual(RULES.competitorBase);
    expect(a.result.competitor.gain).toBeLessThanOrEqual(RULES.competitorBase + RULES.competitorSpread);
    // Same PRNG state, so the same draw: the difference is the two waits.
    expect(w.result.competitor.gain - a.result.competitor.gain).toBe(2);
  });
  it('awards Stories to a team whose best story won votes', () => {
    const r = resolveRound(input({ b: 'b-trade', p: 'p-trade', bestStories: { buyer: 's1', provider: null } })).result;
    expect(r.teams.buyer.storyBonus).toBe(RULES.storyReward);
    expect(r.teams.buyer.after.stories).toBe(5);
  });
  it('draws exactly two random numbers per round and is deterministic', () => {
    const a = resolveRound(input({ b: 'b-trade' }));
    const b = resolveRound(input({ b: 'b-trade' }));
    expect(a).toEqual(b);
    expect(a.prng).not.toBe(12345);
  });
  it('scores the partnership on the slower partner plus step changes', () => {
    const out = resolveRound(input({ b: 'b-trade', p: 'p-wait' }));
    expect(out.score).toBe(2 * Math.min(out.teams.buyer.position, out.teams.provider.position) + RULES.starScore * out.stepChanges);
  });
});

describe('explanations', () => {
  it('reads a loop aloud in plain words', () => {
    const i = input({ b: 'b-spend', p: 'p-trade' });
    i.teams.buyer.state = team({ courage: 2, budget: 3, stories: 3 });
    const text = explainRound(resolveRound(i).result).join(' ');
    expect(text).toContain('Buyer brought Budget and Stories but no Courage');
    expect(text).toContain('continuous-improvement loop');
  });
  it('announces a star moment', () => {
    expect(explainRound(resolveRound(input({ b: 'b-trade', p: 'p-trade' })).result).join(' ')).toContain('Star moment');
  });
});

describe('named outcomes', () => {
  const s = (b: number, p: number, competitor: number, stepChanges: number, roundsPlayed = 6) => ({
    teams: { buyer: team(), provider: team() } as never,
    competitor, stepChanges, roundsPlayed, score: 0,
  });
  const named = (b: number, p: number, c: number, st: number) => {
    const x = s(b, p, c, st);
    (x.teams as { buyer: TeamState; provider: TeamState }).buyer = { ...team(), position: b };
    (x.teams as { buyer: TeamState; provider: TeamState }).provider = { ...team(), position: p };
    return outcomeOf(x).name;
  };
  it('names the five outcomes', () => {
    expect(named(20, 20, 15, 3)).toBe('Innovation partners');
    expect(named(20, 20, 15, 1)).toBe('Sparks of innovation');
    expect(named(20, 20, 15, 0)).toBe('Treading water');
    expect(named(20, 10, 15, 3)).toBe('Out of step');
    expect(named(10, 10, 15, 3)).toBe('Lost in the dust');
  });
});
