import Database from 'better-sqlite3';
import path from 'node:path';
import type { GameEvent } from '../../shared/schemas/events';
import { DataDirLock } from './dataDirLock';

/** Bump when the tables change; `migrate` knows how to bring every older version here. */
export const SCHEMA_VERSION = 3;

export type SessionRow = {
  code: string;
  hostKeyHash: string;
  replayTokenHash: string | null;
  createdAt: number;
  /** `importing`: an import being written in chunks; nobody can open it, and a start deletes it. */
  status: 'running' | 'ended' | 'imported' | 'importing';
  lastSeq: number;
};

export type StoredEvent = { seq: number; event: GameEvent };

export class StoreError extends Error {}

/** A stored row that no longer parses (a damaged page, a hand edit): names the session and seq. */
export class DamagedRow extends StoreError {
  constructor(readonly code: string, readonly seq: number, what: 'event' | 'snapshot') {
    super(`${what} ${seq} of session ${code} is damaged in the database`);
  }
}

/** Snapshots kept per session: the latest, and one before it in case the latest is damaged. */
export const SNAPSHOTS_KEPT = 2;
/** Snapshots longer than this are stored in parts of this size (see schema step 3). */
export const SNAPSHOT_PART_CHARS = 256 * 1024;
/** Size of the storage probe: about what creating a session with a big deck writes. */
const PROBE_BYTES = 256 * 1024;

export type StoreOptions = {
  fileName?: string;
  /** Tests only: runs on the connection before anything else (e.g. `PRAGMA query_only` for a disk that takes no writes). */
  onOpen?: (db: Database.Database) => void;
};

/**
 * The embedded default store: one SQLite file in WAL mode. Events are appended in batches
 * (one transaction per tick, see GroupCommitter); snapshots let restarts and replays fold only the tail.
 */
export class SqliteStore {
  readonly db: Database.Database;
  private stmts;

  private lock: DataDirLock;

  constructor(dataDir: string, opts: StoreOptions = {}) {
    // A second server on the same DATA_DIR is refused here, before the database is touched.
    this.lock = new DataDirLock(dataDir);
    let db: Database.Database | undefined;
    try {
      db = new Database(path.join(dataDir, opts.fileName ?? 'powerup.sqlite'));
      this.db = db;
      opts.onOpen?.(this.db);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 5000');
      this.migrate();
    } catch (err) {
      if (db?.open) db.close();
      this.lock.release();
      throw err;
    }
    this.stmts = {
      insertSession: this.db.prepare(
        'INSERT INTO sessions (code, host_key_hash, replay_token_hash, created_at, status, last_seq) VALUES (?, ?, NULL, ?, ?, 0)',
      ),
      insertEvent: this.db.prepare('INSERT INTO events (code, seq, type, at, body) VALUES (?, ?, ?, ?, ?)'),
      setLastSeq: this.db.prepare('UPDATE sessions SET last_seq = ? WHERE code = ?'),
      setStatus: this.db.prepare('UPDATE sessions SET status = ? WHERE code = ?'),
      setReplay: this.db.prepare('UPDATE sessions SET replay_token_hash = ? WHERE code = ?'),
      getSession: this.db.prepare('SELECT * FROM sessions WHERE code = ?'),
      running: this.db.prepare("SELECT * FROM sessions WHERE status = 'running'"),
      importing: this.db.prepare("SELECT code FROM sessions WHERE status = 'importing'"),
      deleteSession: this.db.prepare('DELETE FROM sessions WHERE code = ?'),
      deleteEvents: this.db.prepare('DELETE FROM events WHERE code = ?'),
      deleteSnapshots: this.db.prepare('DELETE FROM snapshots WHERE code = ?'),
      deleteParts: this.db.prepare('DELETE FROM snapshot_parts WHERE code = ?'),
      insertPart: this.db.prepare('INSERT OR REPLACE INTO snapshot_parts (code, seq, part, text) VALUES (?, ?, ?, ?)'),
      parts: this.db.prepare('SELECT text FROM snapshot_parts WHERE code = ? AND seq = ? ORDER BY part'),
      part: this.db.prepare('SELECT text FROM snapshot_parts WHERE code = ? AND seq = ? AND part = ?'),
      codeExists: this.db.prepare('SELECT 1 FROM sessions WHERE code = ?'),
      eventsFrom: this.db.prepare('SELECT seq, body FROM events WHERE code = ? AND seq > ? ORDER BY seq'),
      eventsRange: this.db.prepare('SELECT seq, body FROM events WHERE code = ? AND seq > ? AND seq <= ? ORDER BY seq'),
      eventsPage: this.db.prepare('SELECT seq, body FROM events WHERE code = ? AND seq > ? ORDER BY seq LIMIT ?'),
      lastEventAt: this.db.prepare('SELECT at FROM events WHERE code = ? ORDER BY seq DESC LIMIT 1'),
      joinsUpTo: this.db.prepare("SELECT COUNT(*) AS n FROM events WHERE code = ? AND seq <= ? AND type = 'joined'"),
      putSnapshot: this.db.prepare('INSERT OR REPLACE INTO snapshots (code, seq, state) VALUES (?, ?, ?)'),
      // Everything older than the SNAPSHOTS_KEPT newest of the session.
      pruneSnapshots: this.db.prepare(
        `DELETE FROM snapshots WHERE code = ? AND seq < (SELECT MIN(seq) FROM (SELECT seq FROM snapshots WHERE code = ? ORDER BY seq DESC LIMIT ${SNAPSHOTS_KEPT}))`,
      ),
      pruneParts: this.db.prepare(
        `DELETE FROM snapshot_parts WHERE code = ? AND seq < (SELECT MIN(seq) FROM (SELECT seq FROM snapshots WHERE code = ? ORDER BY seq DESC LIMIT ${SNAPSHOTS_KEPT}))`,
      ),
      snapshotSeqs: this.db.prepare('SELECT seq, length(state) AS len FROM snapshots WHERE code = ? ORDER BY seq DESC'),
      snapshotAt: this.db.prepare('SELECT state FROM snapshots WHERE code = ? AND seq = ?'),
      heartbeat: this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('alive_at', ?)"),
      aliveAt: this.db.prepare("SELECT value FROM meta WHERE key = 'alive_at'"),
      probePut: this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('probe', ?)"),
      probeDelete: this.db.prepare("DELETE FROM meta WHERE key = 'probe'"),
    };
    this.pruneOldSnapshots();
  }

