import Database from 'better-sqlite3';
import path from 'node:path';
import type { Settings } from '../settings';
import { DataDirLock } from './dataDirLock';
import { DeckStore } from './deckStore';
import { PgStore } from './pgStore';
import { SqliteStore, type StoreOptions } from './sqliteStore';
import type { Store } from './store';

/**
 * The store the settings name: SQLite in DATA_DIR (default), or PostgreSQL with DATABASE_URL. Saved decks
 * (the deck studio) live beside the SQLite store in its file; on Postgres they stay in a small SQLite file
 * of this node's DATA_DIR (decks.sqlite), which is still one server per DATA_DIR.
 */
export async function openStores(settings: Pick<Settings, 'dataDir' | 'databaseUrl'>, sqlite: StoreOptions = {}): Promise<{ store: Store; decks: DeckStore }> {
  if (!settings.databaseUrl) {
    const store = new SqliteStore(settings.dataDir, sqlite);
    return { store, decks: store.decks() };
  }
  const lock = new DataDirLock(settings.dataDir);
  let decksDb: Database.Database | undefined;
  try {
    decksDb = new Database(path.join(settings.dataDir, 'decks.sqlite'));
    decksDb.pragma('journal_mode = WAL');
    const decks = new DeckStore(decksDb);
    const pgStore = await PgStore.open(settings.databaseUrl);
    const db = decksDb;
    // Closing the store closes the decks' file and the DATA_DIR lock too.
    const close = pgStore.close.bind(pgStore);
    pgStore.close = async () => {
      await close();
      if (db.open) db.close();
      lock.release();
    };
    return { store: pgStore, decks };
  } catch (err) {
    if (decksDb?.open) decksDb.close();
    lock.release();
    throw err;
  }
}
