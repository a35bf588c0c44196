import type { Team } from '../schemas/common';
import { TEAMS } from '../schemas/common';
import type { Deck } from '../schemas/deck';
import type { Outcome, TeamState } from '../schemas/state';
import { outcomeOf } from '../engine/outcome';
import { PrngStream, seedPrng, shuffled } from '../engine/prng';
import { resolveRound } from '../engine/resolve';
import { RULES } from '../engine/rules';
import type { Strategy } from './strategies';

export type GameSummary = {
  score: number;
  stepChanges: number;
  loops: number;
  shutDowns: number;
  outcome: Outcome['name'];
  positions: Record<Team, number>;
  competitor: number;
};

function freshTeam(): TeamState {
  return { size: 1, inventory: { ...RULES.startInventory }, lives: RULES.startLives, position: 0, hitsAbsorbed: 0, shutDowns: 0, loops: 0, opportunities: 0 };
}

/**
 * Plays one game with scripted teams through the engine's own round resolution and card shuffle
 * (same seed ⇒ same cards and draws as a live session). Story rounds: each team's best story is
 * assumed to win votes, the same for every strategy.
 */
export function simulateGame(deck: Deck, seed: number, strategies: Record<Team, Strategy>, rounds = 6, storyRounds = true): GameSummary {
  const rng = new PrngStream(seedPrng(seed));
  const order = shuffled(deck.cards, rng);
  let prng = rng.state;
  // The players' own randomness is separate, so it cannot shift the game's draws.
  const playerRng = new PrngStream(seedPrng(seed ^ 0x5bd1e995));
  let teams: Record<Team, TeamState> = { buyer: freshTeam(), provider: freshTeam() };
  let competitor = 0;
  let stepChanges = 0;
  let score = 0;
  for (let i = 0; i < rounds; i++) {
    const card = order[i % order.length];
    const storyBonus = storyRounds && !!card.storyPrompt;
    const tallies = {} as Record<Team, Record<string, number>>;
    for (const team of TEAMS) {
      const s = teams[team];
      const id = strategies[team].choose({ card, team, inventory: s.inventory, lives: s.lives, storyBonus, rng: playerRng });
      tallies[team] = { [id]: 1 };
    }
    const out = resolveRound({
      card,
      index: i,
      startedAt: 0,
      resolvedAt: 0,
      teams: { buyer: { state: teams.buyer, tally: tallies.buyer, voters: 1 }, provider: { state: teams.provider, tally: tallies.provider, voters: 1 } },
      competitor,
      stepChanges,
      bestStories: storyBonus ? { buyer: 'sim-b', provider: 'sim-p' } : { buyer: null, provider: null },
      stories: [],
      prng,
    });
    teams = out.teams;
    competitor = out.competitor;
    stepChanges = out.stepChanges;
    score = out.score;
    prng = out.prng;
  }
  const outcome = outcomeOf({ teams, competitor, stepChanges, roundsPlayed: rounds, score });
  return {
    score,
    stepChanges,
    loops: teams.buyer.loops + teams.provider.loops,
    shutDowns: teams.buyer.shutDowns + teams.provider.shutDowns,
    outcome: outcome.name,
    positions: { buyer: teams.buyer.position, provider: teams.provider.position },
    competitor,
  };
}

export type BalanceRow = {
  strategy: string;
  games: number;
  meanScore: number;
  meanStepChanges: number;
  meanLoops: number;
  outcomes: Record<Outcome['name'], number>;
};

const OUTCOMES: Outcome['name'][] = ['Innovation partners', 'Sparks of innovation', 'Treading water', 'Out of step', 'Lost in the dust'];

/** Plays `games` seeded games (seeds 1..games) for each pairing and aggregates them. */
export function balanceTable(deck: Deck, pairings: { name: string; teams: Record<Team, Strategy> }[], games: number, rounds = 6): BalanceRow[] {
  return pairings.map(({ name, teams }) => {
    let score = 0;
    let steps = 0;
    let loops = 0;
    const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome['name'], number>;
    for (let seed = 1; seed <= games; seed++) {
      const g = simulateGame(deck, seed, teams, rounds);
      score += g.score;
      steps += g.stepChanges;
      loops += g.loops;
      outcomes[g.outcome] += 1;
    }
    return { strategy: name, games, meanScore: score / games, meanStepChanges: steps / games, meanLoops: loops / games, outcomes };
  });
}

export function formatBalanceTable(rows: BalanceRow[]): string {
  const pct = (n: number, d: number) => `${Math.round((100 * n) / d)}%`;
  const head = '| Strategy (both teams) | Mean score | Step changes | Loops | Innovation partners | Sparks | Treading water | Out of step | Lost in the dust |';
  const sep = '|---|---:|---:|---:|---:|---:|---:|---:|---:|';
  const lines = rows.map(
    (r) =>
      `| ${r.strategy} | ${r.meanScore.toFixed(1)} | ${r.meanStepChanges.toFixed(2)} | ${r.meanLoops.toFixed(2)} | ${OUTCOMES.map((o) => pct(r.outcomes[o], r.games)).join(' | ')} |`,
  );
  return [head, sep, ...lines].join('\n');
}
