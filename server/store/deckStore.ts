/**
 * Saved decks of the deck studio, in the same database as the sessions: SqliteDeckStore (default) or
 * PgDeckStore (`DATABASE_URL`), made by the store itself (`Store.decks()`), so on several nodes every node
 * sees every deck. Async like the Store; tests/integration/storeContract.test.ts runs one suite against both.
 * A session never points at a saved deck: it copies the deck into its `created` event, so editing or
 * deleting a saved deck changes no running or past session, nor its replay.
 */
export interface DeckStore {
  /** Stores a new deck; an id already taken rejects (the primary key) and changes nothing. */
  create(row: DeckRow): Promise<void>;
  get(id: string): Promise<DeckRow | undefined>;
  /** Answers false when no deck has this id (deleted meanwhile). */
  update(id: string, title: string, body: string, updatedAt: number): Promise<boolean>;
  /** Answers false when no deck has this id. */
  remove(id: string): Promise<boolean>;
  count(): Promise<number>;
  /** Every deck, oldest first: only for moving decks from one database to another (a node's old decks.sqlite). */
  all(): Promise<DeckRow[]>;
}

export type DeckRow = {
  id: string;
  editKeyHash: string;
  title: string;
  /** The deck's JSON exactly as the author saved it (validated on save): an export gives it back unchanged. */
  body: string;
  createdAt: number;
  updatedAt: number;
};

/** A deck row as both databases name its columns. */
export type RawDeckRow = { id: string; edit_key_hash: string; title: string; body: string; created_at: number | string; updated_at: number | string };
export const toDeckRow = (r: RawDeckRow): DeckRow => ({
  id: r.id,
  editKeyHash: r.edit_key_hash,
  title: r.title,
  body: r.body,
  // Postgres answers BIGINT as a string.
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});
