import type { Inventory, PowerUp, Team } from '../schemas/common';
import { POWER_UPS, otherTeam } from '../schemas/common';
import type { CardOption } from '../schemas/deck';
import { shortfall } from './decide';

/**
 * Whether a team can vote for an option, by the rule the resolution applies: an option the team is short
 * for is played as its wait (so a vote for it is refused), except — rules v2 — a joint part, whose cost is
 * pooled with the other team when both vote their part: it stays votable if the two stocks together (less
 * the other team's own part) cover it. The phone marks options with this and the server refuses with it,
 * so what a player sees and what the server accepts are one rule.
 */
export type Affordability =
  /** The team can pay it alone. */
  | { kind: 'affordable' }
  /** v2 joint part: short alone, but the pooled stocks cover it if the other team votes its part. */
  | { kind: 'pooled'; short: PowerUp[] }
  /** Nobody can pay it: a vote for it would be played as the wait. */
  | { kind: 'blocked'; short: PowerUp[]; pooled: boolean };

export function affordability(
  inventories: Record<Team, Inventory>,
  options: readonly CardOption[],
  team: Team,
  option: CardOption,
  v2: boolean,
): Affordability {
  const mine = inventories[team];
  const short = shortfall(mine, option);
  if (!short.length) return { kind: 'affordable' };
  if (!v2 || !option.joint) return { kind: 'blocked', short, pooled: false };
  const them = otherTeam(team);
  const theirPart = options.find((o) => o.team === them && o.joint);
  const pool = {} as Inventory;
  for (const p of POWER_UPS) pool[p] = mine[p] + inventories[them][p] + (theirPart ? theirPart.effects[p] : 0);
  return shortfall(pool, option).length ? { kind: 'blocked', short, pooled: true } : { kind: 'pooled', short };
}

/** "needs 2 Courage, the team has 0" for each power-up the team is short of. */
export function shortText(inventory: Inventory, option: CardOption, short: readonly PowerUp[]): string {
  const name = (p: PowerUp) => p[0].toUpperCase() + p.slice(1);
  return short.map((p) => `needs ${-option.effects[p]} ${name(p)}, the team has ${inventory[p]}`).join('; ');
}
