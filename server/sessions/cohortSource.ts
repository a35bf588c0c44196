import type { SessionRegistry } from './registry';
import type { Session } from './session';
import { hashSecret } from './keys';
import { loadStateInSteps } from './loadState';
import type { GameState } from '../../shared/schemas/state';

/**
 * Everything "past cohorts" (issue 12 item 4) reads or writes in storage, in one place: which sessions a
 * facilitator can see (the same host key hash: sessions created or imported with that host key), their
 * deck and their final state, and giving a new or imported session an earlier session's host key.
 *
 * All of it goes through the Store interface (server/store/store.ts): sessionsOfHost, hostKeyKnown,
 * setHostKeyHash and events, so it works the same on SQLite and on Postgres.
 */
export type CohortRow = { code: string; lastSeq: number; createdAt: number };

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
  const store = registry.store;
  const hostSessions = (hostKeyHash: string, limit: number): Promise<CohortRow[]> => store.sessionsOfHost(hostKeyHash, limit);
  return {
    hostSessions,
    // Any status counts (a facilitator's first session may still be running).
    hostKeyKnown: (hostKey) => store.hostKeyKnown(hashSecret(hostKey)),
    async adoptHostKey(code, hostKey, live) {
      const hash = hashSecret(hostKey);
      await store.setHostKeyHash(code, hash);
      if (live) live.hostKeyHash = hash;
    },
    async deckId(code) {
      const first = await store.events(code, 0, 1);
      const e = first[0]?.event;
      return e?.type === 'created' ? e.deck.id : undefined;
    },
    async state(code) {
      return (await loadStateInSteps(store, code)).state;
    },
  };
}
