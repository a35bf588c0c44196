import type { Deck } from '../../schemas/deck';
import * as decks from '../../deck/loadDeck';
import { parseDeck } from '../../deck/loadDeck';
import deckJson from '../../deck/default-deck-v2.json';

/** The deck the harness measures: the default v2 deck (`defaultDeckV2`), parsed here until loadDeck exports it. */
export function harnessDeck(): Deck {
  const exported = (decks as { defaultDeckV2?: Deck }).defaultDeckV2;
  if (exported) return exported;
  const r = parseDeck(deckJson);
  if (!r.ok) throw new Error(`default-deck-v2.json is invalid:\n${r.errors.join('\n')}`);
  return r.deck;
}
