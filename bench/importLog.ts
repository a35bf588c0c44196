// The largest legitimate log, and the import limit it sets: `npx tsx bench/importLog.ts` prints its size.
// A real session at the documented maxima: 12 rounds (the most a session has), 2,000 participants (the
// default room cap), a 60-card deck (the most a deck has; it rides in the `created` event), every round a
// story round, and a busy room: everyone votes three times (two changes of mind), writes a story of the
// full 140 characters and votes for a story twice. Ids and names have the server's real shapes.
import { defaultDeck } from '../shared/deck/loadDeck';
import { SessionConfigSchema } from '../shared/schemas/config';
import type { Deck } from '../shared/schemas/deck';
import type { GameEvent } from '../shared/schemas/events';
import { applyEventInPlace, currentCard, initialState, foldEvents } from '../shared/engine/apply';
import { stateHash } from '../shared/engine/hash';
import { sanitizeLog } from '../shared/replay/sanitizeLog';
import { LOG_FORMAT_VERSION } from '../shared/replay/logFormat';

/** The default deck's story cards, copied (with new ids) up to the 60 cards a deck may hold. */
export function largestDeck(): Deck {
  const story = defaultDeck.cards.filter((c) => c.storyPrompt);
  const cards = Array.from({ length: 60 }, (_, i) => {
    const c = story[i % story.length];
    const k = Math.floor(i / story.length);
    return k === 0 ? c : { ...c, id: `${c.id}-${k}`.slice(0, 48), options: c.options.map((o) => ({ ...o, id: `${o.id}-${k}`.slice(0, 48) })) };
  });
  return { ...defaultDeck, cards };
}

export type LogShape = { participants: number; rounds: number; votesPerRound: number; storyVotesPerRound: number };
export const LARGEST: LogShape = { participants: 2000, rounds: 12, votesPerRound: 3, storyVotesPerRound: 2 };

/** A valid log of that shape, every event checked by the engine as it is built. */
export function buildRealLog(shape: LogShape = LARGEST): GameEvent[] {
  let at = 1_700_000_000_000;
  let seq = 1;
  const config = SessionConfigSchema.parse({ rounds: shape.rounds, storyRounds: true, maxParticipants: Math.max(2000, shape.participants) });
  const events: GameEvent[] = [{ type: 'created', at, config, deck: largestDeck(), seed: 12345 }];
  const state = initialState(events[0] as Extract<GameEvent, { type: 'created' }>);
  const push = (e: Omit<GameEvent, 'at'>) => {
    const event = { ...e, at: (at += 3) } as GameEvent;
    const r = applyEventInPlace(state, event);
    if (!r.ok) throw new Error(`${event.type} refused: ${r.code}`);
    events.push(event);
    seq++;
  };
  const ids: string[] = [];
  for (let i = 0; i < shape.participants; i++) {
    const id = `p${seq + 1}-${(i * 2654435761 >>> 0).toString(36).padStart(6, 'x').slice(0, 6)}`;
    ids.push(id);
    push({ type: 'joined', participantId: id, name: `Participant of ${String(i).padStart(9, '0')}`.slice(0, 24), tokenHash: 'h'.repeat(43) } as GameEvent);
  }
  for (let r = 0; r < shape.rounds; r++) {
    push({ type: 'roundStarted' } as GameEvent);
    push({ type: 'decidingStarted' } as GameEvent);
    const card = currentCard(state)!;
    for (let v = 0; v < shape.votesPerRound; v++)
      ids.forEach((id, i) => {
        const mine = card.options.filter((o) => o.team === state.participants[id].team);
        push({ type: 'choiceMade', participantId: id, optionId: mine[(i + v) % mine.length].id } as GameEvent);
      });
    push({ type: 'timeUp', reason: 'skip' } as GameEvent);
    const stories: Record<string, string[]> = { buyer: [], provider: [] };
    for (const id of ids) {
      const storyId = `s${seq + 1}`;
      push({ type: 'storySubmitted', participantId: id, storyId, text: `${id} tells: `.padEnd(140, 'x') } as GameEvent);
      stories[state.participants[id].team].push(storyId);
    }
    push({ type: 'timeUp', reason: 'skip' } as GameEvent);
    for (let v = 0; v < shape.storyVotesPerRound; v++)
      ids.forEach((id, i) => {
        const other = stories[state.participants[id].team === 'buyer' ? 'provider' : 'buyer'];
        push({ type: 'storyVoted', participantId: id, storyId: other[(i + v) % other.length] } as GameEvent);
      });
    push({ type: 'revealed' } as GameEvent);
    if (r < shape.rounds - 1) push({ type: 'roundClosed' } as GameEvent);
  }
  push({ type: 'ended' } as GameEvent);
  return events;
}

/** The log as the server exports it (sanitized, with its state hash): the body an import receives. */
export function exportText(log: GameEvent[]): string {
  const events = sanitizeLog(log);
  return JSON.stringify({
    format: 'powerup-log',
    version: LOG_FORMAT_VERSION,
    code: 'ABCDE',
    stateHash: stateHash(foldEvents(events)),
    events: events.map((event, i) => ({ seq: i + 1, event })),
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { IMPORT_BODY_LIMIT } = await import('../server/http/replayRoutes');
  const mb = (n: number) => (n / 1e6).toFixed(1);
  for (const shape of [{ participants: 2000, rounds: 12, votesPerRound: 1, storyVotesPerRound: 1 }, LARGEST]) {
    const log = buildRealLog(shape);
    const text = exportText(log);
    console.log(`${shape.participants} participants, ${shape.rounds} rounds, ${shape.votesPerRound} votes + a story + ${shape.storyVotesPerRound} story votes each per round: ${log.length} events, ${mb(Buffer.byteLength(text))} MB exported`);
  }
  console.log(`import limit: ${mb(IMPORT_BODY_LIMIT)} MB (${IMPORT_BODY_LIMIT} bytes)`);
}
