import type { Inventory, PowerUp, Team } from '../schemas/common';
import { POWER_UPS, TEAMS } from '../schemas/common';
import type { Card } from '../schemas/deck';
import type { RoundResult, StoryRecord, TeamRoundResult } from '../schemas/result';
import type { TeamState } from '../schemas/state';
import { decideTeam, shortfall, waitOption } from './decide';
import { nextRandom } from './prng';
import { RULES } from './rules';

export type TeamInput = {
  state: TeamState;
  tally: Record<string, number>;
  voters: number;
};

export type ResolveInput = {
  card: Card;
  index: number;
  startedAt: number;
  resolvedAt: number;
  teams: Record<Team, TeamInput>;
  competitor: number;
  stepChanges: number;
  // The best story of each team (already decided from the other team's votes), or null.
  bestStories: Record<Team, string | null>;
  stories: StoryRecord[];
  prng: number;
};

export type ResolveOutput = {
  result: RoundResult;
  teams: Record<Team, TeamState>;
  competitor: number;
  stepChanges: number;
  score: number;
  prng: number;
};

const clamp = (n: number) => Math.max(0, Math.min(RULES.inventoryCap, n));

/** Partnership score: a partnership is only as far along as its slower partner, plus its step changes. */
export function partnershipScore(buyerPos: number, providerPos: number, stepChanges: number): number {
  return 2 * Math.min(buyerPos, providerPos) + RULES.starScore * stepChanges;
}

/** A team's height: its scarcest power-up. Bigger opportunities need more of everything. */
export function heightOf(inv: Inventory): number {
  return Math.min(inv.courage, inv.budget, inv.stories);
}

/** The power-up a team hoards (held at least hoardGap more than its scarcest), or null. */
export function hoardedOf(inv: Inventory): PowerUp | null {
  const min = heightOf(inv);
  for (const p of POWER_UPS) if (inv[p] - min >= RULES.hoardGap) return p;
  return null;
}

/**
 * Resolves one round from the two teams' votes. Pure: returns new team states and the next PRNG
 * state. Order: decision → affordability → effects → story reward → gate (+ opportunity) →
 * hazard → step change → competitor. Exactly two PRNG draws per round, always, so replays align.
 */
