import type { z } from 'zod';
import { CardSchema, DeckSchema, type Deck } from '../schemas/deck';
import defaultDeckJson from './default-deck.json';
import defaultDeckV2Json from './default-deck-v2.json';

export type ParseDeckResult = { ok: true; deck: Deck } | { ok: false; errors: string[] };

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * Validates a deck and reports every problem with the card it belongs to, e.g.
 * `card "data-door" (The data door): options.2.effects.courage: Invalid input: expected number, received string`.
 */
export function parseDeck(json: unknown): ParseDeckResult {
  const parsed = DeckSchema.safeParse(json);
  if (parsed.success) return { ok: true, deck: parsed.data };
  const raw = json as { cards?: unknown };
  const errors: string[] = [];
  const cards = Array.isArray(raw?.cards) ? (raw.cards as unknown[]) : null;
  for (const issue of parsed.error.issues) {
    const [head, index, ...rest] = issue.path;
    if (head === 'cards' && typeof index === 'number' && cards) {
      const card = cards[index] as { id?: unknown; title?: unknown } | undefined;
      const id = typeof card?.id === 'string' ? card.id : `#${index + 1}`;
      const title = typeof card?.title === 'string' ? ` (${card.title})` : '';
      errors.push(`card "${id}"${title}: ${describeIssue({ ...issue, path: rest })}`);
    } else errors.push(`deck: ${describeIssue(issue)}`);
  }
  return { ok: false, errors };
}

/** Validates one card on its own (for a deck editor). */
export function parseCard(json: unknown) {
  return CardSchema.safeParse(json);
}

const loaded = parseDeck(defaultDeckJson);
if (!loaded.ok) throw new Error(`The default deck is invalid:\n${loaded.errors.join('\n')}`);
export const defaultDeck: Deck = loaded.deck;

const loadedV2 = parseDeck(defaultDeckV2Json);
if (!loadedV2.ok) throw new Error(`The default rules v2 deck is invalid:\n${loadedV2.errors.join('\n')}`);
if (loadedV2.deck.rules !== 2) throw new Error('The default rules v2 deck must say "rules": 2');
/** The rules v2 deck, its cards in a curated play order that tells an arc (first contact … contract renewal). */
export const defaultDeckV2: Deck = loadedV2.deck;
