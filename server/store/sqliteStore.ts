import Database from 'better-sqlite3';
import path from 'node:path';
import type { GameEvent } from '../../shared/schemas/events';

/** Bump when the tables change; `migrate` knows how to bring every older version here. */
export const SCHEMA_VERSION = 2;

export type SessionRow = {
  code: string;
  hostKeyHash: string;
  replayTokenHash: string | null;
  createdAt: number;
  status: 'running' | 'ended' | 'imported';
  lastSeq: number;
};

export type StoredEvent = { seq: number; event: GameEvent };

export class StoreError extends Error {}

/**
 * The embedded default store: one SQLite file in WAL mode. Events are appended in batches
 * (one transaction per tick, see GroupCommitter); snapshots let restarts and replays fold only the tail.
 */
export class SqliteStore {
  readonly db: Database.Database;
  private stmts;

  constructor(dataDir: string, fileName = 'powerup.sqlite') {
    this.db = new Database(path.join(dataDir, fileName));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
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
      codeExists: this.db.prepare('SELECT 1 FROM sessions WHERE code = ?'),
      eventsFrom: this.db.prepare('SELECT seq, body FROM events WHERE code = ? AND seq > ? ORDER BY seq'),
      eventsRange: this.db.prepare('SELECT seq, body FROM events WHERE code = ? AND seq > ? AND seq <= ? ORDER BY seq'),
      joinsUpTo: this.db.prepare("SELECT COUNT(*) AS n FROM events WHERE code = ? AND seq <= ? AND type = 'joined'"),
      putSnapshot: this.db.prepare('INSERT OR REPLACE INTO snapshots (code, seq, state) VALUES (?, ?, ?)'),
      latestSnapshot: this.db.prepare('SELECT seq, state FROM snapshots WHERE code = ? AND seq <= ? ORDER BY seq DESC LIMIT 1'),
      heartbeat: this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('alive_at', ?)"),
      aliveAt: this.db.prepare("SELECT value FROM meta WHERE key = 'alive_at'"),
    };
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
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
    };
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
    return rows.map((r) => ({ seq: r.seq, event: JSON.parse(r.body) as GameEvent }));
  }

  /** How many people joined up to `seq`: where a tail's pseudonym numbering continues. */
  joinsUpTo(code: string, seq: number): number {
    return (this.stmts.joinsUpTo.get(code, seq) as { n: number }).n;
  }

  putSnapshot(code: string, seq: number, stateJson: string): void {
    this.stmts.putSnapshot.run(code, seq, stateJson);
  }

  latestSnapshot(code: string, atOrBefore = Number.MAX_SAFE_INTEGER): { seq: number; state: string } | undefined {
    return this.stmts.latestSnapshot.get(code, atOrBefore) as { seq: number; state: string } | undefined;
  }

  heartbeat(now: number): void {
    this.stmts.heartbeat.run(String(now));
  }

  lastAliveAt(): number | undefined {
    const r = this.stmts.aliveAt.get() as { value: string } | undefined;
    return r ? Number(r.value) : undefined;
  }

  close(): void {
    if (this.db.open) this.db.close();
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
