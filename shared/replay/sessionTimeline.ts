import type { PowerUp, Team } from '../schemas/common';
import { TEAMS } from '../schemas/common';
import type { GameState } from '../schemas/state';

/** The session after each round: the score and the race (both runners and the competitor). */
export type TimelinePoint = { label: string; score: number; competitor: number; buyer: number; provider: number };

/** A team's chosen option replaced by its wait option because the team could not afford it. */
export type Downgrade = { round: number; team: Team; chose: string; played: string };

export type MomentKind = 'stepChange' | 'shutDown' | 'treadingWater' | 'loop' | 'lifeLost' | 'downgrade';
/** A moment worth stopping at in the debrief, in words. */
export type KeyMoment = { round: number; kind: MomentKind; team: Team | null; text: string };

export type SessionTimeline = { points: TimelinePoint[]; downgrades: Downgrade[]; moments: KeyMoment[] };

const NAME: Record<Team, string> = { buyer: 'Buyer', provider: 'Provider' };
const q = (s: string) => `\u201c${s}\u201d`;
const POWER: Record<PowerUp, string> = { courage: 'Courage', budget: 'Budget', stories: 'Stories' };

/**
 * The whole session at a glance (issue 15 item 19): score and competitor round by round, every
 * downgrade (a chosen option replaced by wait), and the key moments — step changes (the stars),
 * initiatives shut down by a hazard, lives lost, treading-water rounds and loops at the gate. Pure.
 */
export function sessionTimeline(state: Pick<GameState, 'history'>): SessionTimeline {
  const h = state.history;
  const first = h[0];
  const points: TimelinePoint[] = first
    ? [{ label: 'Start', score: 0, competitor: first.competitor.from, buyer: first.teams.buyer.positionBefore, provider: first.teams.provider.positionBefore }]
    : [];
  const downgrades: Downgrade[] = [];
  const moments: KeyMoment[] = [];
  for (const r of h) {
    points.push({ label: `R${r.round}`, score: r.score, competitor: r.competitor.to, buyer: r.teams.buyer.positionAfter, provider: r.teams.provider.positionAfter });
    if (r.stepChange) moments.push({ round: r.round, kind: 'stepChange', team: null, text: `R${r.round} ${r.cardTitle}: step change${r.jointFired ? ', with the joint move' : ''}.` });
    if (r.treadingWater) moments.push({ round: r.round, kind: 'treadingWater', team: null, text: `R${r.round} ${r.cardTitle}: treading water \u2014 small safe steps, nothing spent.` });
    for (const team of TEAMS) {
      const t = r.teams[team];
      if (t.downgraded) {
        downgrades.push({ round: r.round, team, chose: t.chosenLabel, played: t.playedLabel });
        moments.push({ round: r.round, kind: 'downgrade', team, text: `R${r.round}: the ${NAME[team]} team chose ${q(t.chosenLabel)} but could not afford it, so it played ${q(t.playedLabel)}.` });
      }
      if (t.hazard === 'shutDown') moments.push({ round: r.round, kind: 'shutDown', team, text: `R${r.round}: ${r.hazardTitle} shut the ${NAME[team]} team\u2019s initiative down.` });
      else if (t.hazard === 'lifeLost') moments.push({ round: r.round, kind: 'lifeLost', team, text: `R${r.round}: ${r.hazardTitle} cost the ${NAME[team]} team a life.` });
      if (t.gate === 'loopMissing' || t.gate === 'loopHoard')
        moments.push({ round: r.round, kind: 'loop', team, text: `R${r.round}: the ${NAME[team]} team looped back at the gate${t.gate === 'loopHoard' && t.hoarded ? ` (it held on to its ${POWER[t.hoarded]})` : t.missingAtGate.length ? ` (missing ${t.missingAtGate.map((p) => POWER[p]).join(', ')})` : ''}.` });
    }
  }
  return { points, downgrades, moments };
}
