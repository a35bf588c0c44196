// Helpers shared by the engine's tests: small, readable logs built event by event.
import { defaultDeck } from '../deck/loadDeck';
import type { SessionConfigInput } from '../schemas/config';
import { SessionConfigSchema } from '../schemas/config';
import type { Card, Deck } from '../schemas/deck';
import type { GameEvent } from '../schemas/events';
import type { GameState } from '../schemas/state';
import { applyEventInPlace, currentCard, initialState } from './apply';

type EventInput = GameEvent extends infer E ? (E extends GameEvent ? Omit<E, 'at'> & { at?: number } : never) : never;

export type Game = {
  state: GameState;
  at: number;
  /** Applies an event that must be accepted. */
  ok: (e: EventInput) => GameState;
  /** Applies an event that must be rejected; returns the error code. */
  err: (e: EventInput) => string;
  card: () => Card;
  log: GameEvent[];
};

export function newGame(config: SessionConfigInput = {}, seed = 7, deck: Deck = defaultDeck): Game {
  const created: GameEvent = { type: 'created', at: 1000, config: SessionConfigSchema.parse(config), deck, seed };
  const g: Game = {
    state: initialState(created as Extract<GameEvent, { type: 'created' }>),
    at: 1000,
    log: [created],
    ok(e) {
      const event = { at: (g.at += 10), ...e } as GameEvent;
      g.at = event.at;
      const r = applyEventInPlace(g.state, event);
      if (!r.ok) throw new Error(`expected ${e.type} to be accepted, got ${r.code}: ${r.message}`);
      g.log.push(event);
      return g.state;
    },
    err(e) {
      const event = { at: (g.at += 10), ...e } as GameEvent;
      g.at = event.at;
      const r = applyEventInPlace(g.state, event);
      if (r.ok) throw new Error(`expected ${e.type} to be rejected`);
      return r.code;
    },
    card: () => currentCard(g.state)!,
  };
  return g;
}

export function join(g: Game, n: number, prefix = 'p'): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${prefix}${i}`;
    g.ok({ type: 'joined', participantId: id, name: `Name ${id}`, tokenHash: `tok-${id}` });
    ids.push(id);
  }
  return ids;
}

export function optionsOf(g: Game, team: 'buyer' | 'provider') {
  return g.card().options.filter((o) => o.team === team);
}

/** A deck whose first card is the only card, with a story prompt: for predictable rounds. */
export function oneCardDeck(mutate?: (card: Card) => void): Deck {
  const card = JSON.parse(JSON.stringify(defaultDeck.cards.find((c) => c.id === 'data-door')!)) as Card;
  mutate?.(card);
  return { id: 'one', title: 'One card', cards: [card] };
}
