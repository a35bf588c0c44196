// Rules v2's balance harness: one seeded game with several noisy voters per team, played through the
// engine's own pitch rule (pitchResults, withPitchReward), plurality vote (decideTeam inside
// resolveRoundV2), round resolution, explanation and named ending. Pure: no I/O.
import type { Inventory, PowerUp, Team } from '../../schemas/common';
import { otherTeam, POWER_UPS, TEAMS } from '../../schemas/common';
import type { Card, CardOption, Deck } from '../../schemas/deck';
import type { PitchResult, StoryRecord, TeamRoundResult } from '../../schemas/result';
import type { Outcome, TeamState } from '../../schemas/state';
import { teamOptions } from '../../engine/decide';
import { PrngStream, seedPrng, shuffled } from '../../engine/prng';
import { explainRoundV2 } from '../../engine/v2/explainV2';
import { outcomeV2 } from '../../engine/v2/outcomeV2';
import { pitchResults, withPitchReward } from '../../engine/v2/pitches';
import { resolveRoundV2 } from '../../engine/v2/resolveV2';
import { RULES_V2 } from '../../engine/v2/rulesV2';

/** What a policy sees when its team decides: the card, both teams' state after this round's pitches. */
export type PolicyContext = {
  card: Card;
  team: Team;
  partner: Team;
  inventories: Record<Team, Inventory>;
  lives: Record<Team, number>;
  positions: Record<Team, number>;
  round: number;
  rounds: number;
  competitor: number;
  stepChanges: number;
  pitches: Record<Team, PitchResult | null>;
  // The policy's own randomness (seeded per game, round and team).
  rng: PrngStream;
  // The game at the moment of the decision (pitches settled), for policies that look ahead; the same
  // object for both teams' decisions of a round. Never the game's future randomness.
  sim: Readonly<SimState>;
};

/** What a voter sees when it may back one of the other team's pitches. */
export type BackContext = { card: Card; team: Team; pitchTeam: Team; round: number; rounds: number; sim: Readonly<SimState> };

export type Policy = {
  name: string;
  /** The option the team's voters vote for (each voter, unless it votes at random). */
  choose(ctx: PolicyContext): string;
  /** Probability that one voter of this team backs a pitch of the other team (one of them, uniformly). */
  backs(ctx: BackContext): number;
};

export type CardOrder = 'curated' | 'shuffled' | readonly string[];

export type GameOptions = {
  deck: Deck;
  seed: number;
  policies: Record<Team, Policy>;
  rounds?: number;
  order?: CardOrder;
  voters?: Record<Team, number>;
  // Probability that a voter votes uniformly at random among its team's options.
  noise?: number;
  // Pitches each team writes on a story card.
  pitchesPerTeam?: number;
  // Story-vote experiments: a team's pitch always backed by the whole other team ('win') or by nobody ('lose').
  forcePitch?: Partial<Record<Team, 'win' | 'lose'>>;
  // Compute the reveal (explainRoundV2) of every round and record its length.
  explain?: boolean;
  // Whether look-ahead may read the dealt order (default: unless 'shuffled'); an explicit order can be dealt unseen.
  orderKnown?: boolean;
};

export type SimState = {
  deck: Deck;
  cards: Card[];
  // The card order is public (the curated arc) or not (shuffled: look-ahead must not know the tail).
  orderKnown: boolean;
  index: number;
  rounds: number;
  teams: Record<Team, TeamState>;
  competitor: number;
  stepChanges: number;
  score: number;
  voters: Record<Team, number>;
  noise: number;
  pitchesPerTeam: number;
  forcePitch: Partial<Record<Team, 'win' | 'lose'>>;
  // The seed of this game's randomness (votes, pitches, policies' draws), round by round.
  seed: number;
};

export type OptionKind = 'joint' | 'spend' | 'small' | 'wait';
export type HazardResult = TeamRoundResult['hazard'];