  /**
   * Databases written before snapshots were pruned hold one per round boundary: drop all but the newest
   * SNAPSHOTS_KEPT per session. Only when there is something to drop, and never fatal (a full disk).
   */
  private pruneOldSnapshots(): void {
    try {
      const extra = this.db
        .prepare(`SELECT code FROM snapshots GROUP BY code HAVING COUNT(*) > ${SNAPSHOTS_KEPT}`)
        .all() as { code: string }[];
      if (extra.length === 0) return;
      this.db.transaction(() => {
        for (const { code } of extra) {
          this.stmts.pruneParts.run(code, code);
          this.stmts.pruneSnapshots.run(code, code);
        }
      })();
    } catch {
      // Retried at the next start; new snapshots prune their own session anyway.
    }
  }

  private migrate(): void {
    const hasMeta = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
    if (!hasMeta) this.db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
    const version = row ? Number(row.value) : 0;
    if (version > SCHEMA_VERSION) {
      throw new StoreError(
        `The database was written by a newer Power Up (schema ${version}; this one knows up to ${SCHEMA_VERSION}). Upgrade Power Up or use another DATA_DIR.`,
      );
    }
    const steps: Record<number, string> = {
      1: `CREATE TABLE sessions (code TEXT PRIMARY KEY, host_key_hash TEXT NOT NULL, created_at INTEGER NOT NULL,
            status TEXT NOT NULL, last_seq INTEGER NOT NULL);
          CREATE TABLE events (code TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, at INTEGER NOT NULL,
            body TEXT NOT NULL, PRIMARY KEY (code, seq)) WITHOUT ROWID;
          CREATE TABLE snapshots (code TEXT NOT NULL, seq INTEGER NOT NULL, state TEXT NOT NULL, PRIMARY KEY (code, seq)) WITHOUT ROWID;`,
      2: `ALTER TABLE sessions ADD COLUMN replay_token_hash TEXT;`,
      // A big snapshot (a 2,000-person session with 12 story rounds is ~9 MB) is stored in parts, so it can
      // be written and read a part per turn of the event loop; its row in snapshots then has state ''.
      3: `CREATE TABLE snapshot_parts (code TEXT NOT NULL, seq INTEGER NOT NULL, part INTEGER NOT NULL, text TEXT NOT NULL,
            PRIMARY KEY (code, seq, part));`,
    };
    // Nothing is written when the schema is current: a start on a full disk must still work.
    if (version === SCHEMA_VERSION) return;
    const run = this.db.transaction(() => {
      for (let v = version + 1; v <= SCHEMA_VERSION; v++) this.db.exec(steps[v]);
      this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
    });
    run();
  }

