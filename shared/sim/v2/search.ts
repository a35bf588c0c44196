// Adversarial searches for rules v2, each tuned on TRAIN seeds only (the report measures them on
// held-out seeds): a cross-entropy search over linear option scores, per-card tables improved by
// coordinate ascent, and Monte Carlo rollouts over both teams' pairs of moves. Pure code.
import type { Team } from '../../schemas/common';
import { POWER_UPS, TEAMS } from '../../schemas/common';
import type { Card, CardOption, Deck } from '../../schemas/deck';
import type { PitchResult } from '../../schemas/result';
import { teamOptions } from '../../engine/decide';
import { PrngStream, seedPrng, shuffled } from '../../engine/prng';
import { cloneSim, currentCardOf, dealOrder, finishSim, mixSeed, playRound, playScore, type CardOrder, type Policy, type SimState } from './playGame';
import { lesson, linearPolicy, NF, NO_MASK, playableOptions, tablePolicy, type CardTable, type LinearWeights, type Mask } from './policies';

/** What every game of a comparison shares. */
export type Env = { deck: Deck; rounds: number; order: CardOrder; voters: Record<Team, number>; noise: number };

export const TRAIN_FIRST = 1;
export const HELD_OUT_FIRST = 1_000_001;
// A third range, for choosing between candidate decks (its offsets reach 26,000,000; held-out's reach 7,200,000).
export const VALIDATION_FIRST = 20_000_001;
export const seedRange = (first: number, n: number) => Array.from({ length: n }, (_, i) => first + i);

export function meanScore(env: Env, policies: Record<Team, Policy>, seeds: readonly number[]): number {
  let s = 0;
  for (const seed of seeds) s += playScore({ ...env, seed, policies });
  return s / seeds.length;
}

// ---- (a) Cross-entropy method over linear option scores ----

export type CemOptions = {
  perTeam: boolean;
  mask?: Mask;
  iterations: number;
  population: number;
  elite: number;
  // Train games per candidate per iteration (the same seeds for all candidates of an iteration).
  games: number;
  // Train seeds 1..trainSeeds: each iteration draws its block from them; the final pick is made on all of them.
  trainSeeds: number;
  seed?: number;
};

export type CemResult = { name: string; weights: LinearWeights; trainScore: number; history: number[] };

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function toWeights(theta: number[], perTeam: boolean): LinearWeights {
  const b = theta.slice(0, NF);
  const p = perTeam ? theta.slice(NF, 2 * NF) : b;
  const backs = perTeam ? [theta[2 * NF], theta[2 * NF + 1]] : [theta[NF], theta[NF]];
  return { buyer: b, provider: p, back: { buyer: sigmoid(backs[0]), provider: sigmoid(backs[1]) } };
}

