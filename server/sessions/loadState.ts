import type { GameState } from '../../shared/schemas/state';
import { applyEventInPlace, foldEvents } from '../../shared/engine/apply';
import type { SqliteStore, StoredEvent } from '../store/sqliteStore';

/** Folds stored events onto a state the caller owns; a stored event the engine refuses means a corrupt log. */
export function foldStoredOnto(state: GameState, events: StoredEvent[]): void {
  for (const { seq, event } of events) {
    const r = applyEventInPlace(state, event);
    if (!r.ok) throw new Error(`event ${seq} (${event.type}) no longer applies: ${r.code}`);
  }
}

/** The latest snapshot plus the tail of the log: what a restart, a rollback or a replay seek folds. */
export function loadState(store: SqliteStore, code: string, uptoSeq?: number): { state: GameState; seq: number } {
  const snap = store.latestSnapshot(code, uptoSeq);
  if (snap) {
    const tail = store.events(code, snap.seq, uptoSeq);
    const state = JSON.parse(snap.state) as GameState;
    foldStoredOnto(state, tail);
    return { state, seq: tail.length ? tail[tail.length - 1].seq : snap.seq };
  }
  const events = store.events(code, 0, uptoSeq);
  if (events.length === 0) throw new Error(`Session ${code} has no events.`);
  return { state: foldEvents(events.map((e) => e.event)), seq: events[events.length - 1].seq };
}
