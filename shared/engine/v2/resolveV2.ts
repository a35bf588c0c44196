import type { Inventory, PowerUp, Team } from '../../schemas/common';
import { POWER_UPS, TEAMS } from '../../schemas/common';
import type { Card, CardOption } from '../../schemas/deck';
import type { PitchResult, RoundResult, StoryRecord, TeamRoundResult } from '../../schemas/result';
import type { TeamState } from '../../schemas/state';
import { decideTeam, shortfall, waitOption, type TeamDecision } from '../decide';
import type { TeamInput } from '../resolve';
import { competitorPaceAt, RULES_V2 } from './rulesV2';
import { stakesBonus } from './huddle';


export type ResolveV2Input = {
  card: Card;
  index: number;
  startedAt: number;
  resolvedAt: number;
  teams: Record<Team, TeamInput>;
  competitor: number;
  stepChanges: number;
  pitches: Record<Team, PitchResult | null>;
  stories: StoryRecord[];
  // A huddle round's multiplier of a step change's points, and the extra points of earlier huddle rounds
  // (shared/engine/v2/huddle.ts); absent: a game without huddles.
  stakes?: { multiplier: number; before: number };
};

export type ResolveV2Output = {
  result: RoundResult;
  teams: Record<Team, TeamState>;
  competitor: number;
  stepChanges: number;
  score: number;
};

/** Partnership score: as far as the slower partner got, plus the step changes made together. */
export function partnershipScoreV2(buyerPos: number, providerPos: number, stepChanges: number): number {
  return 2 * Math.min(buyerPos, providerPos) + RULES_V2.starScore * stepChanges;
}

const clamp = (n: number) => Math.max(0, Math.min(RULES_V2.inventoryCap, n));
const usedBy = (o: CardOption): PowerUp[] => POWER_UPS.filter((p) => o.effects[p] < 0);

type Play = { decision: TeamDecision; played: CardOption; short: PowerUp[]; covered: PowerUp[]; after: Inventory };

/**
 * Both teams voted their part of the joint move: their stocks are pooled, so a partner with enough of a
 * power-up covers the other's shortfall of it. Returns the inventories after paying, or the power-ups
 * the pool is short of.
 */
function payJointMove(inv: Record<Team, Inventory>, parts: Record<Team, CardOption>) {
  const after = {} as Record<Team, Inventory>;
  const covered: Record<Team, PowerUp[]> = { buyer: [], provider: [] };
  for (const t of TEAMS) after[t] = { courage: inv[t].courage + parts[t].effects.courage, budget: inv[t].budget + parts[t].effects.budget, stories: inv[t].stories + parts[t].effects.stories };
  const short: PowerUp[] = [];
  for (const p of POWER_UPS)
    for (const t of TEAMS) {
      const o = t === 'buyer' ? 'provider' : 'buyer';
      if (after[t][p] >= 0) continue;
      if (after[o][p] + after[t][p] >= 0) {
        after[o][p] += after[t][p];
        after[t][p] = 0;
        covered[t].push(p);
      } else short.push(p);
    }
  return { after, covered, short };
}

function plays(card: Card, teams: Record<Team, TeamInput>): Record<Team, Play> {
  const decision = { buyer: decideTeam(card, 'buyer', teams.buyer.tally), provider: decideTeam(card, 'provider', teams.provider.tally) };
  const inv = { buyer: teams.buyer.state.inventory, provider: teams.provider.state.inventory };
  const out = {} as Record<Team, Play>;
  if (decision.buyer.chosen.joint && decision.provider.chosen.joint) {
    const paid = payJointMove(inv, { buyer: decision.buyer.chosen, provider: decision.provider.chosen });
    for (const t of TEAMS) {
      // The pool cannot pay: neither part can go ahead alone, both teams are left waiting.
      const played = paid.short.length ? waitOption(card, t) : decision[t].chosen;
      const after = paid.short.length ? { ...inv[t] } : paid.after[t];
      out[t] = { decision: decision[t], played, short: [...new Set(paid.short)], covered: paid.short.length ? [] : paid.covered[t], after };
    }
    return out;
  }
  for (const t of TEAMS) {
    const short = shortfall(inv[t], decision[t].chosen);
    const played = short.length ? waitOption(card, t) : decision[t].chosen;
    const after = { courage: inv[t].courage + played.effects.courage, budget: inv[t].budget + played.effects.budget, stories: inv[t].stories + played.effects.stories };
    out[t] = { decision: decision[t], played, short, covered: [], after };
  }
  return out;
}

/**
 * Rules v2: resolves a round from the votes, with no random draw. Order: decisions → affordability
 * (pooled for the joint move) → effects → the gate (Courage, Budget and Stories all *used* this round)
 * → hazard (strikes a team whose move did not use the card's power-up) → step change → steps → competitor.
 */
