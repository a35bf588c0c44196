import pg from 'pg';
import type { GameEvent } from '../../shared/schemas/events';
import {
  bySession, consecutive, DamagedRow, parseEventRow, PROBE_BYTES, snapshotParts, SNAPSHOTS_KEPT, StoreError,
  type AppendResult, type AppendRow, type NewSession, type SessionRow, type Store, type StoredEvent, type StoreTesting,
} from './store';
import { PgDeckStore, PG_DECKS_TABLE } from './pgDeckStore';
import type { DeckStore } from './deckStore';

/** Bump when the tables change; `migrate` brings every older version here (the same steps on every node). */
export const PG_SCHEMA_VERSION = 2;

const SCHEMA_STEPS: Record<number, string> = {
  1: `CREATE TABLE sessions (code TEXT PRIMARY KEY, host_key_hash TEXT NOT NULL, replay_token_hash TEXT, created_at BIGINT NOT NULL,
        status TEXT NOT NULL, last_seq INTEGER NOT NULL, owner_epoch BIGINT NOT NULL DEFAULT 0, owner_node TEXT);
      CREATE INDEX sessions_status ON sessions (status);
      CREATE INDEX sessions_host ON sessions (host_key_hash);
      CREATE TABLE events (code TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, at BIGINT NOT NULL, body TEXT NOT NULL,
        PRIMARY KEY (code, seq));
      CREATE TABLE snapshots (code TEXT NOT NULL, seq INTEGER NOT NULL, state TEXT NOT NULL, PRIMARY KEY (code, seq));
      CREATE TABLE snapshot_parts (code TEXT NOT NULL, seq INTEGER NOT NULL, part INTEGER NOT NULL, text TEXT NOT NULL,
        PRIMARY KEY (code, seq, part));`,
  // The deck studio's saved decks, shared by every node like the sessions.
  2: PG_DECKS_TABLE,
};

type Q = pg.Pool | pg.PoolClient;

/**
 * The PostgreSQL store (`DATABASE_URL=postgres://…`): the same tables and the same contract as SqliteStore
 * (tests/integration/storeContract.test.ts runs one suite against both), shared by every node. Group commit
 * holds here too: GroupCommitter hands over every event accepted while the previous batch was in flight,
 * and appendBatch writes them with one multi-row INSERT in one transaction, fenced per session under a row
 * lock (`SELECT … FOR UPDATE` on the session rows), so a node that lost its lease cannot append.
 */
export class PgStore implements Store {
  readonly kind = 'postgres' as const;
  private readOnly = false;

  private deckStore: DeckStore | undefined;

  private constructor(private pool: pg.Pool) {}

  /** Saved decks (the deck studio) in the same database, through the same pool. */
  decks(): DeckStore {
    this.deckStore ??= new PgDeckStore((sql, params) => this.q(sql, params));
    return this.deckStore;
  }

