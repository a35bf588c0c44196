import Database from 'better-sqlite3';
import path from 'node:path';
import type { GameEvent } from '../../shared/schemas/events';
import { DataDirLock } from './dataDirLock';
import { SqliteDeckStore } from './sqliteDeckStore';
import type { DeckStore } from './deckStore';
import {
  bySession, consecutive, DamagedRow, parseEventRow, PROBE_BYTES, snapshotParts, SNAPSHOTS_KEPT, StoreError,
  type AppendResult, type AppendRow, type NewSession, type SessionRow, type Store, type StoredEvent, type StoreTesting,
} from './store';

export { StoreError, DamagedRow, SNAPSHOTS_KEPT, type SessionRow, type StoredEvent };
export { SNAPSHOT_PART_CHARS } from './store';

/** Bump when the tables change; `migrate` knows how to bring every older version here. */
export const SCHEMA_VERSION = 4;

export type StoreOptions = {
  fileName?: string;
  /** Tests only: the database takes no writes from the start (a disk that filled up while the server was down). */
  queryOnly?: boolean;
};

/** The meta key of a node's last sign of life (one node: the key the first versions wrote). */
const aliveKey = (node: string) => (node === 'local' ? 'alive_at' : `alive_at:${node}`);

/**
 * The embedded default store: one SQLite file in WAL mode in DATA_DIR. Events are appended in batches
 * (one transaction per turn, see GroupCommitter); snapshots let restarts and replays fold only the tail.
 * better-sqlite3 is synchronous: every method does its work at once and answers with a settled promise.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private stmts;
  private lock: DataDirLock;
  private deckStore: DeckStore | undefined;

  constructor(dataDir: string, opts: StoreOptions = {}) {
    // A second server on the same DATA_DIR is refused here, before the database is touched.
    this.lock = new DataDirLock(dataDir);
    let db: Database.Database | undefined;
    try {
      db = new Database(path.join(dataDir, opts.fileName ?? 'powerup.sqlite'));
      this.db = db;
      if (opts.queryOnly) this.db.pragma('query_only = ON');
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
        'INSERT INTO sessions (code, host_key_hash, replay_token_hash, created_at, status, last_seq, owner_epoch, owner_node) VALUES (?, ?, NULL, ?, ?, 0, ?, ?)',
      ),
      insertEvent: this.db.prepare('INSERT INTO events (code, seq, type, at, body) VALUES (?, ?, ?, ?, ?)'),
      fence: this.db.prepare('SELECT last_seq, owner_epoch FROM sessions WHERE code = ?'),
      setLastSeq: this.db.prepare('UPDATE sessions SET last_seq = ? WHERE code = ?'),
      setStatus: this.db.prepare('UPDATE sessions SET status = ? WHERE code = ?'),
      setReplay: this.db.prepare('UPDATE sessions SET replay_token_hash = ? WHERE code = ?'),
      setHostKey: this.db.prepare('UPDATE sessions SET host_key_hash = ? WHERE code = ?'),
      ofHost: this.db.prepare(
        "SELECT code, last_seq, created_at FROM sessions WHERE host_key_hash = ? AND status IN ('ended', 'imported') ORDER BY created_at DESC, code LIMIT ?",
      ),
      hostKnown: this.db.prepare('SELECT 1 FROM sessions WHERE host_key_hash = ? LIMIT 1'),
      claim: this.db.prepare('UPDATE sessions SET owner_epoch = ?, owner_node = ? WHERE code = ? AND owner_epoch < ?'),
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
      snapshotSeqs: this.db.prepare('SELECT seq FROM snapshots WHERE code = ? ORDER BY seq DESC'),
      snapshotAt: this.db.prepare('SELECT state FROM snapshots WHERE code = ? AND seq = ?'),
      putMeta: this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
      getMeta: this.db.prepare('SELECT value FROM meta WHERE key = ?'),
      probeDelete: this.db.prepare("DELETE FROM meta WHERE key = 'probe'"),
    };
    this.pruneOldSnapshots();
  }

  /** Saved decks (the deck studio) live in the same file, in their own table, through the same handle. */
  decks(): DeckStore {
    this.deckStore ??= new SqliteDeckStore(this.db);
    return this.deckStore;
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
      // The writer's epoch (fencing, see Store.claim): the same columns as the Postgres store.
      4: `ALTER TABLE sessions ADD COLUMN owner_epoch INTEGER NOT NULL DEFAULT 0;
          ALTER TABLE sessions ADD COLUMN owner_node TEXT;`,
    };
    // Nothing is written when the schema is current: a start on a full disk must still work.
    if (version === SCHEMA_VERSION) return;
    const run = this.db.transaction(() => {
      for (let v = version + 1; v <= SCHEMA_VERSION; v++) this.db.exec(steps[v]);
      this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
    });
    run();
  }

  async codeExists(code: string): Promise<boolean> {
    return !!this.stmts.codeExists.get(code);
  }

  async createSession(s: NewSession): Promise<void> {
    this.db.transaction(() => {
      this.stmts.insertSession.run(s.code, s.hostKeyHash, s.createdAt, s.status ?? 'running', s.epoch ?? 0, s.node ?? null);
      if (s.first) {
        this.insertRows(s.code, [{ seq: 1, event: s.first.event }]);
        this.writeSnapshot(s.code, 1, s.first.snapshotJson);
      }
    })();
  }

  private insertRows(code: string, rows: { seq: number; event: GameEvent }[]): void {
    for (const r of rows) this.stmts.insertEvent.run(code, r.seq, r.event.type, Math.round(r.event.at), JSON.stringify(r.event));
    if (rows.length) this.stmts.setLastSeq.run(rows[rows.length - 1].seq, code);
  }

  async appendBatch(batch: AppendRow[]): Promise<AppendResult> {
    const refused = new Set<string>();
    this.db.transaction(() => {
      for (const [code, rows] of bySession(batch)) {
        const f = this.stmts.fence.get(code) as { last_seq: number; owner_epoch: number } | undefined;
        if (!f || !consecutive(rows) || rows[0].seq !== f.last_seq + 1 || rows[0].epoch !== f.owner_epoch) {
          refused.add(code);
          continue;
        }
        this.insertRows(code, rows);
      }
    })();
    return { refused };
  }

  async setStatus(code: string, status: 'running' | 'ended'): Promise<void> {
    this.stmts.setStatus.run(status, code);
  }

  async setReplayTokenHash(code: string, hash: string | null): Promise<void> {
    this.stmts.setReplay.run(hash, code);
  }

  async setHostKeyHash(code: string, hostKeyHash: string): Promise<void> {
    this.stmts.setHostKey.run(hostKeyHash, code);
  }

  async sessionsOfHost(hostKeyHash: string, limit: number): Promise<{ code: string; lastSeq: number; createdAt: number }[]> {
    const rows = this.stmts.ofHost.all(hostKeyHash, limit) as { code: string; last_seq: number; created_at: number }[];
    return rows.map((r) => ({ code: r.code, lastSeq: r.last_seq, createdAt: r.created_at }));
  }

  async hostKeyKnown(hostKeyHash: string): Promise<boolean> {
    return !!this.stmts.hostKnown.get(hostKeyHash);
  }

  async claim(code: string, epoch: number, node: string): Promise<{ ok: boolean; previousNode: string | null }> {
    return this.db.transaction(() => {
      const before = this.stmts.getSession.get(code) as { owner_node: string | null } | undefined;
      const ok = this.stmts.claim.run(epoch, node, code, epoch).changes === 1;
      return { ok, previousNode: before?.owner_node ?? null };
    })();
  }

  async getSession(code: string): Promise<SessionRow | undefined> {
    const r = this.stmts.getSession.get(code) as RawSession | undefined;
    return r && toRow(r);
  }

  async runningSessions(): Promise<SessionRow[]> {
    return (this.stmts.running.all() as RawSession[]).map(toRow);
  }

  async events(code: string, afterSeq = 0, uptoSeq?: number): Promise<StoredEvent[]> {
    const rows = (uptoSeq === undefined
      ? this.stmts.eventsFrom.all(code, afterSeq)
      : this.stmts.eventsRange.all(code, afterSeq, uptoSeq)) as { seq: number; body: string }[];
    return rows.map((r) => parseEventRow(code, r));
  }

  async eventsPage(code: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
    return (this.stmts.eventsPage.all(code, afterSeq, limit) as { seq: number; body: string }[]).map((r) => parseEventRow(code, r));
  }

  async lastEventAt(code: string): Promise<number | undefined> {
    return (this.stmts.lastEventAt.get(code) as { at: number } | undefined)?.at;
  }

  async appendImportChunk(code: string, rows: { seq: number; event: GameEvent }[]): Promise<void> {
    this.db.transaction(() => this.insertRows(code, rows))();
  }

  async finishImport(code: string, seq: number, stateJson: string, nextTurn: () => Promise<void>): Promise<void> {
    const parts = snapshotParts(stateJson);
    for (let part = 0; part < parts.length; part++) {
      await nextTurn();
      this.stmts.insertPart.run(code, seq, part, parts[part]);
    }
    if (parts.length) await nextTurn();
    this.db.transaction(() => {
      this.stmts.putSnapshot.run(code, seq, parts.length ? '' : stateJson);
      this.stmts.setStatus.run('imported', code);
    })();
  }

  private removeSession(code: string): void {
    this.db.transaction(() => {
      this.stmts.deleteEvents.run(code);
      this.stmts.deleteParts.run(code);
      this.stmts.deleteSnapshots.run(code);
      this.stmts.deleteSession.run(code);
    })();
  }

  async deleteSession(code: string): Promise<void> {
    this.removeSession(code);
  }

  async dropUnfinishedImports(): Promise<number> {
    const codes = (this.stmts.importing.all() as { code: string }[]).map((r) => r.code);
    for (const code of codes) {
      try {
        this.removeSession(code);
      } catch {
        // Still invisible; retried at the next start.
      }
    }
    return codes.length;
  }

  async joinsUpTo(code: string, seq: number): Promise<number> {
    return (this.stmts.joinsUpTo.get(code, seq) as { n: number }).n;
  }

  private writeSnapshot(code: string, seq: number, stateJson: string): void {
    const parts = snapshotParts(stateJson);
    this.stmts.putSnapshot.run(code, seq, parts.length ? '' : stateJson);
    parts.forEach((text, part) => this.stmts.insertPart.run(code, seq, part, text));
    this.stmts.pruneParts.run(code, code);
    this.stmts.pruneSnapshots.run(code, code);
  }

  async putSnapshot(code: string, seq: number, stateJson: string): Promise<void> {
    this.db.transaction(() => this.writeSnapshot(code, seq, stateJson))();
  }

  async snapshotSeqs(code: string): Promise<number[]> {
    return (this.stmts.snapshotSeqs.all(code) as { seq: number }[]).map((r) => r.seq);
  }

  async snapshotText(code: string, seq: number, nextTurn?: () => Promise<void>): Promise<string> {
    const row = this.stmts.snapshotAt.get(code, seq) as { state: string } | undefined;
    if (!row) throw new DamagedRow(code, seq, 'snapshot');
    if (row.state !== '') return row.state;
    if (!nextTurn) return (this.stmts.parts.all(code, seq) as { text: string }[]).map((r) => r.text).join('');
    const parts: string[] = [];
    for (let part = 0; ; part++) {
      const r = this.stmts.part.get(code, seq, part) as { text: string } | undefined;
      if (!r) break;
      parts.push(r.text);
      await nextTurn();
    }
    return parts.join('');
  }

  async heartbeat(node: string, now: number): Promise<void> {
    this.stmts.putMeta.run(aliveKey(node), String(now));
  }

  async lastAliveAt(node: string): Promise<number | undefined> {
    const r = this.stmts.getMeta.get(aliveKey(node)) as { value: string } | undefined;
    return r ? Number(r.value) : undefined;
  }

  async probe(): Promise<void> {
    this.db.transaction(() => {
      this.stmts.putMeta.run('probe', 'x'.repeat(PROBE_BYTES));
      this.stmts.probeDelete.run();
    })();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
    this.lock.release();
  }

  readonly testing: StoreTesting = {
    setReadOnly: async (on) => {
      this.db.pragma(`query_only = ${on ? 'ON' : 'OFF'}`);
    },
    setDiskFull: async (on) => {
      // What ENOSPC looks like to SQLite: the file may not grow by a single page.
      this.db.pragma(`max_page_count = ${on ? this.db.pragma('page_count', { simple: true }) : 1073741823}`);
    },
    damageSnapshots: async (code) => {
      this.db.prepare("UPDATE snapshots SET state = '{\"damaged' WHERE code = ?").run(code);
    },
    schemaVersion: async () => Number((this.stmts.getMeta.get('schema_version') as { value: string }).value),
    countSessions: async () => (this.db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n,
    sizes: async (code) => {
      const a = this.db.prepare('SELECT COALESCE(SUM(length(state)), 0) AS n FROM snapshots WHERE code = ?').get(code) as { n: number };
      const b = this.db.prepare('SELECT COALESCE(SUM(length(text)), 0) AS n FROM snapshot_parts WHERE code = ?').get(code) as { n: number };
      const e = this.db.prepare('SELECT COALESCE(SUM(length(body)), 0) AS n FROM events WHERE code = ?').get(code) as { n: number };
      return { snapshotBytes: a.n + b.n, eventBytes: e.n };
    },
    compact: async () => {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}

type RawSession = {
  code: string; host_key_hash: string; replay_token_hash: string | null; created_at: number; status: SessionRow['status'];
  last_seq: number; owner_epoch: number; owner_node: string | null;
};

function toRow(r: RawSession): SessionRow {
  return {
    code: r.code,
    hostKeyHash: r.host_key_hash,
    replayTokenHash: r.replay_token_hash ?? null,
    createdAt: Number(r.created_at),
    status: r.status,
    lastSeq: Number(r.last_seq),
    epoch: Number(r.owner_epoch ?? 0),
    ownerNode: r.owner_node ?? null,
  };
}