export function resolveRound(input: ResolveInput): ResolveOutput {
  const { card } = input;
  const [hazardDraw, p1] = nextRandom(input.prng);
  const [competitorDraw, p2] = nextRandom(p1);
  // v1 decks always carry chance and reach (DeckSchema checks).
  const hazardStruck = hazardDraw < card.hazard.chance!;

  const partial = {} as Record<Team, TeamRoundResult>;
  const next = {} as Record<Team, TeamState>;
  const optionProgress = {} as Record<Team, number>;
  let competitorExtra = 0;

  for (const team of TEAMS) {
    const t = input.teams[team];
    const s = t.state;
    const decision = decideTeam(card, team, t.tally);
    const short = shortfall(s.inventory, decision.chosen);
    // An option the team cannot afford is downgraded to its wait option: nothing spent, nothing gained.
    const played = short.length > 0 ? waitOption(card, team) : decision.chosen;
    competitorExtra += played.competitor;
    const afterEffects: Inventory = {
      courage: clamp(s.inventory.courage + played.effects.courage),
      budget: clamp(s.inventory.budget + played.effects.budget),
      stories: clamp(s.inventory.stories + played.effects.stories),
    };
    const storyBonus = input.bestStories[team] ? RULES.storyReward : 0;
    const inv: Inventory = { ...afterEffects, stories: clamp(afterEffects.stories + storyBonus) };
    const height = heightOf(inv);
    const missing = POWER_UPS.filter((p) => inv[p] === 0);
    const hoarded = missing.length ? null : hoardedOf(inv);
    const gate: TeamRoundResult['gate'] = played.wait ? 'waited' : missing.length ? 'loopMissing' : hoarded ? 'loopHoard' : 'passed';
    const opportunityReached = gate === 'passed' && height >= card.opportunity.reach!;
    optionProgress[team] = gate === 'passed' ? played.progress + (opportunityReached ? card.opportunity.bonus : 0) : 0;

    // The "?" block: getting through the gate replenishes what the team is shortest of.
    let blockReward: PowerUp | null = null;
    if (gate === 'passed' && RULES.gateReward > 0) {
      blockReward = POWER_UPS.reduce((a, p) => (inv[p] < inv[a] ? p : a), 'courage' as PowerUp);
      inv[blockReward] = clamp(inv[blockReward] + RULES.gateReward);
    }

    let hazard: TeamRoundResult['hazard'] = 'none';
    let lives = s.lives;
    if (hazardStruck) {
      const p = card.hazard.strikes;
      if (inv[p] >= card.hazard.damage) {
        inv[p] -= card.hazard.damage;
        hazard = 'absorbed';
      } else {
        inv[p] = 0;
        if (lives > 0) {
          lives -= 1;
          hazard = 'lifeLost';
        } else {
          hazard = 'shutDown';
          optionProgress[team] = 0;
        }
      }
    }

    partial[team] = {
      team,
      members: s.size,
      voters: t.voters,
      tally: { ...t.tally },
      decidedBy: decision.decidedBy,
      chosenOptionId: decision.chosen.id,
      chosenLabel: decision.chosen.label,
      playedOptionId: played.id,
      playedLabel: played.label,
      downgraded: short.length > 0,
      shortOf: short,
      before: { ...s.inventory },
      afterEffects,
      storyBonus,
      height,
      blockReward,
      gate,
      missingAtGate: missing,
      hoarded,
      opportunityReached,
      hazard,
      livesBefore: s.lives,
      livesAfter: lives,
      after: inv,
      progress: 0,
      positionBefore: s.position,
      positionAfter: s.position,
      lostInDust: false,
    };
    next[team] = {
      ...s,
      inventory: inv,
      lives,
      hitsAbsorbed: s.hitsAbsorbed + (hazard === 'absorbed' ? 1 : 0),
      shutDowns: s.shutDowns + (hazard === 'shutDown' ? 1 : 0),
      loops: s.loops + (gate === 'loopMissing' || gate === 'loopHoard' ? 1 : 0),
      opportunities: s.opportunities + (opportunityReached ? 1 : 0),
    };
  }

  // Step change: both teams through the gate together and neither shut down on the way.
  const stepChange = TEAMS.every((t) => partial[t].gate === 'passed' && partial[t].hazard !== 'shutDown');
  const competitorGain = RULES.competitorBase + Math.floor(competitorDraw * (RULES.competitorSpread + 1)) + competitorExtra;
  const competitor = input.competitor + competitorGain;
  const stepChanges = input.stepChanges + (stepChange ? 1 : 0);

  for (const team of TEAMS) {
    const r = partial[team];
    const progress = optionProgress[team] + (stepChange ? RULES.starSteps : 0);
    if (stepChange) r.livesAfter = Math.min(RULES.maxLives, r.livesAfter + RULES.starLives);
    r.progress = progress;
    r.positionAfter = r.positionBefore + progress;
    r.lostInDust = r.positionAfter < competitor;
    next[team].position = r.positionAfter;
    next[team].lives = r.livesAfter;
  }
  const score = partnershipScore(next.buyer.position, next.provider.position, stepChanges);

  const result: RoundResult = {
    index: input.index,
    round: input.index + 1,
    cardId: card.id,
    cardTitle: card.title,
    hazardTitle: card.hazard.title,
    hazardStrikes: card.hazard.strikes,
    hazardDamage: card.hazard.damage,
    opportunityTitle: card.opportunity.title,
    opportunityReach: card.opportunity.reach!,
    startedAt: input.startedAt,
    resolvedAt: input.resolvedAt,
    teams: partial,
    draws: { hazard: hazardDraw, competitor: competitorDraw },
    hazardStruck,
    stepChange,
    competitor: { from: input.competitor, to: competitor, gain: competitorGain },
    stories: input.stories,
    bestStories: input.bestStories,
    score,
    explanation: [],
  };
  return { result, teams: next, competitor, stepChanges, score, prng: p2 };
}
