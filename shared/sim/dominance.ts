import type { Card, CardOption } from '../schemas/deck';
import { TEAMS } from '../schemas/common';
import { teamOptions } from '../engine/decide';

/**
 * Option A dominates option B (same card, same team) when A is at least as good on every axis a
 * team trades on — Courage change, Budget change, Stories change, progress, and steps it hands the
 * competitor (fewer is better) — and strictly better on at least one. A dominated option would
 * never be worth choosing, whatever the team holds.
 */
export function dominates(a: CardOption, b: CardOption): boolean {
  const va = [a.effects.courage, a.effects.budget, a.effects.stories, a.progress, -a.competitor];
  const vb = [b.effects.courage, b.effects.budget, b.effects.stories, b.progress, -b.competitor];
  return va.every((x, i) => x >= vb[i]) && va.some((x, i) => x > vb[i]);
}

export type Domination = { cardId: string; dominant: string; dominated: string };

export function findDominations(cards: readonly Card[]): Domination[] {
  const out: Domination[] = [];
  for (const card of cards)
    for (const team of TEAMS) {
      const options = teamOptions(card, team);
      for (const a of options) for (const b of options) if (a !== b && dominates(a, b)) out.push({ cardId: card.id, dominant: a.id, dominated: b.id });
    }
  return out;
}
