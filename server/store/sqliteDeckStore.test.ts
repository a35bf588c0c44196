import { describe, it, expect } from 'vitest';
import Database from 'better-sqlite3';
import { SqliteDeckStore, DECKS_SCHEMA_VERSION } from './sqliteDeckStore';

// What the store does with decks is in the contract suite (tests/integration/storeContract.test.ts, both
// engines); this is the SQLite file's own migration.
describe('SqliteDeckStore', () => {
  it('creates its table once, and writes nothing at a start when current', async () => {
    const db = new Database(':memory:');
    const store = new SqliteDeckStore(db);
    await store.create({ id: 'd1', editKeyHash: 'h', title: 'T', body: '{"a":1}', createdAt: 1, updatedAt: 1 });
    // A second open on the same database migrates nothing (a full disk still starts).
    db.pragma('query_only = ON');
    expect(() => new SqliteDeckStore(db)).not.toThrow();
    db.pragma('query_only = OFF');
    expect(await new SqliteDeckStore(db).get('d1')).toMatchObject({ title: 'T' });
  });
  it('refuses a database written by a newer version', () => {
    const db = new Database(':memory:');
    new SqliteDeckStore(db);
    db.prepare("UPDATE meta SET value = ? WHERE key = 'decks_schema_version'").run(String(DECKS_SCHEMA_VERSION + 1));
    expect(() => new SqliteDeckStore(db)).toThrow(/newer Power Up/);
  });
});
