import type { Settings } from '../settings';
import type { DeckStore } from './deckStore';
import { SqliteStore, type StoreOptions } from './sqliteStore';
import type { Store } from './store';

/** The store the settings name: SQLite in DATA_DIR (default). Saved decks live beside it. */
export async function openStores(settings: Pick<Settings, 'dataDir'>, sqlite: StoreOptions = {}): Promise<{ store: Store; decks: DeckStore }> {
  const store = new SqliteStore(settings.dataDir, sqlite);
  return { store, decks: store.decks() };
}
