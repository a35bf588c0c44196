import type pg from 'pg';
import { toDeckRow, type DeckRow, type DeckStore, type RawDeckRow } from './deckStore';

/** The table, created by PgStore's migration (schema step 2), so every node migrates it under one lock. */
export const PG_DECKS_TABLE = `CREATE TABLE decks (id TEXT PRIMARY KEY, edit_key_hash TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);`;

type Query = (sql: string, params?: unknown[]) => Promise<pg.QueryResult>;

/**
 * Saved decks on PostgreSQL, in the database every node shares (PgStore.decks()): a deck saved through one
 * node is read, changed and played through any other. It runs its queries through the store's own pool
 * (and its read-only switch for tests); it never holds a connection of its own.
 */
export class PgDeckStore implements DeckStore {
  constructor(private query: Query) {}

  async create(row: DeckRow): Promise<void> {
    await this.query('INSERT INTO decks (id, edit_key_hash, title, body, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      row.id, row.editKeyHash, row.title, row.body, Math.round(row.createdAt), Math.round(row.updatedAt),
    ]);
  }

  async get(id: string): Promise<DeckRow | undefined> {
    const r = await this.query('SELECT * FROM decks WHERE id = $1', [id]);
    return r.rows[0] ? toDeckRow(r.rows[0] as RawDeckRow) : undefined;
  }

  async update(id: string, title: string, body: string, updatedAt: number): Promise<boolean> {
    return (await this.query('UPDATE decks SET title = $1, body = $2, updated_at = $3 WHERE id = $4', [title, body, Math.round(updatedAt), id])).rowCount === 1;
  }

  async remove(id: string): Promise<boolean> {
    return (await this.query('DELETE FROM decks WHERE id = $1', [id])).rowCount === 1;
  }

  async count(): Promise<number> {
    return Number((await this.query('SELECT COUNT(*) AS n FROM decks')).rows[0].n);
  }

  async all(): Promise<DeckRow[]> {
    return (await this.query('SELECT * FROM decks ORDER BY created_at, id')).rows.map((r) => toDeckRow(r as RawDeckRow));
  }
}