  codeExists(code: string): boolean {
    return !!this.stmts.codeExists.get(code);
  }

  createSession(code: string, hostKeyHash: string, createdAt: number, status: SessionRow['status'] = 'running'): void {
    this.stmts.insertSession.run(code, hostKeyHash, createdAt, status);
  }

  /** Appends many sessions' events in one transaction: all are stored, or none. */
  readonly appendBatch = (batch: { code: string; seq: number; event: GameEvent }[]): void => {
    const tx = this.db.transaction((rows: typeof batch) => {
      const last = new Map<string, number>();
      for (const r of rows) {
        this.stmts.insertEvent.run(r.code, r.seq, r.event.type, Math.round(r.event.at), JSON.stringify(r.event));
        last.set(r.code, r.seq);
      }
      for (const [code, seq] of last) this.stmts.setLastSeq.run(seq, code);
    });
    tx(batch);
  };

  setStatus(code: string, status: 'running' | 'ended'): void {
    this.stmts.setStatus.run(status, code);
  }

  setReplayTokenHash(code: string, hash: string | null): void {
    this.stmts.setReplay.run(hash, code);
  }

  getSession(code: string): SessionRow | undefined {
    const r = this.stmts.getSession.get(code) as any;
    return r && toRow(r);
  }

  runningSessions(): SessionRow[] {
    return (this.stmts.running.all() as any[]).map(toRow);
  }

  events(code: string, afterSeq = 0, uptoSeq?: number): StoredEvent[] {
    const rows = (uptoSeq === undefined
      ? this.stmts.eventsFrom.all(code, afterSeq)
      : this.stmts.eventsRange.all(code, afterSeq, uptoSeq)) as { seq: number; body: string }[];
    return rows.map((r) => parseRow(code, r));
  }

  /** At most `limit` events after `afterSeq`: what chunked readers (exports) take per turn of the event loop. */
  eventsPage(code: string, afterSeq: number, limit: number): StoredEvent[] {
    return (this.stmts.eventsPage.all(code, afterSeq, limit) as { seq: number; body: string }[]).map((r) => parseRow(code, r));
  }

  lastEventAt(code: string): number | undefined {
    return (this.stmts.lastEventAt.get(code) as { at: number } | undefined)?.at;
  }

  /** Appends one chunk of an import (one transaction); the session stays `importing` until finishImport. */
  appendImportChunk(code: string, rows: { seq: number; event: GameEvent }[]): void {
    this.appendBatch(rows.map((r) => ({ code, ...r })));
  }

  /**
   * The last writes of an import: its snapshot, a part per turn of the event loop (the session is still
   * invisible), then the snapshot's row and the status that makes the session visible, in one transaction.
   */
  async finishImport(code: string, seq: number, stateJson: string, nextTurn: () => Promise<void>): Promise<void> {
    const parted = stateJson.length > SNAPSHOT_PART_CHARS;
    if (parted) {
      for (let part = 0; part * SNAPSHOT_PART_CHARS < stateJson.length; part++) {
        await nextTurn();
        this.stmts.insertPart.run(code, seq, part, stateJson.slice(part * SNAPSHOT_PART_CHARS, (part + 1) * SNAPSHOT_PART_CHARS));
      }
      await nextTurn();
    }
    this.db.transaction(() => {
      this.stmts.putSnapshot.run(code, seq, parted ? '' : stateJson);
      this.stmts.setStatus.run('imported', code);
    })();
  }

  /** Removes a session and everything it stored (an import that failed half way, or was left by a crash). */
  deleteSession(code: string): void {
    this.db.transaction(() => {
      this.stmts.deleteEvents.run(code);
      this.stmts.deleteParts.run(code);
      this.stmts.deleteSnapshots.run(code);
      this.stmts.deleteSession.run(code);
    })();
  }