function gaussian(rng: PrngStream): number {
  const u = Math.max(1e-12, rng.next());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

export function cem(env: Env, name: string, o: CemOptions): CemResult {
  const dim = o.perTeam ? 2 * NF + 2 : NF + 1;
  const rng = new PrngStream(seedPrng(o.seed ?? 7));
  const mu = new Array<number>(dim).fill(0);
  const sigma = new Array<number>(dim).fill(1.5);
  const mask = o.mask ?? NO_MASK;
  const policyOf = (theta: number[]) => {
    const p = linearPolicy(name, toWeights(theta, o.perTeam), mask);
    return { buyer: p, provider: p };
  };
  const history: number[] = [];
  const candidates: number[][] = [];
  for (let it = 0; it < o.iterations; it++) {
    const first = TRAIN_FIRST + rng.int(Math.max(1, o.trainSeeds - o.games + 1));
    const seeds = seedRange(first, o.games);
    const pop: { theta: number[]; score: number }[] = [];
    // The current mean is always a candidate, so the search never forgets its best guess.
    for (let i = 0; i < o.population; i++) {
      const theta = i === 0 ? mu.slice() : mu.map((m, j) => m + sigma[j] * gaussian(rng));
      pop.push({ theta, score: meanScore(env, policyOf(theta), seeds) });
    }
    pop.sort((a, b) => b.score - a.score);
    const elite = pop.slice(0, o.elite);
    history.push(elite[0].score);
    candidates.push(elite[0].theta);
    for (let j = 0; j < dim; j++) {
      const m = elite.reduce((s, e) => s + e.theta[j], 0) / elite.length;
      const v = elite.reduce((s, e) => s + (e.theta[j] - m) ** 2, 0) / elite.length;
      mu[j] = 0.3 * mu[j] + 0.7 * m;
      sigma[j] = 0.3 * sigma[j] + 0.7 * Math.sqrt(v) + 0.02;
    }
  }
  candidates.push(mu.slice());
  // The final pick on all train seeds, among the iterations' best candidates and the final mean.
  const all = seedRange(TRAIN_FIRST, o.trainSeeds);
  let best = candidates[candidates.length - 1];
  let bestScore = -Infinity;
  for (const theta of candidates.slice(-4)) {
    const s = meanScore(env, policyOf(theta), all);
    if (s > bestScore) {
      bestScore = s;
      best = theta;
    }
  }
  return { name, weights: toWeights(best, o.perTeam), trainScore: bestScore, history };
}

export const cemPolicy = (r: CemResult, mask: Mask = NO_MASK): Policy => linearPolicy(r.name, r.weights, mask);

// ---- (b) Per-card tables, coordinate ascent, fallback to lesson-aligned play ----

export type TableOptions = { mask?: Mask; games: number; passes: number; fallback?: Policy };
export type TableResult = { name: string; table: CardTable; back: Record<Team, number>; trainScore: number; fallback: Policy; mask: Mask };

const BACK_LEVELS = [0, 0.3, 0.6, 0.9, 1];

/** The cards the train games deal (a curated order deals the same few every game). */
function dealtCards(env: Env, seeds: readonly number[]): string[] {
  const seen = new Set<string>();
  for (const seed of seeds) {
    const cards = dealOrder(env.deck, env.order, seed);
    for (let i = 0; i < env.rounds; i++) seen.add(cards[i % cards.length].id);
  }
  return [...seen];
}

export function tableSearch(env: Env, name: string, o: TableOptions): TableResult {
  const mask = o.mask ?? NO_MASK;
  const fallback = o.fallback ?? lesson(mask);
  const seeds = seedRange(TRAIN_FIRST, o.games);
  const table: CardTable = {};
  const back: Record<Team, number> = { buyer: 0.9, provider: 0.9 };
  const score = () => {
    const p = tablePolicy(name, table, fallback, back, mask);
    return meanScore(env, { buyer: p, provider: p }, seeds);
  };
  let best = score();
  const cards = dealtCards(env, seeds);
  for (let pass = 0; pass < o.passes; pass++) {
    let improved = false;
    for (const cardId of cards) {
      const card = env.deck.cards.find((c) => c.id === cardId)!;
      for (const team of TEAMS) {
        const entry = (table[cardId] ??= {});
        const current = entry[team];
        const choices: (string | undefined)[] = [undefined, ...teamOptions(card, team).filter((x) => x.wait || mask.allows(x)).map((x) => x.id)];
        let keep = current;
        for (const c of choices) {
          if (c === current) continue;
          entry[team] = c;
          const s = score();
          if (s > best + 1e-9) {
            best = s;
            keep = c;
            improved = true;
          }
        }
        entry[team] = keep;
      }
    }
    for (const team of TEAMS) {
      const current = back[team];
      let keep = current;
      for (const level of BACK_LEVELS) {
        if (level === current) continue;
        back[team] = level;
        const s = score();
        if (s > best + 1e-9) {
          best = s;
          keep = level;
          improved = true;
        }
      }
      back[team] = keep;
    }
    if (!improved) break;
  }
  return { name, table, back, trainScore: best, fallback, mask };
}

export const tableSearchPolicy = (r: TableResult): Policy => tablePolicy(r.name, r.table, r.fallback, r.back, r.mask);

// ---- (c) Monte Carlo rollouts over pairs of moves ----

export type RolloutOptions = {
  base: Record<Team, Policy>;
  rollouts: number;
  mask?: Mask;
  // Which pairs may be voted at all (all playable pairs when absent).
  pairs?: (card: Card, pairs: Pair[]) => Pair[];
};
export type Pair = { buyer: CardOption; provider: CardOption };

/**
 * At each decision, every pair (Buyer move, Provider move) the teams can play is rolled out to the end
 * of the game `rollouts` times with the base policy (the same rollout seeds for every pair), and the pair
 * with the best mean final score is voted. The rollouts draw their own votes' noise and pitches, never the
 * game's; a shuffled order's undealt cards are reshuffled in each rollout.
 */
export function rolloutPolicy(name: string, o: RolloutOptions): Policy {
  const mask = o.mask ?? NO_MASK;
  const cache = new WeakMap<SimState, { index: number; pair: Record<Team, string> }>();
  const bestPair = (sim: SimState, pitches: Record<Team, PitchResult | null>): Record<Team, string> => {
    const card = currentCardOf(sim);
    const inv = { buyer: sim.teams.buyer.inventory, provider: sim.teams.provider.inventory };
    const mine = playableOptions(card, 'buyer', inv, mask);
    const theirs = playableOptions(card, 'provider', inv, mask);
    let candidates: Pair[] = mine.flatMap((b) => theirs.map((p) => ({ buyer: b, provider: p })));
    if (o.pairs) candidates = o.pairs(card, candidates);
    let best = { buyer: candidates[0].buyer.id, provider: candidates[0].provider.id };
    let bestV = -Infinity;
    for (const { buyer: b, provider: p } of candidates) {
        let total = 0;
        for (let k = 0; k < o.rollouts; k++) {
          const c = cloneSim(sim);
          c.seed = mixSeed(sim.seed, sim.index, 0x5eed, k);
          if (!sim.orderKnown) {
            const rng = new PrngStream(seedPrng(c.seed));
            c.cards = [...sim.cards.slice(0, sim.index + 1), ...shuffled(sim.cards.slice(sim.index + 1), rng)];
          }
          playRound(c, o.base, { forced: { buyer: b.id, provider: p.id }, pitches });
          finishSim(c, o.base);
          total += c.score;
        }
        if (total > bestV) {
          bestV = total;
          best = { buyer: b.id, provider: p.id };
        }
      }
    return best;
  };
  return {
    name,
    choose(ctx) {
      let hit = cache.get(ctx.sim as SimState);
      if (!hit || hit.index !== ctx.sim.index) {
        hit = { index: ctx.sim.index, pair: bestPair(ctx.sim as SimState, ctx.pitches) };
        cache.set(ctx.sim as SimState, hit);
      }
      return hit.pair[ctx.team];
    },
    backs: (b) => o.base[b.team].backs(b),
  };
}

// ---- Lesson-aligned play, planned ----

/** The pair uses Courage, Budget and Stories together (the joint move, or two moves that cover all three). */
export const usesAllThree = (pair: Pair) => POWER_UPS.every((x) => pair.buyer.effects[x] < 0 || pair.provider.effects[x] < 0);

/**
 * The pairs lesson-aligned play considers: those that use all three power-ups together this round; when
 * none is affordable, those in which neither team waits (it earns back what it will use next).
 */
export function lessonAlignedPairs(_card: Card, pairs: Pair[]): Pair[] {
  const gate = pairs.filter(usesAllThree);
  if (gate.length) return gate;
  const active = pairs.filter((p) => !p.buyer.wait && !p.provider.wait);
  return active.length ? active : pairs;
}

/**
 * The reference for "play that follows the lesson": both teams plan together, but only ever among
 * lesson-aligned pairs (use all three together whenever they can; otherwise earn, never wait), each
 * pair judged by playing the rest of the game out with the greedy lesson heuristic.
 */
export function lessonPlanner(name = 'lesson', rollouts = 1): Policy {
  return rolloutPolicy(name, { base: { buyer: lesson(), provider: lesson() }, rollouts, pairs: lessonAlignedPairs });
}