  static async open(url: string, opts: { max?: number } = {}): Promise<PgStore> {
    const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 8, connectionTimeoutMillis: 10_000 });
    // An idle client that loses its server (a restart) must not take the process down.
    pool.on('error', () => {});
    const store = new PgStore(pool);
    try {
      await store.migrate();
    } catch (err) {
      await pool.end().catch(() => {});
      throw err;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      // Several nodes may start at once: one migrates, the others wait for it here.
      await c.query('SELECT pg_advisory_xact_lock(714001)');
      await c.query('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
      const row = await c.query("SELECT value FROM meta WHERE key = 'schema_version'");
      const version = row.rows[0] ? Number(row.rows[0].value) : 0;
      if (version > PG_SCHEMA_VERSION) {
        throw new StoreError(`The database was written by a newer Power Up (schema ${version}; this one knows up to ${PG_SCHEMA_VERSION}). Upgrade Power Up or use another database.`);
      }
      for (let v = version + 1; v <= PG_SCHEMA_VERSION; v++) await c.query(SCHEMA_STEPS[v]);
      if (version !== PG_SCHEMA_VERSION) {
        await c.query("INSERT INTO meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", [String(PG_SCHEMA_VERSION)]);
      }
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  }

  /** Runs `body` in one transaction on one connection. */
  private async tx<T>(body: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query(this.readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
      const out = await body(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  }

  private async q(sql: string, params: unknown[] = [], on: Q = this.pool): Promise<pg.QueryResult> {
    if (this.readOnly && on === this.pool && !/^\s*SELECT/i.test(sql)) throw new StoreError('cannot execute a write in a read-only transaction');
    return on.query(sql, params);
  }

  async codeExists(code: string): Promise<boolean> {
    return (await this.q('SELECT 1 FROM sessions WHERE code = $1', [code])).rowCount! > 0;
  }

  async createSession(s: NewSession): Promise<void> {
    await this.tx(async (c) => {
      await c.query(
        'INSERT INTO sessions (code, host_key_hash, replay_token_hash, created_at, status, last_seq, owner_epoch, owner_node) VALUES ($1, $2, NULL, $3, $4, 0, $5, $6)',
        [s.code, s.hostKeyHash, Math.round(s.createdAt), s.status ?? 'running', s.epoch ?? 0, s.node ?? null],
      );
      if (s.first) {
        await this.insertRows(c, s.code, [{ seq: 1, event: s.first.event }]);
        await this.writeSnapshot(c, s.code, 1, s.first.snapshotJson);
      }
    });
  }

  private async insertRows(c: Q, code: string, rows: { seq: number; event: GameEvent }[]): Promise<void> {
    if (rows.length === 0) return;
    await this.insertMany(c, rows.map((r) => ({ code, ...r })));
    await c.query('UPDATE sessions SET last_seq = $1 WHERE code = $2', [rows[rows.length - 1].seq, code]);
  }

  /** One statement for many rows (unnest of arrays: no parameter limit, one round trip). */
  private async insertMany(c: Q, rows: { code: string; seq: number; event: GameEvent }[]): Promise<void> {
    await c.query(
      'INSERT INTO events (code, seq, type, at, body) SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::bigint[], $5::text[])',
      [rows.map((r) => r.code), rows.map((r) => r.seq), rows.map((r) => r.event.type), rows.map((r) => Math.round(r.event.at)), rows.map((r) => JSON.stringify(r.event))],
    );
  }

  async appendBatch(batch: AppendRow[]): Promise<AppendResult> {
    const refused = new Set<string>();
    if (batch.length === 0) return { refused };
    const groups = bySession(batch);
    await this.tx(async (c) => {
      // The fence: each session's row is locked, so its last seq and epoch cannot move under this batch.
      const codes = [...groups.keys()].sort();
      const found = await c.query('SELECT code, last_seq, owner_epoch FROM sessions WHERE code = ANY($1::text[]) ORDER BY code FOR UPDATE', [codes]);
      const fence = new Map<string, { last: number; epoch: number }>(found.rows.map((r) => [r.code, { last: Number(r.last_seq), epoch: Number(r.owner_epoch) }]));
      const rows: AppendRow[] = [];
      const lasts: [string, number][] = [];
      for (const [code, group] of groups) {
        const f = fence.get(code);
        if (!f || !consecutive(group) || group[0].seq !== f.last + 1 || group[0].epoch !== f.epoch) {
          refused.add(code);
          continue;
        }
        rows.push(...group);
        lasts.push([code, group[group.length - 1].seq]);
      }
      if (rows.length === 0) return;
      await this.insertMany(c, rows);
      await c.query('UPDATE sessions AS s SET last_seq = v.seq FROM unnest($1::text[], $2::int[]) AS v(code, seq) WHERE s.code = v.code', [lasts.map((l) => l[0]), lasts.map((l) => l[1])]);
    });
    return { refused };
  }

  async setStatus(code: string, status: 'running' | 'ended'): Promise<void> {
    await this.q('UPDATE sessions SET status = $1 WHERE code = $2', [status, code]);
  }

  async setReplayTokenHash(code: string, hash: string | null): Promise<void> {
    await this.q('UPDATE sessions SET replay_token_hash = $1 WHERE code = $2', [hash, code]);
  }

  async setHostKeyHash(code: string, hostKeyHash: string): Promise<void> {
    await this.q('UPDATE sessions SET host_key_hash = $1 WHERE code = $2', [hostKeyHash, code]);
  }

  async sessionsOfHost(hostKeyHash: string, limit: number): Promise<{ code: string; lastSeq: number; createdAt: number }[]> {
    const r = await this.q(
      "SELECT code, last_seq, created_at FROM sessions WHERE host_key_hash = $1 AND status IN ('ended', 'imported') ORDER BY created_at DESC, code LIMIT $2",
      [hostKeyHash, limit],
    );
    return r.rows.map((x) => ({ code: x.code, lastSeq: Number(x.last_seq), createdAt: Number(x.created_at) }));
  }

  async hostKeyKnown(hostKeyHash: string): Promise<boolean> {
    return (await this.q('SELECT 1 FROM sessions WHERE host_key_hash = $1 LIMIT 1', [hostKeyHash])).rowCount! > 0;
  }

  async claim(code: string, epoch: number, node: string): Promise<{ ok: boolean; previousNode: string | null }> {
    return this.tx(async (c) => {
      const before = await c.query('SELECT owner_node FROM sessions WHERE code = $1 FOR UPDATE', [code]);
      const r = await c.query('UPDATE sessions SET owner_epoch = $1, owner_node = $2 WHERE code = $3 AND owner_epoch < $1', [epoch, node, code]);
      return { ok: r.rowCount === 1, previousNode: before.rows[0]?.owner_node ?? null };
    });
  }

  async getSession(code: string): Promise<SessionRow | undefined> {
    const r = await this.q('SELECT * FROM sessions WHERE code = $1', [code]);
    return r.rows[0] && toRow(r.rows[0]);
  }

  async runningSessions(): Promise<SessionRow[]> {
    return (await this.q("SELECT * FROM sessions WHERE status = 'running'")).rows.map(toRow);
  }

  async events(code: string, afterSeq = 0, uptoSeq?: number): Promise<StoredEvent[]> {
    const r = uptoSeq === undefined
      ? await this.q('SELECT seq, body FROM events WHERE code = $1 AND seq > $2 ORDER BY seq', [code, afterSeq])
      : await this.q('SELECT seq, body FROM events WHERE code = $1 AND seq > $2 AND seq <= $3 ORDER BY seq', [code, afterSeq, uptoSeq]);
    return r.rows.map((x) => parseEventRow(code, x));
  }

  async eventsPage(code: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const r = await this.q('SELECT seq, body FROM events WHERE code = $1 AND seq > $2 ORDER BY seq LIMIT $3', [code, afterSeq, limit]);
    return r.rows.map((x) => parseEventRow(code, x));
  }

  async lastEventAt(code: string): Promise<number | undefined> {
    const r = await this.q('SELECT at FROM events WHERE code = $1 ORDER BY seq DESC LIMIT 1', [code]);
    return r.rows[0] ? Number(r.rows[0].at) : undefined;
  }

  async joinsUpTo(code: string, seq: number): Promise<number> {
    const r = await this.q("SELECT COUNT(*) AS n FROM events WHERE code = $1 AND seq <= $2 AND type = 'joined'", [code, seq]);
    return Number(r.rows[0].n);
  }

  async appendImportChunk(code: string, rows: { seq: number; event: GameEvent }[]): Promise<void> {
    await this.tx((c) => this.insertRows(c, code, rows));
  }

  async finishImport(code: string, seq: number, stateJson: string, nextTurn: () => Promise<void>): Promise<void> {
    const parts = snapshotParts(stateJson);
    for (let part = 0; part < parts.length; part++) {
      await nextTurn();
      await this.q('INSERT INTO snapshot_parts (code, seq, part, text) VALUES ($1, $2, $3, $4) ON CONFLICT (code, seq, part) DO UPDATE SET text = EXCLUDED.text', [code, seq, part, parts[part]]);
    }
    await this.tx(async (c) => {
      await c.query('INSERT INTO snapshots (code, seq, state) VALUES ($1, $2, $3) ON CONFLICT (code, seq) DO UPDATE SET state = EXCLUDED.state', [code, seq, parts.length ? '' : stateJson]);
      await c.query("UPDATE sessions SET status = 'imported' WHERE code = $1", [code]);
    });
  }

  async deleteSession(code: string): Promise<void> {
    await this.tx(async (c) => {
      for (const t of ['events', 'snapshot_parts', 'snapshots', 'sessions']) await c.query(`DELETE FROM ${t} WHERE code = $1`, [code]);
    });
  }

  async dropUnfinishedImports(): Promise<number> {
    const codes = (await this.q("SELECT code FROM sessions WHERE status = 'importing'")).rows.map((r) => r.code as string);
    for (const code of codes) {
      try {
        await this.deleteSession(code);
      } catch {
        // Still invisible; retried at the next start.
      }
    }
    return codes.length;
  }

  private async writeSnapshot(c: Q, code: string, seq: number, stateJson: string): Promise<void> {
    const parts = snapshotParts(stateJson);
    await c.query('INSERT INTO snapshots (code, seq, state) VALUES ($1, $2, $3) ON CONFLICT (code, seq) DO UPDATE SET state = EXCLUDED.state', [code, seq, parts.length ? '' : stateJson]);
    if (parts.length) {
      await c.query(
        'INSERT INTO snapshot_parts (code, seq, part, text) SELECT $1, $2, p, t FROM unnest($3::int[], $4::text[]) AS x(p, t) ON CONFLICT (code, seq, part) DO UPDATE SET text = EXCLUDED.text',
        [code, seq, parts.map((_, i) => i), parts],
      );
    }
    // Everything older than the SNAPSHOTS_KEPT newest of the session.
    const keep = `(SELECT MIN(seq) FROM (SELECT seq FROM snapshots WHERE code = $1 ORDER BY seq DESC LIMIT ${SNAPSHOTS_KEPT}) k)`;
    await c.query(`DELETE FROM snapshot_parts WHERE code = $1 AND seq < ${keep}`, [code]);
    await c.query(`DELETE FROM snapshots WHERE code = $1 AND seq < ${keep}`, [code]);
  }

  async putSnapshot(code: string, seq: number, stateJson: string): Promise<void> {
    await this.tx((c) => this.writeSnapshot(c, code, seq, stateJson));
  }

  async snapshotSeqs(code: string): Promise<number[]> {
    return (await this.q('SELECT seq FROM snapshots WHERE code = $1 ORDER BY seq DESC', [code])).rows.map((r) => Number(r.seq));
  }

  async snapshotText(code: string, seq: number, nextTurn?: () => Promise<void>): Promise<string> {
    const row = (await this.q('SELECT state FROM snapshots WHERE code = $1 AND seq = $2', [code, seq])).rows[0];
    if (!row) throw new DamagedRow(code, seq, 'snapshot');
    if (row.state !== '') return row.state as string;
    if (!nextTurn) return (await this.q('SELECT text FROM snapshot_parts WHERE code = $1 AND seq = $2 ORDER BY part', [code, seq])).rows.map((r) => r.text).join('');
    const parts: string[] = [];
    for (let part = 0; ; part++) {
      const r = (await this.q('SELECT text FROM snapshot_parts WHERE code = $1 AND seq = $2 AND part = $3', [code, seq, part])).rows[0];
      if (!r) break;
      parts.push(r.text);
      await nextTurn();
    }
    return parts.join('');
  }

  async heartbeat(node: string, now: number): Promise<void> {
    await this.q('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [`alive_at:${node}`, String(now)]);
  }

  async lastAliveAt(node: string): Promise<number | undefined> {
    const r = await this.q('SELECT value FROM meta WHERE key = $1', [`alive_at:${node}`]);
    return r.rows[0] ? Number(r.rows[0].value) : undefined;
  }

  async probe(): Promise<void> {
    await this.tx(async (c) => {
      await c.query("INSERT INTO meta (key, value) VALUES ('probe', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", ['x'.repeat(PROBE_BYTES)]);
      await c.query("DELETE FROM meta WHERE key = 'probe'");
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  readonly testing: StoreTesting = {
    setReadOnly: async (on) => {
      this.readOnly = on;
    },
    setDiskFull: async () => {
      throw new StoreError('setDiskFull: SQLite only');
    },
    damageSnapshots: async (code) => {
      await this.pool.query(`UPDATE snapshots SET state = '{"damaged' WHERE code = $1`, [code]);
    },
    schemaVersion: async () => Number((await this.pool.query("SELECT value FROM meta WHERE key = 'schema_version'")).rows[0].value),
    countSessions: async () => Number((await this.pool.query('SELECT COUNT(*) AS n FROM sessions')).rows[0].n),
    sizes: async (code) => {
      const a = await this.pool.query('SELECT COALESCE(SUM(length(state)), 0) AS n FROM snapshots WHERE code = $1', [code]);
      const b = await this.pool.query('SELECT COALESCE(SUM(length(text)), 0) AS n FROM snapshot_parts WHERE code = $1', [code]);
      const e = await this.pool.query('SELECT COALESCE(SUM(length(body)), 0) AS n FROM events WHERE code = $1', [code]);
      return { snapshotBytes: Number(a.rows[0].n) + Number(b.rows[0].n), eventBytes: Number(e.rows[0].n) };
    },
    compact: async () => {
      await this.pool.query('VACUUM');
    },
  };
}

function toRow(r: Record<string, unknown>): SessionRow {
  return {
    code: r.code as string,
    hostKeyHash: r.host_key_hash as string,
    replayTokenHash: (r.replay_token_hash as string | null) ?? null,
    createdAt: Number(r.created_at),
    status: r.status as SessionRow['status'],
    lastSeq: Number(r.last_seq),
    epoch: Number(r.owner_epoch ?? 0),
    ownerNode: (r.owner_node as string | null) ?? null,
  };
}
