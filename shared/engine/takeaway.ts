import type { Team } from '../schemas/common';
import { POWER_UPS } from '../schemas/common';
import type { GameState } from '../schemas/state';
import type { Takeaway } from '../schemas/takeaway';

/** A team's take-away at the end of the session, from the rounds played (pure). */
export function takeawayFor(state: GameState, team: Team): Takeaway {
  const spent = { courage: 0, budget: 0, stories: 0 };
  const rounds = state.history.map((r) => {
    const card = state.deck.cards.find((c) => c.id === r.cardId);
    const played = card?.options.find((o) => o.id === r.teams[team].playedOptionId);
    const used = played ? POWER_UPS.filter((p) => played.effects[p] < 0) : [];
    for (const p of used) spent[p] += 1;
    return { round: r.round, cardTitle: r.cardTitle, played: r.teams[team].playedLabel, spent: used, stepChange: r.stepChange, lesson: card?.debrief ?? null };
  });
  return { steps: state.teams[team].position, stepChanges: state.stepChanges, spent, rounds };
}

/** The take-away field of a team's view: only once the session has ended. */
export function takeawayField(state: GameState, team: Team): { takeaway?: Takeaway } {
  return state.phase === 'ended' ? { takeaway: takeawayFor(state, team) } : {};
}
