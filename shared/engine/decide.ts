import type { Inventory, PowerUp, Team } from '../schemas/common';
import { POWER_UPS } from '../schemas/common';
import type { Card, CardOption } from '../schemas/deck';
import { own } from './ownRecord';

export type TeamDecision = {
  chosen: CardOption;
  decidedBy: 'majority' | 'tieBreak' | 'noVotes';
};

export function teamOptions(card: Card, team: Team): CardOption[] {
  return card.options.filter((o) => o.team === team);
}

export function waitOption(card: Card, team: Team): CardOption {
  // The deck schema guarantees exactly one wait option per team.
  return card.options.find((o) => o.team === team && o.wait)!;
}

/** Total power-ups an option spends (the sum of its negative effects). */
export function spendOf(option: CardOption): number {
  let s = 0;
  for (const p of POWER_UPS) if (option.effects[p] < 0) s -= option.effects[p];
  return s;
}

/**
 * The team's decision from its members' votes: the option with the most votes (plurality).
 * Tie-break: the tied option that spends the fewest power-ups (organisations play safe when
 * split), then the one listed first on the card. Nobody voted: the team's wait option.
 */
export function decideTeam(card: Card, team: Team, tally: Record<string, number>): TeamDecision {
  const options = teamOptions(card, team);
  let best: CardOption[] = [];
  let bestVotes = 0;
  for (const o of options) {
    const v = own(tally, o.id) ?? 0;
    if (v > bestVotes) {
      bestVotes = v;
      best = [o];
    } else if (v === bestVotes && v > 0) best.push(o);
  }
  if (bestVotes === 0) return { chosen: waitOption(card, team), decidedBy: 'noVotes' };
  if (best.length === 1) return { chosen: best[0], decidedBy: 'majority' };
  let pick = best[0];
  for (const o of best) if (spendOf(o) < spendOf(pick)) pick = o;
  return { chosen: pick, decidedBy: 'tieBreak' };
}

/** The power-ups the team is short of to play this option (it would go below zero). */
export function shortfall(inventory: Inventory, option: CardOption): PowerUp[] {
  return POWER_UPS.filter((p) => inventory[p] + option.effects[p] < 0);
}
