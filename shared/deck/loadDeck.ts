import type { z } from 'zod';
import { CardSchema, DeckSchema, type Deck } from '../schemas/deck';
import defaultDeckJson from './default-deck.json';

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
