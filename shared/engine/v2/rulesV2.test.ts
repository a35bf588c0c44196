import { describe, expect, it } from 'vitest';
import { SessionConfigSchema } from '../../schemas/config';
import type { Card, Deck } from '../../schemas/deck';
import type { GameEvent } from '../../schemas/events';
import type { GameState } from '../../schemas/state';
import { applyEventInPlace, foldEvents, initialState } from '../apply';
import { stateHash } from '../hash';
import { fixtureCard, fixtureDeckV2 } from './fixtureV2';
import { RULES_V2 } from './rulesV2';
import { defaultDeck } from '../../deck/loadDeck';

type Draft = GameEvent extends infer E ? (E extends GameEvent ? Omit<E, 'at'> : never) : never;

/** A v2 session with `buyers` and `providers` participants (b0…, p0… by balanced assignment order). */
function v2Game(deck: Deck, opts: { storyRounds?: boolean; rounds?: number } = {}) {
  const created = {
    type: 'created' as const,
    at: 0,
    config: SessionConfigSchema.parse({ rounds: opts.rounds ?? 3, storyRounds: opts.storyRounds ?? false, decideSeconds: 60 }),
    deck,
    seed: 5,
    rules: 2 as const,
  };
  const state = initialState(created);
  const log: GameEvent[] = [created];
  let at = 0;
  const ok = (e: Draft) => {
    const event = { at: (at += 10), ...e } as GameEvent;
    const r = applyEventInPlace(state, event);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.code}`);
    log.push(event);
  };
  // Joins alternate Buyer, Provider, Buyer … (balanced assignment).
  for (let i = 0; i < 4; i++) ok({ type: 'joined', participantId: `x${i}`, name: `P${i}`, tokenHash: `t${i}` });
  const buyers = ['x0', 'x2'];
  const providers = ['x1', 'x3'];
  return { state, log, ok, buyers, providers };
}

function playRound(g: ReturnType<typeof v2Game>, buyerOption: string | null, providerOption: string | null) {
  g.ok({ type: 'roundStarted' });
  g.ok({ type: 'decidingStarted' });
  for (const id of g.buyers) if (buyerOption) g.ok({ type: 'choiceMade', participantId: id, optionId: buyerOption });
  for (const id of g.providers) if (providerOption) g.ok({ type: 'choiceMade', participantId: id, optionId: providerOption });
  g.ok({ type: 'revealed' });
  const r = g.state.history[g.state.history.length - 1];
  g.ok({ type: 'roundClosed' });
  return r;
}

const deck = (mutate?: (c: Card) => void) => fixtureDeckV2([fixtureCard('data-door', mutate)]);

describe('rules v2', () => {
  it('starts from the v2 numbers and deals the curated order', () => {
    const cards = ['a', 'b', 'c', 'd'].map((id) => fixtureCard(id));
    const g = v2Game(fixtureDeckV2(cards));
    expect(g.state.rules).toBe(2);
    expect(g.state.cardOrder).toEqual(['a', 'b', 'c', 'd']);
    expect(g.state.teams.buyer.inventory).toEqual(RULES_V2.startInventory);
  });

  it('opens the gate on power-ups used, not held: the joint move is a step change', () => {
    const g = v2Game(deck());
    const r = playRound(g, 'sandbox', 'cofund');
    expect(r.jointFired).toBe(true);
    expect(r.stepChange).toBe(true);
    expect(r.usedBy).toEqual({ courage: ['buyer'], budget: ['provider'], stories: ['buyer'] });
    // 2 steps for the part + 2 for the step change + 2 for the opportunity.
    expect(r.teams.buyer.progress).toBe(2 + RULES_V2.starSteps + 2);
    expect(r.teams.buyer.opportunityReached).toBe(true);
  });

  it('holding everything and taking small safe steps is treading water: no step change, the competitor gains more', () => {
    const g = v2Game(deck());
    const r = playRound(g, 'ask-demo', 'polish');
    expect(r.stepChange).toBe(false);
    expect(r.treadingWater).toBe(true);
    expect(r.teams.buyer.gate).toBe('loopMissing');
    expect(r.competitor.gain).toBe(RULES_V2.competitorPace[0] + RULES_V2.competitorWhenNothingUsed);
    expect(r.explanation.join(' ')).toMatch(/treads water/);
  });

  it('a step change without the joint move: all three used by the two teams\u2019 own moves', () => {
    const g = v2Game(deck());
    // synthetic spends Budget, show-tell spends Stories: no Courage, no step change.
    const r1 = playRound(g, 'synthetic', 'show-tell');
    expect(r1.stepChange).toBe(false);
    expect(r1.explanation.join(' ')).toMatch(/nobody used Courage/);
    const g2 = v2Game(deck());
    const r2 = playRound(g2, 'sandbox', 'show-tell');
    expect(r2.jointFired).toBe(false);
    expect(r2.stepChange).toBe(false);
  });

  it('the joint move fires only when both teams vote their part; its cost is pooled', () => {
    // The provider's part costs 3 Budget, more than it holds (2): the Buyer's Budget covers the gap.
    const g = v2Game(deck((c) => (c.options.find((o) => o.id === 'cofund')!.effects.budget = -3)));
    const r = playRound(g, 'sandbox', 'cofund');
    expect(r.jointFired).toBe(true);
    expect(r.teams.provider.coveredByPartner).toEqual(['budget']);
    expect(r.teams.buyer.afterEffects.budget).toBe(1);
    expect(r.teams.provider.afterEffects.budget).toBe(0);
    // Alone, the same part is unaffordable and becomes the wait.
    const g2 = v2Game(deck((c) => (c.options.find((o) => o.id === 'cofund')!.effects.budget = -3)));
    const r2 = playRound(g2, 'synthetic', 'cofund');
    expect(r2.teams.provider.downgraded).toBe(true);
    expect(r2.teams.provider.playedOptionId).toBe('wait-ask');
  });

  it('the hazard strikes by what a team did: using the protective power-up is never more exposed', () => {
    const g = v2Game(deck());
    // The Buyer spends no Courage: Legal's veto hits it, and it pays from what it holds.
    const r = playRound(g, 'synthetic', 'cofund');
    expect(r.teams.buyer.hazardTargeted).toBe(true);
    expect(r.teams.buyer.hazard).toBe('absorbed');
    expect(r.explanation.join(' ')).toMatch(/Legal blocked the data: nobody on the Buyer side argued for it/);
    expect(r.teams.provider.hazardTargeted).toBe(false);
    const g2 = v2Game(deck());
    const r2 = playRound(g2, 'sandbox', 'cofund');
    expect(r2.teams.buyer.hazardTargeted).toBe(false);
    expect(r2.teams.buyer.hazard).toBe('none');
  });

  it('lives matter: a struck team without the power-up spends a life, then is shut down', () => {
    const g = v2Game(deck((c) => (c.hazard.damage = 2)), { rounds: 3 });
    // Round 1: spend Courage via the joint move; Buyer is left with 1 Courage.
    playRound(g, 'sandbox', 'cofund');
    expect(g.state.teams.buyer.inventory.courage).toBe(1);
    expect(g.state.teams.buyer.lives).toBe(RULES_V2.startLives + RULES_V2.starLives);
    // Round 2 and 3: the Buyer avoids Courage; 1 < damage 2: a life each time.
    const r2 = playRound(g, 'ask-demo', 'polish');
    expect(r2.teams.buyer.hazard).toBe('lifeLost');
    const r3 = playRound(g, 'ask-demo', 'polish');
    expect(r3.teams.buyer.hazard).toBe('lifeLost');
    expect(g.state.teams.buyer.lives).toBe(0);
  });

  it('a shut-down initiative moves no steps and cancels the step change', () => {
    const g = v2Game(deck((c) => {
      c.hazard.hits = 'provider';
      c.hazard.damage = 2;
      c.hazard.strikes = 'courage';
    }), { rounds: 3 });
    g.state.teams.provider.inventory.courage = 0;
    g.state.teams.provider.lives = 0;
    const r = playRound(g, 'sandbox', 'cofund');
    expect(r.teams.provider.hazard).toBe('shutDown');
    expect(r.stepChange).toBe(false);
    expect(r.teams.provider.progress).toBe(0);
  });

  it('waiting earns nothing and hands the competitor a step', () => {
    const g = v2Game(deck());
    const r = playRound(g, null, 'wait-ask');
    expect(r.teams.buyer.decidedBy).toBe('noVotes');
    expect(r.teams.buyer.after.budget).toBe(RULES_V2.startInventory.budget);
    expect(r.competitor.gain).toBe(RULES_V2.competitorPace[0] + 2 * RULES_V2.competitorPerWait + RULES_V2.competitorWhenNothingUsed);
  });

  it('pitches come before the vote: a backed pitch earns Stories to spend now and an extra joint step', () => {
    const g = v2Game(deck(), { storyRounds: true });
    g.ok({ type: 'roundStarted' });
    g.ok({ type: 'decidingStarted' });
    expect(g.state.phase).toBe('stories');
    // Nobody votes while the pitches are written.
    expect(applyEventInPlace(g.state, { type: 'choiceMade', at: 99, participantId: 'x0', optionId: 'sandbox' })).toMatchObject({ ok: false, code: 'WRONG_PHASE' });
    g.ok({ type: 'storySubmitted', participantId: 'x0', storyId: 's1', text: 'Ninety days, masked, and we can close it any day.' });
    g.ok({ type: 'timeUp', reason: 'skip' });
    expect(g.state.phase).toBe('storyVote');
    for (const id of g.providers) g.ok({ type: 'storyVoted', participantId: id, storyId: 's1' });
    g.ok({ type: 'timeUp', reason: 'skip' });
    expect(g.state.phase).toBe('deciding');
    expect(g.state.round!.pitches!.buyer).toMatchObject({ storyId: 's1', votes: 2, of: 2, backed: true, reward: 1 });
    expect(g.state.teams.buyer.inventory.stories).toBe(RULES_V2.startInventory.stories + 1);
    for (const id of g.buyers) g.ok({ type: 'choiceMade', participantId: id, optionId: 'sandbox' });
    for (const id of g.providers) g.ok({ type: 'choiceMade', participantId: id, optionId: 'cofund' });
    g.ok({ type: 'revealed' });
    const r = g.state.history[0];
    expect(r.teams.buyer.progress).toBe(2 + RULES_V2.starSteps + 2 + RULES_V2.backedSteps);
    expect(r.pitches!.buyer!.backed).toBe(true);
  });

  it('a reveal is at most 8 sentences and 90 words, whatever the teams play', () => {
    const card = fixtureCard();
    const b = card.options.filter((o) => o.team === 'buyer').map((o) => o.id);
    const p = card.options.filter((o) => o.team === 'provider').map((o) => o.id);
    for (const x of b)
      for (const y of p) {
        const g = v2Game(deck());
        const r = playRound(g, x, y);
        const words = r.explanation.join(' ').split(/\s+/).length;
        expect(r.explanation.length, `${x}+${y}`).toBeLessThanOrEqual(8);
        expect(words, `${x}+${y}: ${r.explanation.join(' ')}`).toBeLessThanOrEqual(90);
      }
  });

  it('a v2 log folds to the same state as live, and ends with a v2 outcome', () => {
    const g = v2Game(deck(), { rounds: 2 });
    playRound(g, 'ask-demo', 'polish');
    playRound(g, 'ask-demo', 'polish');
    g.ok({ type: 'ended' });
    expect(g.state.outcome!.name).toBe('Treading water');
    expect(stateHash(foldEvents(g.log))).toBe(stateHash(g.state));
  });

  it('v1 logs have no rules field and play exactly as before', () => {
    const created = { type: 'created' as const, at: 0, config: SessionConfigSchema.parse({}), deck: defaultDeck, seed: 3 };
    const s: GameState = initialState(created);
    expect('rules' in s).toBe(false);
    expect(s.teams.buyer.inventory).toEqual({ courage: 3, budget: 3, stories: 3 });
  });
});

describe('what-if lines (rules v2)', () => {
  it('re-resolves a round with each other option and keeps those that change what happened', async () => {
    const { whatIfs } = await import('./whatIf');
    const g = v2Game(deck());
    const r = playRound(g, 'synthetic', 'cofund');
    expect(r.stepChange).toBe(false);
    const lines = whatIfs(r, fixtureCard(), 0);
    const sandbox = lines.find((l) => l.team === 'buyer' && l.optionId === 'sandbox');
    expect(sandbox).toMatchObject({ stepChange: true, jointFired: true });
    expect(sandbox!.scoreDelta).toBeGreaterThan(0);
    expect(sandbox!.sentence).toMatch(/^Had the Buyer chosen “Open a 90-day sandbox”, the joint move with the Provider would have fired/);
    // Nothing the round did not change is listed.
    for (const l of lines) expect(l.stepChange !== r.stepChange || l.jointFired !== r.jointFired || l.shutDown).toBe(true);
  });
});

describe('pause (rules v2)', () => {
  it('a paused round takes no vote until it resumes', () => {
    const g = v2Game(deck());
    g.ok({ type: 'roundStarted' });
    g.ok({ type: 'decidingStarted' });
    g.ok({ type: 'paused' });
    expect(applyEventInPlace(g.state, { type: 'choiceMade', at: 1e6, participantId: 'x0', optionId: 'sandbox' })).toMatchObject({ ok: false, code: 'PAUSED' });
    expect(g.state.round!.voters.buyer).toBe(0);
    g.ok({ type: 'resumed' });
    g.ok({ type: 'choiceMade', participantId: 'x0', optionId: 'sandbox' });
    expect(g.state.round!.voters.buyer).toBe(1);
  });
});
