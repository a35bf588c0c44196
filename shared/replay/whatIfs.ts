import type { GameState } from '../schemas/state';
import { whatIfs, type WhatIf } from '../engine/v2/whatIf';

export type { WhatIf };

/** One resolved round's what-if lines (rules v2 only): the other choices that would have changed what happened. */
export type RoundWhatIfs = { index: number; round: number; cardId: string; cardTitle: string; lines: WhatIf[] };

/**
 * The debrief's what-if lines for every resolved rules v2 round of a folded state (issue 12 item 3).
 * Each round is re-resolved by the same pure, deterministic engine with one team's vote changed to each
 * of its other options (see `whatIfs`); only the alternatives that change the round's outcome are kept,
 * at most `limit` a round. Rounds of rules v1 (random draws) and rounds whose card is not in the deck
 * have none. Pure: the replay page, the print summary, the console and the script all call this.
 */
export function debriefWhatIfs(state: Pick<GameState, 'history' | 'deck'>, limit = 3): RoundWhatIfs[] {
  const out: RoundWhatIfs[] = [];
  let stepChangesBefore = 0;
  for (const r of state.history) {
    const card = state.deck.cards.find((c) => c.id === r.cardId);
    if (r.rules === 2 && card) out.push({ index: r.index, round: r.round, cardId: r.cardId, cardTitle: r.cardTitle, lines: whatIfs(r, card, stepChangesBefore, limit) });
    if (r.stepChange) stepChangesBefore += 1;
  }
  return out;
}
