import type { GameEvent } from '../../shared/schemas/events';
import type { DeckStore } from './deckStore';

/**
 * The one edge between the server and its database. Everything the sessions, the HTTP routes and the
 * tests need from storage is a method here, and every method is async, so an embedded database
 * (SqliteStore, the default) and a networked one (PgStore, `DATABASE_URL`) are interchangeable. No caller
 * outside server/store/ ever holds a database handle. tests/integration/storeContract.test.ts runs one
 * suite against both implementations.
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';

  // --- sessions ---
  codeExists(code: string): Promise<boolean>;
  /**
   * Stores a new session row; with `first`, also its `created` event (seq 1) and the snapshot at seq 1,
   * all in one transaction (a facilitator hears about a session only once all of it is stored).
   * `epoch` is the ownership epoch of the node creating it (0 on one node).
   */
  createSession(s: NewSession): Promise<void>;
  getSession(code: string): Promise<SessionRow | undefined>;
  runningSessions(): Promise<SessionRow[]>;
  setStatus(code: string, status: 'running' | 'ended'): Promise<void>;
  /** The replay link's token hash (null: no link). */
  setReplayTokenHash(code: string, hash: string | null): Promise<void>;
  /** Gives a session another host key (a facilitator's earlier key: past cohorts, issue 12). */
  setHostKeyHash(code: string, hostKeyHash: string): Promise<void>;
  /** Ended and imported sessions with this host key hash, newest first, at most `limit` (past cohorts). */
  sessionsOfHost(hostKeyHash: string, limit: number): Promise<{ code: string; lastSeq: number; createdAt: number }[]>;
  /** Whether any stored session, whatever its status, has this host key hash. */
  hostKeyKnown(hostKeyHash: string): Promise<boolean>;
  /** Removes a session and everything it stored (an import that failed half way, or was left by a crash). */
  deleteSession(code: string): Promise<void>;
  /** Imports a crash interrupted: never visible, deleted at start (best effort). Answers how many. */
  dropUnfinishedImports(): Promise<number>;

  // --- events ---
  /**
   * Appends many sessions' events in one transaction (group commit). Fenced per session: a session's rows
   * are stored only if they continue its log exactly (first seq = stored last seq + 1) and carry the
   * session's current ownership epoch; otherwise none of that session's rows are stored and its code is
   * in `refused` (the other sessions' rows are stored). A failure of the database itself rejects the whole
   * batch (nothing stored).
   */
  appendBatch(batch: AppendRow[]): Promise<AppendResult>;
  /** Events after `afterSeq` (up to `uptoSeq` when given), in seq order. */
  events(code: string, afterSeq?: number, uptoSeq?: number): Promise<StoredEvent[]>;
  /** At most `limit` events after `afterSeq`: what chunked readers (exports) take per turn. */
  eventsPage(code: string, afterSeq: number, limit: number): Promise<StoredEvent[]>;
  lastEventAt(code: string): Promise<number | undefined>;
  /** How many people joined up to `seq`: where a tail's pseudonym numbering continues. */
  joinsUpTo(code: string, seq: number): Promise<number>;
  /** One chunk of an import (one transaction, not fenced: the session is `importing` and has no owner). */
  appendImportChunk(code: string, rows: { seq: number; event: GameEvent }[]): Promise<void>;
  /** The import's snapshot (in parts, a part per `nextTurn`), then its status `imported`, which makes it visible. */
  finishImport(code: string, seq: number, stateJson: string, nextTurn: () => Promise<void>): Promise<void>;

  // --- snapshots ---
  /** Stores a snapshot and drops all but the SNAPSHOTS_KEPT newest of the session. */
  putSnapshot(code: string, seq: number, stateJson: string): Promise<void>;
  /** The seqs of the session's snapshots, newest first. */
  snapshotSeqs(code: string): Promise<number[]>;
  /** A snapshot's JSON text (with `nextTurn`, read a part per turn); throws DamagedRow when missing. */
  snapshotText(code: string, seq: number, nextTurn?: () => Promise<void>): Promise<string>;

  // --- ownership (several nodes) ---
  /**
   * Makes `epoch` the session's writing epoch if it is newer than the stored one (a node that took the
   * session's lease). From then on appends with an older epoch are refused: a node that lost its lease
   * cannot write, even if it does not know yet. Answers whether the claim took, and the owner before.
   */
  claim(code: string, epoch: number, node: string): Promise<{ ok: boolean; previousNode: string | null }>;

  // --- saved decks (the deck studio) ---
  /** The deck store on the same database (the same file, or the same Postgres every node shares). */
  decks(): DeckStore;

  // --- liveness ---
  /** Records that `node` is alive at `now` (the downtime given back after a crash starts at the last one). */
  heartbeat(node: string, now: number): Promise<void>;
  lastAliveAt(node: string): Promise<number | undefined>;
  /** Can a new session be stored right now? A real write of about a big session's size. Throws if not. */
  probe(): Promise<void>;
  close(): Promise<void>;

  /** For tests and benchmarks only: fault injection and inspection, through the store, never its handle. */
  readonly testing: StoreTesting;
}