export type RoundRecord = {
  cardId: string;
  // The team's decision (plurality of its voters' votes) and the option actually played.
  chosen: Record<Team, string>;
  played: Record<Team, string>;
  kind: Record<Team, OptionKind>;
  waited: Record<Team, boolean>;
  smallStep: Record<Team, boolean>;
  jointFired: boolean;
  stepChange: boolean;
  usedBy: Record<PowerUp, Team[]>;
  // Step change in which a team played an option of at most one step (the wait included).
  oneStepInStepChange: boolean;
  // Recomputed from the played options' effects: Courage, Budget and Stories all spent this round.
  allThreeSpent: boolean;
  // Both teams spent something (the step change was made together).
  bothSpent: boolean;
  hazard: Record<Team, HazardResult>;
  livesLost: number;
  shutDowns: number;
  backed: Record<Team, boolean>;
  treadingWater: boolean;
  // The voters' tallies and each pitch's backing (pitch k of a team), to replay the round as a live log.
  tallies: Record<Team, Record<string, number>>;
  pitchVotes: Record<Team, number[]> | null;
  reveal?: { sentences: number; words: number };
};

export type GameRecord = {
  seed: number;
  score: number;
  outcome: Outcome['name'];
  stepChanges: number;
  positions: Record<Team, number>;
  competitor: number;
  // A life was lost or an initiative shut down at least once.
  livesInPlay: boolean;
  rounds: RoundRecord[];
};

// Deterministic per-purpose seeds, so that two policies on the same game seed see the same votes' noise
// and the same pitch draws round by round (paired comparisons), and a look-ahead cannot see them.
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    h = (h ^ (h >>> 12)) >>> 0;
  }
  return h >>> 0;
}
const stream = (...parts: number[]) => new PrngStream(seedPrng(mixSeed(...parts)));
const PURPOSE = { noise: 1, policy: 2, pitch: 3 } as const;

function freshTeam(size: number): TeamState {
  return { size, inventory: { ...RULES_V2.startInventory }, lives: RULES_V2.startLives, position: 0, hitsAbsorbed: 0, shutDowns: 0, loops: 0, opportunities: 0 };
}

/** The card order a live session would deal: the deck's curated arc, or the engine's shuffle from the seed. */
export function dealOrder(deck: Deck, order: CardOrder, seed: number): Card[] {
  if (order === 'curated') return deck.cards.slice();
  if (order === 'shuffled') {
    const ids = shuffled(deck.cards.map((c) => c.id), new PrngStream(seedPrng(seed)));
    return ids.map((id) => deck.cards.find((c) => c.id === id)!);
  }
  return order.map((id) => {
    const c = deck.cards.find((x) => x.id === id);
    if (!c) throw new Error(`unknown card "${id}"`);
    return c;
  });
}

export function newSim(o: GameOptions): SimState {
  const voters = o.voters ?? { buyer: 5, provider: 5 };
  const order = o.order ?? 'curated';
  return {
    deck: o.deck,
    cards: dealOrder(o.deck, order, o.seed),
    orderKnown: o.orderKnown ?? order !== 'shuffled',
    index: 0,
    rounds: o.rounds ?? 6,
    teams: { buyer: freshTeam(voters.buyer), provider: freshTeam(voters.provider) },
    competitor: 0,
    stepChanges: 0,
    score: 0,
    voters,
    noise: o.noise ?? 0,
    pitchesPerTeam: o.pitchesPerTeam ?? 2,
    forcePitch: o.forcePitch ?? {},
    seed: o.seed,
  };
}

export function cloneSim(s: SimState): SimState {
  return {
    ...s,
    cards: s.cards,
    teams: {
      buyer: { ...s.teams.buyer, inventory: { ...s.teams.buyer.inventory } },
      provider: { ...s.teams.provider, inventory: { ...s.teams.provider.inventory } },
    },
  };
}

export const currentCardOf = (s: SimState): Card => s.cards[s.index % s.cards.length];

/**
 * The pitch stage of a story card: each team writes `pitchesPerTeam` pitches, and each voter of the other
 * team backs one of them (uniformly) with its policy's probability, or none. Settled with the engine's own
 * rule; the reward goes into the inventories the teams then decide with. Mutates `sim.teams`.
 */
