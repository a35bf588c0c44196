import type { GameState } from '../../shared/schemas/state';
import { applyLoggedEvent, foldEvents } from '../../shared/engine/apply';
import type { Store, StoredEvent } from '../store/store';

/** Folds stored events onto a state the caller owns, with the one fold policy: every event must apply. */
export function foldStoredOnto(state: GameState, events: StoredEvent[]): void {
  for (const { seq, event } of events) applyLoggedEvent(state, event, seq);
}

/** A session whose log itself does not fold (a damaged or refused event): nothing can be rebuilt honestly. */
export class DamagedSession extends Error {
  readonly code = 'DAMAGED_SESSION';
}

/**
 * A cheap check that a parsed snapshot is a game state (a full schema check of a 2,000-participant state
 * costs ~90 ms); the tail then has to fold onto it, which catches a state that does not fit its log.
 */
function looksLikeState(s: unknown): s is GameState {
  const x = s as GameState;
  return (
    typeof x === 'object' && x !== null && typeof x.phase === 'string' && typeof x.config === 'object' && x.config !== null &&
    typeof x.deck === 'object' && x.deck !== null && Array.isArray(x.deck.cards) && typeof x.participants === 'object' && x.participants !== null &&
    typeof x.teams?.buyer === 'object' && typeof x.teams?.provider === 'object' && Array.isArray(x.history) && typeof x.timer === 'object' &&
    x.timer !== null && Array.isArray(x.cardOrder)
  );
}

export type Loaded = { state: GameState; seq: number; /** Snapshots that were skipped as damaged, with why. */ skipped: string[] };

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The latest snapshot plus the tail of the log: what a restart, a rollback or opening an ended session
 * folds. A snapshot that does not parse, does not look like a state, or on which the tail does not fold
 * is skipped for the one before it, and in the end the whole log is folded from `created`: one damaged
 * snapshot never makes a session with an intact log unreachable.
 */
export async function loadState(store: Store, code: string): Promise<Loaded> {
  const skipped: string[] = [];
  for (const seq of await store.snapshotSeqs(code)) {
    let text: string;
    try {
      text = await store.snapshotText(code, seq);
    } catch (err) {
      skipped.push(`snapshot ${seq}: ${(err as Error).message}`);
      continue;
    }
    const loaded = await fromSnapshot(store, code, seq, text, skipped);
    if (loaded) return loaded;
  }
  return fromLog(store, code, skipped);
}

/**
 * The same, for an HTTP request opening a session that is not in memory: a big snapshot is read a part
 * per turn of the event loop. (The tail after the latest snapshot is short by construction.)
 */
export async function loadStateInSteps(store: Store, code: string): Promise<Loaded> {
  const skipped: string[] = [];
  for (const seq of await store.snapshotSeqs(code)) {
    let text: string;
    try {
      text = await store.snapshotText(code, seq, nextTurn);
    } catch (err) {
      skipped.push(`snapshot ${seq}: ${(err as Error).message}`);
      continue;
    }
    await nextTurn();
    const loaded = await fromSnapshot(store, code, seq, text, skipped);
    if (loaded) return loaded;
  }
  return fromLog(store, code, skipped);
}

async function fromSnapshot(store: Store, code: string, seq: number, text: string, skipped: string[]): Promise<Loaded | undefined> {
  let state: GameState;
  try {
    state = JSON.parse(text) as GameState;
    if (!looksLikeState(state)) throw new Error('not a game state');
  } catch (err) {
    skipped.push(`snapshot ${seq}: ${(err as Error).message}`);
    return undefined;
  }
  let tail: StoredEvent[];
  try {
    tail = await store.events(code, seq);
    foldStoredOnto(state, tail);
  } catch (err) {
    skipped.push(`snapshot ${seq}: the log after it does not fold onto it (${(err as Error).message})`);
    return undefined;
  }
  return { state, seq: tail.length ? tail[tail.length - 1].seq : seq, skipped };
}

async function fromLog(store: Store, code: string, skipped: string[]): Promise<Loaded> {
  try {
    const events = await store.events(code, 0);
    if (events.length === 0) throw new Error('it has no events');
    return { state: foldEvents(events.map((e) => e.event)), seq: events[events.length - 1].seq, skipped };
  } catch (err) {
    throw new DamagedSession(`Session ${code} cannot be rebuilt from its log: ${(err as Error).message}`);
  }
}
