import type { PowerUp, Team } from '../../schemas/common';
import { POWER_UPS, TEAMS } from '../../schemas/common';
import type { Card } from '../../schemas/deck';
import type { RoundResult, TeamRoundResult } from '../../schemas/result';
import { own } from '../ownRecord';

const TEAM_NAME: Record<Team, string> = { buyer: 'Buyer', provider: 'Provider' };
const POWER_NAME: Record<PowerUp, string> = { courage: 'Courage', budget: 'Budget', stories: 'Stories' };

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function decision(t: TeamRoundResult): string {
  const name = TEAM_NAME[t.team];
  if (t.decidedBy === 'noVotes') return `${name} did not vote and waited`;
  const votes = own(t.tally, t.chosenOptionId) ?? 0;
  const chose = `${name} chose \u201c${t.chosenLabel}\u201d (${votes} of ${t.voters})`;
  if (!t.downgraded) return chose;
  return `${chose} but was short of ${list(t.shortOf.map((p) => POWER_NAME[p]))}, so it waited`;
}

/**
 * Rules v2's reveal, to read aloud: at most eight short sentences, the why in the card's own words
 * (its hazard's `why`, its joint move and opportunity), then the game terms.
 */
export function explainRoundV2(r: RoundResult, card: Card): string[] {
  const b = r.teams.buyer;
  const p = r.teams.provider;
  const out: string[] = [`${decision(b)}; ${decision(p)}.`];
  const used = r.usedBy!;
  if (r.stepChange && r.jointFired) {
    const backed = TEAMS.filter((t) => r.pitches?.[t]?.backed).length;
    const pitchNote = backed === 2 ? ', and both backed pitches added a step each' : backed === 1 ? ', and the backed pitch added a step' : '';
    out.push(`Joint move \u201c${card.joint?.title ?? 'together'}\u201d: ${card.opportunity.title}${pitchNote}.`);
    out.push('Courage, Budget and Stories used together: a step change.');
  } else if (r.stepChange) {
    out.push('Courage, Budget and Stories used together: a step change.');
  } else {
    const missing = POWER_UPS.filter((x) => used[x].length === 0).map((x) => POWER_NAME[x]);
    if (r.treadingWater) out.push('Small safe steps and nothing used: the partnership treads water in the continuous-improvement loop.');
    else if (missing.length) out.push(`No step change: nobody used ${list(missing)}.`);
    else out.push('No step change: the hazard shut an initiative down.');
  }
  for (const t of [b, p]) {
    if (!t.hazardTargeted) continue;
    const name = TEAM_NAME[t.team];
    const why = card.hazard.why ?? `${card.hazard.title} struck ${name}.`;
    if (t.hazard === 'absorbed') out.push(`${why} ${name} lost ${r.hazardDamage} ${POWER_NAME[r.hazardStrikes]}.`);
    else if (t.hazard === 'lifeLost') out.push(`${why} An extra life kept ${name}'s initiative alive.`);
    else out.push(`${why} ${name}'s initiative was shut down.`);
  }
  const targetable = card.hazard.hits === 'both' ? TEAMS : card.hazard.hits ? [card.hazard.hits] : [];
  const dodged = targetable.filter((t) => !r.teams[t].hazardTargeted).map((t) => TEAM_NAME[t]);
  if (dodged.length) out.push(`\u201c${card.hazard.title}\u201d avoided: ${list(dodged)} used ${POWER_NAME[card.hazard.strikes]}.`);
  out.push(`Buyer +${b.progress}, Provider +${p.progress}, competitor +${r.competitor.gain} (at ${r.competitor.to}); score ${r.score}.`);
  return out;
}
