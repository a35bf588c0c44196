import type { Card } from '../schemas/deck';
import type { CreatedEvent } from '../schemas/events';

// What a read-only replay link may see of a session's `created` event (issue 13 item 7): the cards the
// room has seen, never the rest of the deck (briefs, stakes, options, even ids that read like titles),
// and the seed only when nothing is left to draw. The facilitator's own export keeps everything.

/** The words a replay link sees in place of a card nobody has played yet. */
export const UNPLAYED_TEXT = 'Not played (yet).';

export type ReplayRedaction = {
  /** The session's dealt card order (state.cardOrder, real ids). */
  cardOrder: readonly string[];
  /** Rounds the served log shows being played: cardOrder[0 … playedCount − 1] (wrapping) keep their text. */
  playedCount: number;
  /**
   * Keep the seed (a rules v1 session that has ended: its fold draws from it, and nothing is left to draw).
   * Otherwise the seed becomes 0 and the served config deals `cardOrder` itself, so the fold needs no seed.
   */
  keepSeed: boolean;
};

function redactCard(card: Card, id: string): Card {
  const optionIds = new Map(card.options.map((o, j) => [o.id, `option-${j + 1}`]));
  return {
    ...card,
    id,
    title: 'A card not played',
    situation: UNPLAYED_TEXT,
    briefs: { buyer: UNPLAYED_TEXT, provider: UNPLAYED_TEXT },
    options: card.options.map((o, j) => ({ ...o, id: optionIds.get(o.id)!, label: `Option ${j + 1}`, text: UNPLAYED_TEXT })),
    hazard: { ...card.hazard, title: 'Hazard', text: UNPLAYED_TEXT, ...(card.hazard.why !== undefined ? { why: UNPLAYED_TEXT } : {}) },
    opportunity: { ...card.opportunity, title: 'Opportunity', text: UNPLAYED_TEXT },
    ...(card.storyPrompt !== undefined ? { storyPrompt: UNPLAYED_TEXT } : {}),
    ...(card.joint ? { joint: { title: 'Joint move', text: UNPLAYED_TEXT } } : {}),
    ...(card.stakes
      ? {
          stakes: {
            buyer: { text: UNPLAYED_TEXT, optionId: optionIds.get(card.stakes.buyer.optionId) ?? 'option-1' },
            provider: { text: UNPLAYED_TEXT, optionId: optionIds.get(card.stakes.provider.optionId) ?? 'option-1' },
          },
        }
      : {}),
    debrief: UNPLAYED_TEXT,
    themes: [],
  };
}

/**
 * The `created` event as a replay link may see it. Folding the served log with it gives the same game
 * for every round it shows (played cards are untouched; unplayed ones keep their mechanics, so the
 * deck stays valid, but lose every word and get neutral ids); the caller's event is not changed.
 */
export function redactCreatedForReplay(created: CreatedEvent, opts: ReplayRedaction): CreatedEvent {
  const { cardOrder, playedCount, keepSeed } = opts;
  const played = new Set<string>();
  for (let i = 0; i < Math.min(playedCount, cardOrder.length); i++) played.add(cardOrder[i]);
  const taken = new Set(created.deck.cards.map((c) => c.id));
  const rename = new Map<string, string>();
  let n = 0;
  for (const c of created.deck.cards) {
    if (played.has(c.id)) continue;
    let id: string;
    do id = `card-${++n}`;
    while (taken.has(id));
    rename.set(c.id, id);
  }
  const idOf = (id: string) => rename.get(id) ?? id;
  const known = new Set(created.deck.cards.map((c) => c.id));
  const cardIds = keepSeed ? created.config.cardIds.filter((id) => known.has(id)).map(idOf) : cardOrder.map(idOf);
  return {
    ...created,
    config: { ...created.config, cardIds },
    deck: { ...created.deck, cards: created.deck.cards.map((c) => (played.has(c.id) ? c : redactCard(c, idOf(c.id)))) },
    seed: keepSeed ? created.seed : 0,
  };
}
