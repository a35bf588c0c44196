import type { PowerUp, Team } from '../schemas/common';
import { POWER_UPS } from '../schemas/common';
import type { RoundResult, TeamRoundResult } from '../schemas/result';
import { own } from './ownRecord';

const TEAM_NAME: Record<Team, string> = { buyer: 'Buyer', provider: 'Provider' };
const POWER_NAME: Record<PowerUp, string> = { courage: 'Courage', budget: 'Budget', stories: 'Stories' };

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function decisionSentence(name: string, t: TeamRoundResult): string {
  if (t.decidedBy === 'noVotes') return `${name}: nobody voted, so the team waited ("${t.chosenLabel}").`;
  const votes = own(t.tally, t.chosenOptionId) ?? 0;
  const how = t.decidedBy === 'majority' ? 'the most votes' : 'a tie, broken in favour of the option spending least';
  return `${name} chose "${t.chosenLabel}" (${votes} of ${t.voters} votes, ${how}).`;
}

function teamSentences(t: TeamRoundResult, r: RoundResult): string[] {
  const name = TEAM_NAME[t.team];
  const out = [decisionSentence(name, t)];
  if (t.downgraded)
    out.push(`${name} could not afford it (short of ${list(t.shortOf.map((p) => POWER_NAME[p]))}), so it was downgraded to "${t.playedLabel}".`);
  if (t.storyBonus > 0) out.push(`${name}'s best story won the other team's votes: +${t.storyBonus} Stories.`);
  const held = POWER_UPS.filter((p) => t.afterEffects[p] + (p === 'stories' ? t.storyBonus : 0) > 0).map((p) => POWER_NAME[p]);
  if (t.gate === 'waited') {
    out.push(`${name} brought no initiative to the innovation gate this round, and the competitor gained ground.`);
  } else if (t.gate === 'loopMissing') {
    const missing = list(t.missingAtGate.map((p) => POWER_NAME[p]));
    const brought = held.length ? `brought ${list(held)} but no ${missing}` : 'brought no power-ups at all';
    out.push(`${name} ${brought}: the initiative stalls at the innovation gate and goes round the continuous-improvement loop, back to where it was.`);
  } else if (t.gate === 'loopHoard') {
    out.push(`${name} is hoarding ${POWER_NAME[t.hoarded!]}: too much of one power-up and too little of the others sends it round the continuous-improvement loop, back to where it was.`);
  } else {
    out.push(`${name} brought Courage, Budget and Stories to the innovation gate and went through.`);
    if (t.blockReward) out.push(`A "?" block released +1 ${POWER_NAME[t.blockReward]} for ${name}, its scarcest power-up.`);
    if (t.opportunityReached) out.push(`${name} stood tall enough (height ${t.height}) to reach the opportunity "${r.opportunityTitle}".`);
  }
  if (t.hazard === 'absorbed')
    out.push(`The hazard hit ${name}, which absorbed it by spending ${r.hazardDamage} ${POWER_NAME[r.hazardStrikes]}.`);
  else if (t.hazard === 'lifeLost')
    out.push(`The hazard hit ${name} without enough ${POWER_NAME[r.hazardStrikes]}: it spent an extra life and the initiative survived.`);
  else if (t.hazard === 'shutDown')
    out.push(`The hazard hit ${name} without enough ${POWER_NAME[r.hazardStrikes]} and no extra life: the initiative was shut down.`);
  return out;
}

/** Plain sentences a facilitator can read aloud at the reveal. */
export function explainRound(r: RoundResult): string[] {
  const out: string[] = [`Round ${r.index + 1}: ${r.cardTitle}.`];
  out.push(...teamSentences(r.teams.buyer, r));
  if (r.hazardStruck) out.push(`Hazard: "${r.hazardTitle}" struck this round.`);
  else out.push(`Hazard: "${r.hazardTitle}" did not strike this round.`);
  out.push(...teamSentences(r.teams.provider, r));
  if (r.stepChange)
    out.push(`Star moment! Both teams went through the gate together: a step change, +1 extra life each and bonus steps for the partnership.`);
  else out.push('No step change this round: that takes both teams through the gate together.');
  out.push(
    `Buyer moved ${r.teams.buyer.progress} and Provider ${r.teams.provider.progress}; the competitor moved ${r.competitor.gain} (now at ${r.competitor.to}).`,
  );
  const lost = (['buyer', 'provider'] as const).filter((t) => r.teams[t].lostInDust).map((t) => TEAM_NAME[t]);
  if (lost.length) out.push(`${list(lost)} ${lost.length > 1 ? 'are' : 'is'} behind the competitor: lost in the dust.`);
  out.push(`Partnership score: ${r.score}.`);
  return out;
}