export function resolveRoundV2(input: ResolveV2Input): ResolveV2Output {
  const { card } = input;
  const play = plays(card, input.teams);
  const spent = { buyer: usedBy(play.buyer.played), provider: usedBy(play.provider.played) };
  const used = {
    courage: TEAMS.filter((t) => spent[t].includes('courage')),
    budget: TEAMS.filter((t) => spent[t].includes('budget')),
    stories: TEAMS.filter((t) => spent[t].includes('stories')),
  };
  const missing = POWER_UPS.filter((p) => used[p].length === 0);
  const gateOpen = missing.length === 0;
  const jointFired = !!(play.buyer.played.joint && play.provider.played.joint);
  const nothingUsed = spent.buyer.length === 0 && spent.provider.length === 0;

  const partial = {} as Record<Team, TeamRoundResult>;
  const next = {} as Record<Team, TeamState>;
  let waits = 0;
  for (const team of TEAMS) {
    const s = input.teams[team].state;
    const { decision, played, short, covered } = play[team];
    if (played.wait) waits += 1;
    const afterEffects: Inventory = { courage: clamp(play[team].after.courage), budget: clamp(play[team].after.budget), stories: clamp(play[team].after.stories) };
    const inv = { ...afterEffects };
    const h = card.hazard;
    const targeted = (h.hits === 'both' || h.hits === team) && !spent[team].includes(h.strikes);
    let hazard: TeamRoundResult['hazard'] = 'none';
    let lives = s.lives;
    if (targeted) {
      if (inv[h.strikes] >= h.damage) {
        inv[h.strikes] -= h.damage;
        hazard = 'absorbed';
      } else {
        inv[h.strikes] = 0;
        if (lives > 0) {
          lives -= 1;
          hazard = 'lifeLost';
        } else hazard = 'shutDown';
      }
    }
    partial[team] = {
      team,
      members: s.size,
      voters: input.teams[team].voters,
      tally: { ...input.teams[team].tally },
      decidedBy: decision.decidedBy,
      chosenOptionId: decision.chosen.id,
      chosenLabel: decision.chosen.label,
      playedOptionId: played.id,
      playedLabel: played.label,
      downgraded: short.length > 0,
      shortOf: short,
      before: { ...s.inventory },
      afterEffects,
      storyBonus: input.pitches[team]?.reward ?? 0,
      height: Math.min(inv.courage, inv.budget, inv.stories),
      gate: 'loopMissing',
      missingAtGate: missing,
      hoarded: null,
      blockReward: null,
      opportunityReached: false,
      hazard,
      livesBefore: s.lives,
      livesAfter: lives,
      after: inv,
      progress: 0,
      positionBefore: s.position,
      positionAfter: s.position,
      lostInDust: false,
      spent: spent[team],
      jointPart: !!played.joint,
      coveredByPartner: covered,
      hazardTargeted: targeted,
      smallStep: !played.wait && spent[team].length === 0,
    };
    next[team] = {
      ...s,
      inventory: inv,
      lives,
      hitsAbsorbed: s.hitsAbsorbed + (hazard === 'absorbed' ? 1 : 0),
      shutDowns: s.shutDowns + (hazard === 'shutDown' ? 1 : 0),
      loops: s.loops,
      opportunities: s.opportunities,
    };
  }

  const stepChange = gateOpen && TEAMS.every((t) => partial[t].hazard !== 'shutDown');
  // Each pitch the other team backed adds its step: both teams' stories can carry the joint move further.
  const backed = TEAMS.filter((t) => input.pitches[t]?.backed).length;
  const competitorGain = competitorPaceAt(input.index) + RULES_V2.competitorPerWait * waits + (nothingUsed ? RULES_V2.competitorWhenNothingUsed : 0);
  const competitor = input.competitor + competitorGain;
  const stepChanges = input.stepChanges + (stepChange ? 1 : 0);
  for (const team of TEAMS) {
    const r = partial[team];
    const played = play[team].played;
    const opportunity = stepChange && jointFired;
    const progress =
      r.hazard === 'shutDown'
        ? 0
        : played.progress + (stepChange ? RULES_V2.starSteps : 0) + (opportunity ? card.opportunity.bonus + backed * RULES_V2.backedSteps : 0);
    r.gate = stepChange ? 'passed' : played.wait ? 'waited' : 'loopMissing';
    r.opportunityReached = opportunity;
    if (stepChange) r.livesAfter = Math.min(RULES_V2.maxLives, r.livesAfter + RULES_V2.starLives);
    r.progress = progress;
    r.positionAfter = r.positionBefore + progress;
    r.lostInDust = r.positionAfter < competitor;
    next[team].position = r.positionAfter;
    next[team].lives = r.livesAfter;
    next[team].opportunities += opportunity ? 1 : 0;
    next[team].loops += stepChange ? 0 : 1;
  }
  const stakes = input.stakes ? { ...input.stakes, bonus: stakesBonus(input.stakes.multiplier, stepChange) } : undefined;
  const score = partnershipScoreV2(next.buyer.position, next.provider.position, stepChanges) + (stakes ? stakes.before + stakes.bonus : 0);
  const result: RoundResult = {
    index: input.index,
    round: input.index + 1,
    cardId: card.id,
    cardTitle: card.title,
    hazardTitle: card.hazard.title,
    hazardStrikes: card.hazard.strikes,
    hazardDamage: card.hazard.damage,
    opportunityTitle: card.opportunity.title,
    opportunityReach: 0,
    startedAt: input.startedAt,
    resolvedAt: input.resolvedAt,
    teams: partial,
    hazardStruck: TEAMS.some((t) => partial[t].hazard !== 'none'),
    stepChange,
    competitor: { from: input.competitor, to: competitor, gain: competitorGain },
    stories: input.stories,
    bestStories: { buyer: input.pitches.buyer?.storyId ?? null, provider: input.pitches.provider?.storyId ?? null },
    score,
    explanation: [],
    rules: 2,
    usedBy: used,
    jointFired,
    pitches: { buyer: input.pitches.buyer, provider: input.pitches.provider },
    treadingWater: nothingUsed && TEAMS.some((t) => partial[t].smallStep),
    ...(stakes ? { stakes } : {}),
  };
  return { result, teams: next, competitor, stepChanges, score };
}
