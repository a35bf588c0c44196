import type { Settings } from '../settings';
import { DataDirLock } from './dataDirLock';
import type { DeckStore } from './deckStore';
import { moveLocalDecks } from './moveLocalDecks';
import { PgStore } from './pgStore';
import { SqliteStore, type StoreOptions } from './sqliteStore';
import type { Store } from './store';

/**
 * The store the settings name: SQLite in DATA_DIR (default), or PostgreSQL with DATABASE_URL. The saved
 * decks of the deck studio live in the same database (Store.decks()), so on several nodes on Postgres
 * every node sees every deck. DATA_DIR still holds the per-node lock file.
 */
export async function openStores(
  settings: Pick<Settings, 'dataDir' | 'databaseUrl'>,
  sqlite: StoreOptions = {},
  log?: { info(o: object, m: string): void },
): Promise<{ store: Store; decks: DeckStore }> {
  if (!settings.databaseUrl) {
    const store = new SqliteStore(settings.dataDir, sqlite);
    return { store, decks: store.decks() };
  }
  const lock = new DataDirLock(settings.dataDir);
  let pgStore: PgStore | undefined;
  try {
    pgStore = await PgStore.open(settings.databaseUrl);
    const decks = pgStore.decks();
    const moved = await moveLocalDecks(settings.dataDir, decks);
    if (moved) log?.info({ moved }, 'saved decks moved from this node\u2019s decks.sqlite to PostgreSQL');
    // Closing the store releases the DATA_DIR lock too.
    const close = pgStore.close.bind(pgStore);
    pgStore.close = async () => {
      await close();
      lock.release();
    };
    return { store: pgStore, decks };
  } catch (err) {
    await pgStore?.close().catch(() => {});
    lock.release();
    throw err;
  }
}