  /** Imports a crash interrupted: never visible, deleted at start (best effort: a full disk must not stop the start). */
  dropUnfinishedImports(): number {
    const codes = (this.stmts.importing.all() as { code: string }[]).map((r) => r.code);
    for (const code of codes) {
      try {
        this.deleteSession(code);
      } catch {
        // Still invisible; retried at the next start.
      }
    }
    return codes.length;
  }

  /** How many people joined up to `seq`: where a tail's pseudonym numbering continues. */
  joinsUpTo(code: string, seq: number): number {
    return (this.stmts.joinsUpTo.get(code, seq) as { n: number }).n;
  }

  /** Stores a snapshot (in parts when big) and drops all but the SNAPSHOTS_KEPT newest of the session (a 12-round session kept 50+). */
  putSnapshot(code: string, seq: number, stateJson: string): void {
    this.db.transaction(() => {
      const parted = stateJson.length > SNAPSHOT_PART_CHARS;
      this.stmts.putSnapshot.run(code, seq, parted ? '' : stateJson);
      if (parted) {
        for (let part = 0; part * SNAPSHOT_PART_CHARS < stateJson.length; part++) {
          this.stmts.insertPart.run(code, seq, part, stateJson.slice(part * SNAPSHOT_PART_CHARS, (part + 1) * SNAPSHOT_PART_CHARS));
        }
      }
      this.stmts.pruneParts.run(code, code);
      this.stmts.pruneSnapshots.run(code, code);
    })();
  }

  /** The seqs of the session's snapshots, newest first (at most SNAPSHOTS_KEPT, more in a database not yet pruned). */
  snapshotSeqs(code: string): number[] {
    return (this.stmts.snapshotSeqs.all(code) as { seq: number }[]).map((r) => r.seq);
  }

  /** A snapshot's JSON text, read at once. */
  snapshotText(code: string, seq: number): string {
    const row = this.stmts.snapshotAt.get(code, seq) as { state: string } | undefined;
    if (!row) throw new DamagedRow(code, seq, 'snapshot');
    if (row.state !== '') return row.state;
    return (this.stmts.parts.all(code, seq) as { text: string }[]).map((r) => r.text).join('');
  }

  /** The same, a part per turn of the event loop (opening a big session from an HTTP request). */
  async snapshotTextInSteps(code: string, seq: number, nextTurn: () => Promise<void>): Promise<string> {
    const row = this.stmts.snapshotAt.get(code, seq) as { state: string } | undefined;
    if (!row) throw new DamagedRow(code, seq, 'snapshot');
    if (row.state !== '') return row.state;
    const parts: string[] = [];
    for (let part = 0; ; part++) {
      const r = this.stmts.part.get(code, seq, part) as { text: string } | undefined;
      if (!r) break;
      parts.push(r.text);
      await nextTurn();
    }
    return parts.join('');
  }

  /** Snapshot bytes stored for a session (events not included): what bench/storage.ts reports. */
  snapshotBytes(code: string): number {
    const a = this.db.prepare('SELECT COALESCE(SUM(length(state)), 0) AS n FROM snapshots WHERE code = ?').get(code) as { n: number };
    const b = this.db.prepare('SELECT COALESCE(SUM(length(text)), 0) AS n FROM snapshot_parts WHERE code = ?').get(code) as { n: number };
    return a.n + b.n;
  }

  heartbeat(now: number): void {
    this.stmts.heartbeat.run(String(now));
  }

  lastAliveAt(): number | undefined {
    const r = this.stmts.aliveAt.get() as { value: string } | undefined;
    return r ? Number(r.value) : undefined;
  }

  /**
   * Can this store take a new session right now? Writes (and removes) about what a session with a big deck
   * writes, in one committed transaction, so a full disk or a read-only file shows here. Throws if not.
   */
  probe(): void {
    this.db.transaction(() => {
      this.stmts.probePut.run('x'.repeat(PROBE_BYTES));
      this.stmts.probeDelete.run();
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
    this.lock.release();
  }
}

function parseRow(code: string, r: { seq: number; body: string }): StoredEvent {
  try {
    return { seq: r.seq, event: JSON.parse(r.body) as GameEvent };
  } catch {
    throw new DamagedRow(code, r.seq, 'event');
  }
}

function toRow(r: any): SessionRow {
  return {
    code: r.code,
    hostKeyHash: r.host_key_hash,
    replayTokenHash: r.replay_token_hash ?? null,
    createdAt: r.created_at,
    status: r.status,
    lastSeq: r.last_seq,
  };
}
