import type { Team } from '../../schemas/common';
import type { Card } from '../../schemas/deck';
import type { EventOf } from '../../schemas/events';
import type { RoundResult } from '../../schemas/result';
import type { GameState, RoundState } from '../../schemas/state';
import type { SessionConfig } from '../../schemas/config';
import type { RuleError } from '../errors';
import { ruleError } from '../errors';
import { own } from '../ownRecord';
import { RULES_V2 } from './rulesV2';
import { plural } from '../../text/plural';

/**
 * Rules v2's cross-team huddle (issue 12 item 2). The facilitator marks rounds (config.huddleRounds, changed
 * later by `huddleSet` events) in which, before the vote, both teams see each other's options and who backs
 * the joint move, for a timed huddle (the round's timer, so pause, +30 s and restarts work as for any phase).
 * Votes cast in the huddle carry into the vote. In a huddle round a step change is worth
 * RULES_V2.huddleStarMultiplier times its points.
 */

/** The huddle rounds (1-based, ascending) as they stand now. */
export function huddleRoundsOf(state: Pick<GameState, 'config' | 'huddleRounds'>): number[] {
  return state.huddleRounds ?? normalised(state.config.huddleRounds ?? [], state.config.rounds);
}

function normalised(rounds: readonly number[], total: number): number[] {
  return [...new Set(rounds)].filter((r) => Number.isInteger(r) && r >= 1 && r <= total).sort((a, b) => a - b);
}

/** Whether the round at `index` (0-based) is a huddle round. Rules v1 has no huddles. */
export function isHuddleRound(state: Pick<GameState, 'rules' | 'config' | 'huddleRounds'>, index: number): boolean {
  return state.rules === 2 && huddleRoundsOf(state).includes(index + 1);
}

export function huddleSecondsOf(config: SessionConfig): number {
  return config.huddleSeconds ?? RULES_V2.huddleSeconds;
}

/** The round (1-based) being played or last played; 0 before the first. */
function currentRoundNumber(state: GameState): number {
  return state.round ? state.round.index + 1 : state.roundsPlayed;
}

/**
 * `huddleSet`: marks or unmarks a round that has not started yet. Checks everything, then mutates; the
 * list is written to the state only now, so a log without `huddleSet` keeps its state (and hash) as it was.
 */
export function applyHuddleSet(state: GameState, e: EventOf<'huddleSet'>): RuleError | null {
  if (state.phase === 'ended') return ruleError('ALREADY_ENDED');
  if (state.rules !== 2) return ruleError('HUDDLES_V2_ONLY');
  if (!Number.isInteger(e.round) || e.round < 1 || e.round > state.config.rounds) return ruleError('NO_SUCH_ROUND', `This session has ${plural(state.config.rounds, 'round')}.`);
  if (e.round <= currentRoundNumber(state)) return ruleError('ROUND_STARTED', `Round ${e.round} has already started.`);
  const rounds = huddleRoundsOf(state).filter((r) => r !== e.round);
  if (e.huddle) rounds.push(e.round);
  state.huddleRounds = normalised(rounds, state.config.rounds);
  return null;
}

/** What the round resolves with: the huddle round's multiplier and the extra points of earlier ones. */
export function stakesFor(state: GameState, index: number): { multiplier: number; before: number } | undefined {
  const before = state.history.reduce((n, r) => n + (r.stakes?.bonus ?? 0), 0);
  const multiplier = isHuddleRound(state, index) ? RULES_V2.huddleStarMultiplier : 1;
  // Undefined when nothing differs from a game without huddles: such results stay exactly as they were.
  return multiplier > 1 || before > 0 ? { multiplier, before } : undefined;
}

/** The extra points a round's step change earns under these stakes. */
export function stakesBonus(multiplier: number, stepChange: boolean): number {
  return stepChange ? (multiplier - 1) * RULES_V2.starScore : 0;
}

/** The sentence every screen shows in a huddle round. */
export function stakesText(multiplier: number = RULES_V2.huddleStarMultiplier): string {
  const times = multiplier === 2 ? 'double' : `${multiplier}\u00d7`;
  return `Huddle round: higher stakes \u2014 a step change is worth ${times} points (${multiplier * RULES_V2.starScore} instead of ${RULES_V2.starScore}).`;
}

/** Who currently votes for each team's part of the joint move (names, for the facilitator only). */
export function jointBackerNames(card: Card | null, round: Pick<RoundState, 'choices'> | null, participants: Record<string, { name: string; team: Team; removed: boolean }>): Record<Team, string[]> {
  const out: Record<Team, string[]> = { buyer: [], provider: [] };
  if (!card || !round) return out;
  const joint = new Set(card.options.filter((o) => o.joint).map((o) => o.id));
  for (const id of Object.keys(round.choices)) {
    const p = own(participants, id);
    if (p && !p.removed && joint.has(round.choices[id])) out[p.team].push(p.name);
  }
  for (const t of ['buyer', 'provider'] as const) out[t].sort((a, b) => a.localeCompare(b));
  return out;
}

/** What every view says about huddles (rules v2). */
export function huddleView(state: GameState) {
  const index = state.round ? state.round.index : state.roundsPlayed;
  return {
    rounds: huddleRoundsOf(state),
    seconds: huddleSecondsOf(state.config),
    multiplier: RULES_V2.huddleStarMultiplier,
    // The round on the card now (or the next one, between rounds) is a huddle round.
    thisRound: isHuddleRound(state, index),
  };
}

/** The stakes a resolved round was played for (for the reveal and the replay). */
export function roundStakes(r: Pick<RoundResult, 'stakes'>): number {
  return r.stakes?.multiplier ?? 1;
}

/** The reveal's sentence on a huddle round's stakes (none in other rounds). */
export function stakesSentences(r: Pick<RoundResult, 'stakes' | 'stepChange'>): string[] {
  const s = r.stakes;
  if (!s || s.multiplier <= 1) return [];
  return [r.stepChange
    ? `Huddle round: the step change counted ${s.multiplier === 2 ? 'double' : `${s.multiplier} times`}, +${s.bonus} extra points.`
    : 'Huddle round: a step change would have counted double, but there was none.'];
}
