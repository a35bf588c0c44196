import type { GameState, Outcome } from '../schemas/state';

/**
 * The named outcome of a game. Both teams behind the competitor: "Lost in the dust"; one behind:
 * "Out of step"; otherwise by step changes: at least half the rounds played "Innovation partners",
 * at least one "Sparks of innovation", none "Treading water".
 */
export function outcomeOf(s: Pick<GameState, 'teams' | 'competitor' | 'stepChanges' | 'roundsPlayed' | 'score'>): Outcome {
  const behind = (['buyer', 'provider'] as const).filter((t) => s.teams[t].position < s.competitor).length;
  const score = s.score;
  if (s.roundsPlayed === 0) return { name: 'Treading water', summary: 'No round was played.', score };
  if (behind === 2)
    return { name: 'Lost in the dust', summary: 'Both teams ended behind the competitor, who kept innovating while the partnership did not.', score };
  if (behind === 1)
    return { name: 'Out of step', summary: 'One side kept up with the competitor and the other did not: a partnership moves at the pace of its slower partner.', score };
  if (s.stepChanges * 2 >= s.roundsPlayed)
    return { name: 'Innovation partners', summary: `Step changes in ${s.stepChanges} of ${s.roundsPlayed} rounds, ahead of the competitor: courage, budget and stories together.`, score };
  if (s.stepChanges >= 1)
    return { name: 'Sparks of innovation', summary: `Ahead of the competitor with ${s.stepChanges} step change(s): the sparks are there, the habit is not yet.`, score };
  return { name: 'Treading water', summary: 'Keeping pace, but no step change: a continuous-improvement cycle, not innovation.', score };
}
