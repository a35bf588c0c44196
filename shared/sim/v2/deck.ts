import type { Deck } from '../../schemas/deck';
import { defaultDeckV2 } from '../../deck/loadDeck';

/** The deck the harness measures by default: the default rules v2 deck. */
export function harnessDeck(): Deck {
  return defaultDeckV2;
}
