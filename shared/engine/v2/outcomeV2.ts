import type { GameState, Outcome } from '../../schemas/state';

/**
 * Rules v2's named ending. No step change while the partnership kept taking small steps (at least a
 * step a round for the slower partner): "Treading water", the continuous-improvement loop, whatever
 * the competitor did. Otherwise both behind the competitor: "Lost in the dust"; one behind: "Out of
 * step"; else by step changes (at least half the rounds: "Innovation partners").
 */
// The summary is part of the ended state, so of the state hash an exported log carries: its words are
// frozen (a change would make every log exported before it fail its import with HASH_MISMATCH).
export function outcomeV2(s: Pick<GameState, 'teams' | 'competitor' | 'stepChanges' | 'roundsPlayed' | 'score'>): Outcome {
  const score = s.score;
  if (s.roundsPlayed === 0) return { name: 'Treading water', summary: 'No round was played.', score };
  const slower = Math.min(s.teams.buyer.position, s.teams.provider.position);
  const behind = (['buyer', 'provider'] as const).filter((t) => s.teams[t].position < s.competitor).length;
  if (s.stepChanges === 0 && slower >= s.roundsPlayed)
    return {
      name: 'Treading water',
      summary: behind
        ? 'Busy with small safe steps and no step change: treading water in the continuous-improvement loop while the competitor pulled ahead.'
        : 'Busy with small safe steps and no step change: treading water in the continuous-improvement loop.',
      score,
    };
  if (behind === 2) return { name: 'Lost in the dust', summary: 'Both teams ended behind the competitor, who kept innovating while the partnership did not.', score };
  if (behind === 1) return { name: 'Out of step', summary: 'One side kept up with the competitor and the other did not: a partnership moves at the pace of its slower partner.', score };
  if (s.stepChanges * 2 >= s.roundsPlayed)
    return { name: 'Innovation partners', summary: `Step changes in ${s.stepChanges} of ${s.roundsPlayed} rounds, ahead of the competitor: courage, budget and stories used together.`, score };
  if (s.stepChanges >= 1)
    return { name: 'Sparks of innovation', summary: `Ahead of the competitor with ${s.stepChanges} step change(s): the sparks are there, the habit is not yet.`, score };
  return { name: 'Treading water', summary: 'Keeping pace, but no step change: a continuous-improvement cycle, not innovation.', score };
}
