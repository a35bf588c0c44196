import { describe, it, expect } from 'vitest';
import Database from 'better-sqlite3';
import { DeckStore, DECKS_SCHEMA_VERSION } from './deckStore';

describe('DeckStore', () => {
  it('creates its table once, reads and writes decks, and writes nothing at a start when current', () => {
    const db = new Database(':memory:');
    const store = new DeckStore(db);
    store.create({ id: 'd1', editKeyHash: 'h', title: 'T', body: '{"a":1}', createdAt: 1, updatedAt: 1 });
    expect(store.get('d1')).toEqual({ id: 'd1', editKeyHash: 'h', title: 'T', body: '{"a":1}', createdAt: 1, updatedAt: 1 });
    expect(store.update('d1', 'T2', '{"a":2}', 5)).toBe(true);
    expect(store.get('d1')?.title).toBe('T2');
    expect(store.count()).toBe(1);
    // A second open on the same database migrates nothing (a full disk still starts).
    db.pragma('query_only = ON');
    expect(() => new DeckStore(db)).not.toThrow();
    db.pragma('query_only = OFF');
    expect(store.remove('d1')).toBe(true);
    expect(store.get('d1')).toBeUndefined();
    expect(store.update('d1', 'x', 'y', 6)).toBe(false);
  });
  it('refuses a database written by a newer version', () => {
    const db = new Database(':memory:');
    new DeckStore(db);
    db.prepare("UPDATE meta SET value = ? WHERE key = 'decks_schema_version'").run(String(DECKS_SCHEMA_VERSION + 1));
    expect(() => new DeckStore(db)).toThrow(/newer Power Up/);
  });
});