export type SessionStatus = 'running' | 'ended' | 'imported' | 'importing';

export type SessionRow = {
  code: string;
  hostKeyHash: string;
  replayTokenHash: string | null;
  createdAt: number;
  /** `importing`: an import being written in chunks; nobody can open it, and a start deletes it. */
  status: SessionStatus;
  lastSeq: number;
  /** The ownership epoch that may append (0 on one node). */
  epoch: number;
  /** The node that last claimed the session (null: never claimed). */
  ownerNode: string | null;
};

export type NewSession = {
  code: string;
  hostKeyHash: string;
  createdAt: number;
  status?: SessionStatus;
  epoch?: number;
  node?: string;
  first?: { event: GameEvent; snapshotJson: string };
};

export type AppendRow = { code: string; seq: number; event: GameEvent; epoch: number };
export type AppendResult = { refused: Set<string> };
export type StoredEvent = { seq: number; event: GameEvent };

export interface StoreTesting {
  /** The database takes no writes (SQLite: query_only; Postgres: read-only transactions). */
  setReadOnly(on: boolean): Promise<void>;
  /** The disk is full: the database may not grow by a page (SQLite only). */
  setDiskFull(on: boolean): Promise<void>;
  /** Overwrites every snapshot of the session with text that does not parse. */
  damageSnapshots(code: string): Promise<void>;
  schemaVersion(): Promise<number>;
  countSessions(): Promise<number>;
  /** Bytes of snapshots and of event bodies stored for the session. */
  sizes(code: string): Promise<{ snapshotBytes: number; eventBytes: number }>;
  /** Gives back free space to the file system (SQLite: WAL checkpoint), for size measurements. */
  compact(): Promise<void>;
}

export class StoreError extends Error {}

/** A stored row that no longer parses (a damaged page, a hand edit): names the session and seq. */
export class DamagedRow extends StoreError {
  constructor(readonly code: string, readonly seq: number, what: 'event' | 'snapshot') {
    super(`${what} ${seq} of session ${code} is damaged in the database`);
  }
}

/** An append refused because another writer owns the session now, or the log moved on (fencing). */
export class FencedError extends StoreError {
  constructor(readonly code: string) {
    super(`session ${code} is written by another node now (or its log moved on): this append was refused`);
  }
}

/** Snapshots kept per session: the latest, and one before it in case the latest is damaged. */
export const SNAPSHOTS_KEPT = 2;
/** Snapshots longer than this are stored in parts of this size. */
export const SNAPSHOT_PART_CHARS = 256 * 1024;
/** Size of the storage probe: about what creating a session with a big deck writes. */
export const PROBE_BYTES = 256 * 1024;

/** Splits a snapshot into its stored parts (none when it fits in one row). */
export function snapshotParts(stateJson: string): string[] {
  if (stateJson.length <= SNAPSHOT_PART_CHARS) return [];
  const parts: string[] = [];
  for (let i = 0; i < stateJson.length; i += SNAPSHOT_PART_CHARS) parts.push(stateJson.slice(i, i + SNAPSHOT_PART_CHARS));
  return parts;
}

export function parseEventRow(code: string, r: { seq: number; body: string }): StoredEvent {
  try {
    return { seq: Number(r.seq), event: JSON.parse(r.body) as GameEvent };
  } catch {
    throw new DamagedRow(code, Number(r.seq), 'event');
  }
}

/** Groups a batch by session, in order, checking each session's rows are consecutive. */
export function bySession(batch: AppendRow[]): Map<string, AppendRow[]> {
  const m = new Map<string, AppendRow[]>();
  for (const r of batch) {
    let rows = m.get(r.code);
    if (!rows) m.set(r.code, (rows = []));
    rows.push(r);
  }
  return m;
}

/** A session's rows in a batch continue one another (seq n, n+1, …) with one epoch. */
export function consecutive(rows: AppendRow[]): boolean {
  for (let i = 1; i < rows.length; i++) if (rows[i].seq !== rows[i - 1].seq + 1 || rows[i].epoch !== rows[0].epoch) return false;
  return true;
}