export function settleRoundPitches(sim: SimState, policies: Record<Team, Policy>, votesOut?: Record<Team, number[]>): Record<Team, PitchResult | null> {
  const card = currentCardOf(sim);
  if (!card.storyPrompt) return { buyer: null, provider: null };
  const rng = stream(sim.seed, sim.index, PURPOSE.pitch);
  const stories: Record<string, StoryRecord> = {};
  for (const team of TEAMS) {
    const backer = otherTeam(team);
    const n = sim.pitchesPerTeam;
    const votes = new Array<number>(n).fill(0);
    const forced = sim.forcePitch[team];
    const p = policies[backer].backs({ card, team: backer, pitchTeam: team, round: sim.index, rounds: sim.rounds, sim });
    for (let v = 0; v < sim.voters[backer]; v++) {
      // Draw for every voter whatever is forced, so that forcing one team leaves the other's draws alone.
      const backs = rng.next() < p;
      const which = rng.int(n);
      if (forced === 'win') votes[0] += 1;
      else if (!forced && backs) votes[which] += 1;
    }
    if (votesOut) votesOut[team] = votes;
    for (let k = 0; k < n; k++) {
      const storyId = `${team}-${sim.index}-${k}`;
      stories[storyId] = { storyId, participantId: storyId, author: `${team} ${k + 1}`, team, text: 'pitch', at: k, votes: votes[k], hidden: false };
    }
  }
  const pitches = pitchResults(stories, { buyer: sim.teams.buyer.size, provider: sim.teams.provider.size });
  for (const team of TEAMS) sim.teams[team] = { ...sim.teams[team], inventory: withPitchReward(sim.teams[team].inventory, pitches[team]) };
  return pitches;
}

export function kindOf(o: CardOption): OptionKind {
  if (o.wait) return 'wait';
  if (o.joint) return 'joint';
  return POWER_UPS.some((p) => o.effects[p] < 0) ? 'spend' : 'small';
}

const countWords = (lines: string[]) => lines.reduce((n, l) => n + l.split(/\s+/).filter(Boolean).length, 0);

/**
 * Plays the current round of `sim` and advances it. `forced` replaces a team's policy pick (its voters
 * still vote at random with the noise probability); `pitches` skips the pitch stage when already settled.
 */
