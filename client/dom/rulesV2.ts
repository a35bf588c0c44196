import { el } from './el';
import { icon } from './icons';
import { POWER_UP_NAME, POWER_UPS, TEAM_NAME, plural } from './format';
import type { PowerUp, Team } from '../../shared/schemas/common';
import type { CardOption, Hazard } from '../../shared/schemas/deck';
import type { PitchResult, RoundResult } from '../../shared/schemas/result';
import { RULES_V2 } from '../../shared/engine/v2/rulesV2';

// Rules v2 in words for the DOM screens (phone, console, replay): what a player needs in view to decide.
// Only renders what the view says; the engine decides.

const other = (t: Team): Team => (t === 'buyer' ? 'provider' : 'buyer');
/** "Buyers" / "Providers": the members of a team. */
export const TEAM_PLURAL: Record<Team, string> = { buyer: 'Buyers', provider: 'Providers' };

export function listOf(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "Legal veto hits the Buyer unless the Buyer uses Courage." */
export function hazardCondition(h: Hazard): string {
  const p = POWER_UP_NAME[h.strikes];
  if (h.hits === 'both') return `${h.title} hits each team that does not use ${p}.`;
  if (h.hits) return `${h.title} hits the ${TEAM_NAME[h.hits]} unless the ${TEAM_NAME[h.hits]} uses ${p}.`;
  return `${h.title} hits nobody this round.`;
}

/** What the hit costs: paid from the power-up, else a life, else the initiative is shut down. */
export function hazardCost(h: Hazard): string {
  return `A hit costs ${plural(h.damage, POWER_UP_NAME[h.strikes])}; a team without enough loses a life, and with no life left its initiative is shut down.`;
}

/** "The competitor runs 2 steps this round, +1 for each team that waits, +1 more if nobody uses anything." */
export function competitorPace(steps: number): string {
  return `The competitor runs ${plural(steps, 'step')} this round, +${RULES_V2.competitorPerWait} for each team that waits, +${RULES_V2.competitorWhenNothingUsed} more if nobody uses a power-up.`;
}

export const GATE_RULE = 'Step change only when Courage, Budget and Stories are all used across both teams\u2019 moves this round.';

/** "3 of 5 Providers back their part". */
export function backingText(team: Team, backing: number, size: number, whose: 'their' | 'our' | 'your' = 'their'): string {
  return `${backing} of ${size} ${size === 1 ? TEAM_NAME[team] : TEAM_PLURAL[team]} back ${whose} part`;
}

export function jointCondition(team: Team): string {
  return `Joint move: fires only if the ${TEAM_NAME[other(team)]} votes its part.`;
}

/** An option's steps and what it uses and earns, as icons with words (never colour alone). */
export function optionFacts(o: CardOption): HTMLElement {
  const uses = POWER_UPS.filter((p) => o.effects[p] < 0);
  const earns = POWER_UPS.filter((p) => o.effects[p] > 0);
  const chip = (p: PowerUp, kind: 'spend' | 'earn') =>
    el('span', { class: `chip chip-${p} ${kind}` }, icon(p, 18), `${kind === 'spend' ? '\u2212' : '+'}${Math.abs(o.effects[p])} ${POWER_UP_NAME[p]}`);
  return el('span', { class: 'option-facts' },
    el('span', { class: 'fact fact-steps' }, o.wait ? 'Waits: no steps, no power-ups' : `\u25b6 ${plural(o.progress, 'step')}`),
    o.wait ? null : el('span', { class: 'fact fact-uses' }, el('span', { class: 'fact-label' }, 'Uses'), ...(uses.length ? uses.map((p) => chip(p, 'spend')) : [el('span', { class: 'chip chip-none' }, 'nothing')])),
    earns.length ? el('span', { class: 'fact fact-earns' }, el('span', { class: 'fact-label' }, 'Earns'), ...earns.map((p) => chip(p, 'earn'))) : null,
  );
}

/** "Buyer used Courage and Stories" / "Provider used nothing". */
export function usedText(team: Team, spent: readonly PowerUp[] | undefined): string {
  const s = spent ?? [];
  return `${TEAM_NAME[team]} used ${s.length ? listOf(s.map((p) => POWER_UP_NAME[p])) : 'nothing'}`;
}

/** Who used what at the gate, per team, as icon rows (for the reveal on phone, console and replay). */
export function usedAtGate(r: RoundResult): HTMLElement {
  return el('ul', { class: 'used-at-gate', 'aria-label': 'What each team used at the gate' },
    ...(['buyer', 'provider'] as const).map((team) => {
      const spent = r.teams[team].spent ?? [];
      const covered = r.teams[team].coveredByPartner ?? [];
      return el('li', { class: `used used-${team}`, 'data-team': team },
        el('span', { class: 'used-team' }, TEAM_NAME[team]),
        ...(spent.length
          ? spent.map((p) => el('span', { class: `chip chip-${p} spend` }, icon(p, 18), POWER_UP_NAME[p], covered.includes(p) ? ' (pooled)' : ''))
          : [el('span', { class: 'chip chip-none' }, 'used nothing')]),
      );
    }),
  );
}

/** The headline of a v2 reveal: joint move, step change, treading water or nothing. */
export function revealHeadline(r: RoundResult): string {
  if (r.jointFired && r.stepChange) return 'Joint move! A step change';
  if (r.stepChange) return 'Star moment: a step change!';
  if (r.treadingWater) return 'Treading water';
  return 'No step change';
}

/** A pitch's result in words: "Ada's pitch: backed by 2 of 2 Providers: +1 Stories, and the joint move is worth +1 step." */
export function pitchText(team: Team, p: PitchResult | null): string {
  if (!p) return `No ${TEAM_NAME[team]} pitch was backed.`;
  const by = `${p.author}\u2019s pitch was backed by ${p.votes} of ${p.of} ${p.of === 1 ? TEAM_NAME[other(team)] : TEAM_PLURAL[other(team)]}`;
  const extra = p.backed ? `, and the joint move is worth +${RULES_V2.backedSteps} step` : '';
  return `${by}: ${TEAM_NAME[team]} +${p.reward} Stories before the vote${extra}.`;
}
