import type { SessionRegistry } from './registry';
import type { Session } from './session';
import { hashSecret } from './keys';
import { loadStateInSteps } from './loadState';
import type { GameState } from '../../shared/schemas/state';
import type { GameEvent } from '../../shared/schemas/events';

/**
 * Everything "past cohorts" (issue 12 item 4) reads or writes in storage, in one place: which sessions a
 * facilitator can see (the same host key hash: sessions created or imported with that host key), their
 * deck and their final state, and giving a new or imported session an earlier session's host key.
 *
 * The store is becoming an async interface (server/store/store.ts). This module asks it for
 * `sessionsOfHost` / `setHostKeyHash` when it has them, and otherwise (the SQLite store of today) runs
 * the two statements itself; nothing else of the cohort feature touches storage.
 */
export type CohortRow = { code: string; lastSeq: number; createdAt: number };

type SqliteLike = { prepare(sql: string): { all(...args: unknown[]): unknown[]; get(...args: unknown[]): unknown; run(...args: unknown[]): unknown } };
type CohortCapableStore = {
  sessionsOfHost?(hostKeyHash: string, limit: number): Promise<CohortRow[]>;
  setHostKeyHash?(code: string, hostKeyHash: string): Promise<void>;
  db?: SqliteLike;
  events(code: string, afterSeq?: number, uptoSeq?: number): unknown;
};

export type CohortSource = {
  /** Ended and imported sessions with this host key hash, newest first, at most `limit`. */
  hostSessions(hostKeyHash: string, limit: number): Promise<CohortRow[]>;
  /** Whether any stored session has this host key (a key the server gave out, not one made up). */
  hostKeyKnown(hostKey: string): Promise<boolean>;
  /** Gives a session an earlier session's host key (right after it was created or imported). */
  adoptHostKey(code: string, hostKey: string, live?: Session): Promise<void>;
  /** The deck id of a stored session, from its `created` event (cheap: no snapshot is read). */
  deckId(code: string): Promise<string | undefined>;
  /** A stored session's state (snapshot + tail), read a part per turn of the event loop. */
  state(code: string): Promise<GameState>;
};

export function cohortSource(registry: SessionRegistry): CohortSource {
  const store = registry.store as unknown as CohortCapableStore;
  const db = (): SqliteLike => {
    if (!store.db) throw new Error('this store cannot list a facilitator\u2019s sessions (add sessionsOfHost / setHostKeyHash to it)');
    return store.db;
  };
  const hostSessions = async (hostKeyHash: string, limit: number): Promise<CohortRow[]> => {
    if (store.sessionsOfHost) return store.sessionsOfHost(hostKeyHash, limit);
    const rows = db()
      .prepare("SELECT code, last_seq, created_at FROM sessions WHERE host_key_hash = ? AND status IN ('ended', 'imported') ORDER BY created_at DESC, code LIMIT ?")
      .all(hostKeyHash, limit) as { code: string; last_seq: number; created_at: number }[];
    return rows.map((r) => ({ code: r.code, lastSeq: r.last_seq, createdAt: r.created_at }));
  };
  return {
    hostSessions,
    async hostKeyKnown(hostKey) {
      const hash = hashSecret(hostKey);
      if (store.sessionsOfHost) {
        // Any status counts (a facilitator's first session may still be running): ask for that one row.
        if ((await store.sessionsOfHost(hash, 1)).length) return true;
      }
      if (!store.db) return false;
      return !!db().prepare('SELECT 1 FROM sessions WHERE host_key_hash = ? LIMIT 1').get(hash);
    },
    async adoptHostKey(code, hostKey, live) {
      const hash = hashSecret(hostKey);
      if (store.setHostKeyHash) await store.setHostKeyHash(code, hash);
      else db().prepare('UPDATE sessions SET host_key_hash = ? WHERE code = ?').run(hash, code);
      if (live) live.hostKeyHash = hash;
    },
    async deckId(code) {
      const first = (await store.events(code, 0, 1)) as { event: GameEvent }[];
      const e = first[0]?.event;
      return e?.type === 'created' ? e.deck.id : undefined;
    },
    async state(code) {
      return (await loadStateInSteps(registry.store as never, code)).state;
    },
  };
}