export function playRound(
  sim: SimState,
  policies: Record<Team, Policy>,
  opts: { forced?: Partial<Record<Team, string>>; pitches?: Record<Team, PitchResult | null>; record?: boolean; explain?: boolean } = {},
): RoundRecord | null {
  const card = currentCardOf(sim);
  const pitchVotes = opts.record && !opts.pitches && card.storyPrompt ? { buyer: [], provider: [] } : undefined;
  const pitches = opts.pitches ?? settleRoundPitches(sim, policies, pitchVotes);
  const tallies = {} as Record<Team, Record<string, number>>;
  const inventories = { buyer: sim.teams.buyer.inventory, provider: sim.teams.provider.inventory };
  const lives = { buyer: sim.teams.buyer.lives, provider: sim.teams.provider.lives };
  const positions = { buyer: sim.teams.buyer.position, provider: sim.teams.provider.position };
  const context = (team: Team): PolicyContext => ({
    card,
    team,
    partner: otherTeam(team),
    inventories,
    lives,
    positions,
    round: sim.index,
    rounds: sim.rounds,
    competitor: sim.competitor,
    stepChanges: sim.stepChanges,
    pitches,
    rng: stream(sim.seed, sim.index, PURPOSE.policy, team === 'buyer' ? 0 : 1),
    sim,
  });
  const picks = {} as Record<Team, string>;
  for (const team of TEAMS) {
    const options = teamOptions(card, team);
    const forced = opts.forced?.[team];
    picks[team] = forced ?? policies[team].choose(context(team));
    const noise = stream(sim.seed, sim.index, PURPOSE.noise, team === 'buyer' ? 0 : 1);
    const tally: Record<string, number> = {};
    for (let v = 0; v < sim.voters[team]; v++) {
      const r = noise.next();
      const j = noise.int(options.length);
      const id = r < sim.noise ? options[j].id : picks[team];
      tally[id] = (tally[id] ?? 0) + 1;
    }
    tallies[team] = tally;
  }
  const out = resolveRoundV2({
    card,
    index: sim.index,
    startedAt: 0,
    resolvedAt: 0,
    teams: {
      buyer: { state: sim.teams.buyer, tally: tallies.buyer, voters: sim.voters.buyer },
      provider: { state: sim.teams.provider, tally: tallies.provider, voters: sim.voters.provider },
    },
    competitor: sim.competitor,
    stepChanges: sim.stepChanges,
    pitches,
    stories: [],
  });
  out.teams.buyer.size = sim.teams.buyer.size;
  out.teams.provider.size = sim.teams.provider.size;
  sim.teams = out.teams;
  sim.competitor = out.competitor;
  sim.stepChanges = out.stepChanges;
  sim.score = out.score;
  sim.index += 1;
  if (!opts.record) return null;

  const r = out.result;
  const played = { buyer: card.options.find((o) => o.id === r.teams.buyer.playedOptionId)!, provider: card.options.find((o) => o.id === r.teams.provider.playedOptionId)! };
  const spentBy = (p: PowerUp) => TEAMS.some((t) => played[t].effects[p] < 0);
  const spends = (t: Team) => POWER_UPS.some((p) => played[t].effects[p] < 0);
  const rec: RoundRecord = {
    cardId: card.id,
    chosen: { buyer: r.teams.buyer.chosenOptionId, provider: r.teams.provider.chosenOptionId },
    played: { buyer: played.buyer.id, provider: played.provider.id },
    kind: { buyer: kindOf(played.buyer), provider: kindOf(played.provider) },
    waited: { buyer: !!played.buyer.wait, provider: !!played.provider.wait },
    smallStep: { buyer: !!r.teams.buyer.smallStep, provider: !!r.teams.provider.smallStep },
    jointFired: !!r.jointFired,
    stepChange: r.stepChange,
    usedBy: r.usedBy!,
    oneStepInStepChange: r.stepChange && TEAMS.some((t) => played[t].progress <= 1),
    allThreeSpent: POWER_UPS.every(spentBy),
    bothSpent: spends('buyer') && spends('provider'),
    hazard: { buyer: r.teams.buyer.hazard, provider: r.teams.provider.hazard },
    livesLost: TEAMS.filter((t) => r.teams[t].hazard === 'lifeLost').length,
    shutDowns: TEAMS.filter((t) => r.teams[t].hazard === 'shutDown').length,
    backed: { buyer: !!pitches.buyer?.backed, provider: !!pitches.provider?.backed },
    treadingWater: !!r.treadingWater,
    tallies,
    pitchVotes: pitchVotes ?? null,
  };
  if (opts.explain) {
    const lines = explainRoundV2(r, card);
    rec.reveal = { sentences: lines.length, words: countWords(lines) };
  }
  return rec;
}

export function finishSim(sim: SimState, policies: Record<Team, Policy>): void {
  while (sim.index < sim.rounds) playRound(sim, policies);
}

/** One seeded game, recorded round by round. */
export function playGame(o: GameOptions): GameRecord {
  const sim = newSim(o);
  const rounds: RoundRecord[] = [];
  while (sim.index < sim.rounds) rounds.push(playRound(sim, o.policies, { record: true, explain: o.explain })!);
  const outcome = outcomeV2({ teams: sim.teams, competitor: sim.competitor, stepChanges: sim.stepChanges, roundsPlayed: sim.rounds, score: sim.score });
  return {
    seed: o.seed,
    score: sim.score,
    outcome: outcome.name,
    stepChanges: sim.stepChanges,
    positions: { buyer: sim.teams.buyer.position, provider: sim.teams.provider.position },
    competitor: sim.competitor,
    livesInPlay: rounds.some((r) => r.livesLost + r.shutDowns > 0),
    rounds,
  };
}

/** The final score only (for searches): no records. */
export function playScore(o: GameOptions): number {
  const sim = newSim(o);
  finishSim(sim, o.policies);
  return sim.score;
}
