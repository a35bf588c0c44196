import type { Team } from '../../schemas/common';
import { otherTeam, TEAMS } from '../../schemas/common';
import type { Card } from '../../schemas/deck';
import type { RoundResult } from '../../schemas/result';
import type { TeamState } from '../../schemas/state';
import { resolveRoundV2 } from './resolveV2';

export type WhatIf = {
  team: Team;
  optionId: string;
  label: string;
  // What would have changed: the step change, the joint move, a shut-down, the partnership's score.
  stepChange: boolean;
  jointFired: boolean;
  shutDown: boolean;
  scoreDelta: number;
  sentence: string;
};

const TEAM_NAME: Record<Team, string> = { buyer: 'Buyer', provider: 'Provider' };

function teamBefore(r: RoundResult, team: Team): TeamState {
  const t = r.teams[team];
  return { size: t.members, inventory: { ...t.before }, lives: t.livesBefore, position: t.positionBefore, hitsAbsorbed: 0, shutDowns: 0, loops: 0, opportunities: 0 };
}

/**
 * Rules v2's what-if lines for one resolved round: the same round re-resolved by the same pure engine
 * with one team's vote changed to each of its other options (the other team's vote as it was). Only the
 * alternatives that change what happened (step change, joint move, a shut-down) are kept, biggest
 * score change first. `stepChangesBefore` is the session's count before this round.
 */
export function whatIfs(r: RoundResult, card: Card, stepChangesBefore: number, limit = 3): WhatIf[] {
  const out: WhatIf[] = [];
  const shutDown = (x: RoundResult) => TEAMS.some((t) => x.teams[t].hazard === 'shutDown');
  for (const team of TEAMS) {
    for (const o of card.options) {
      if (o.team !== team || o.id === r.teams[team].playedOptionId) continue;
      const tally = (t: Team) => (t === team ? { [o.id]: Math.max(1, r.teams[t].voters) } : { ...r.teams[t].tally });
      const alt = resolveRoundV2({
        card,
        index: r.index,
        startedAt: r.startedAt,
        resolvedAt: r.resolvedAt,
        teams: {
          buyer: { state: teamBefore(r, 'buyer'), tally: tally('buyer'), voters: r.teams.buyer.voters },
          provider: { state: teamBefore(r, 'provider'), tally: tally('provider'), voters: r.teams.provider.voters },
        },
        competitor: r.competitor.from,
        stepChanges: stepChangesBefore,
        pitches: r.pitches ?? { buyer: null, provider: null },
        stories: [],
        stakes: r.stakes ? { multiplier: r.stakes.multiplier, before: r.stakes.before } : undefined,
      }).result;
      if (alt.stepChange === r.stepChange && alt.jointFired === r.jointFired && shutDown(alt) === shutDown(r)) continue;
      const name = TEAM_NAME[team];
      const partner = TEAM_NAME[otherTeam(team)];
      let what: string;
      if (alt.teams[team].downgraded) what = `it could not have afforded it, and the round would have had no step change`;
      else if (alt.stepChange && alt.jointFired && !r.jointFired) what = `the joint move with the ${partner} would have fired: a step change`;
      else if (alt.stepChange && !r.stepChange) what = 'this round would have been a step change';
      else if (!alt.stepChange && r.stepChange) what = 'the step change would have been lost';
      else if (shutDown(alt) && !shutDown(r)) what = 'an initiative would have been shut down';
      else if (!shutDown(alt) && shutDown(r)) what = 'no initiative would have been shut down';
      else what = alt.jointFired ? 'the joint move would have fired' : 'the joint move would not have fired';
      out.push({
        team,
        optionId: o.id,
        label: o.label,
        stepChange: alt.stepChange,
        jointFired: !!alt.jointFired,
        shutDown: shutDown(alt),
        scoreDelta: alt.score - r.score,
        sentence: `Had the ${name} chosen \u201c${o.label}\u201d, ${what} (score ${alt.score - r.score >= 0 ? '+' : ''}${alt.score - r.score}).`,
      });
    }
  }
  return out.sort((a, b) => Math.abs(b.scoreDelta) - Math.abs(a.scoreDelta)).slice(0, limit);
}
