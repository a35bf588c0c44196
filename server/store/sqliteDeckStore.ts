import type Database from 'better-sqlite3';
import { StoreError } from './store';
import { toDeckRow, type DeckRow, type DeckStore, type RawDeckRow } from './deckStore';

/**
 * Version of the deck tables, kept apart from the session tables' SCHEMA_VERSION (meta key
 * `decks_schema_version`), so the two evolve without stepping on each other. Bump when the tables change.
 */
export const DECKS_SCHEMA_VERSION = 1;
const META_KEY = 'decks_schema_version';

/**
 * Saved decks in the SQLite file of the sessions, through the same handle (SqliteStore.decks()).
 * better-sqlite3 is synchronous: every method answers with a settled promise.
 */
export class SqliteDeckStore implements DeckStore {
  private stmts;

  /** `readOnly`: a file only read from (moveLocalDecks), never migrated. */
  constructor(private db: Database.Database, opts: { readOnly?: boolean } = {}) {
    if (!opts.readOnly) this.migrate();
    this.stmts = {
      all: db.prepare('SELECT * FROM decks ORDER BY created_at, id'),
      insert: db.prepare('INSERT INTO decks (id, edit_key_hash, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
      get: db.prepare('SELECT * FROM decks WHERE id = ?'),
      update: db.prepare('UPDATE decks SET title = ?, body = ?, updated_at = ? WHERE id = ?'),
      remove: db.prepare('DELETE FROM decks WHERE id = ?'),
      count: db.prepare('SELECT COUNT(*) AS n FROM decks'),
    };
  }

  private migrate(): void {
    // The session store made `meta` (SqliteStore.migrate); a bare database (unit tests) may not have it.
    this.db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(META_KEY) as { value: string } | undefined;
    const version = row ? Number(row.value) : 0;
    if (version > DECKS_SCHEMA_VERSION)
      throw new StoreError(`The saved decks were written by a newer Power Up (decks schema ${version}; this one knows up to ${DECKS_SCHEMA_VERSION}). Upgrade Power Up or use another DATA_DIR.`);
    // Nothing is written when the schema is current: a start on a full disk must still work.
    if (version === DECKS_SCHEMA_VERSION) return;
    const steps: Record<number, string> = {
      1: `CREATE TABLE decks (id TEXT PRIMARY KEY, edit_key_hash TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
            created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);`,
    };
    this.db.transaction(() => {
      for (let v = version + 1; v <= DECKS_SCHEMA_VERSION; v++) this.db.exec(steps[v]);
      this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(META_KEY, String(DECKS_SCHEMA_VERSION));
    })();
  }

  async create(row: DeckRow): Promise<void> {
    this.stmts.insert.run(row.id, row.editKeyHash, row.title, row.body, row.createdAt, row.updatedAt);
  }

  async get(id: string): Promise<DeckRow | undefined> {
    const r = this.stmts.get.get(id) as RawDeckRow | undefined;
    return r ? toDeckRow(r) : undefined;
  }

  async update(id: string, title: string, body: string, updatedAt: number): Promise<boolean> {
    return this.stmts.update.run(title, body, updatedAt, id).changes === 1;
  }

  async remove(id: string): Promise<boolean> {
    return this.stmts.remove.run(id).changes === 1;
  }

  async count(): Promise<number> {
    return (this.stmts.count.get() as { n: number }).n;
  }

  async all(): Promise<DeckRow[]> {
    return (this.stmts.all.all() as RawDeckRow[]).map(toDeckRow);
  }
}
