import Database from 'better-sqlite3';
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import { SqliteDeckStore } from './sqliteDeckStore';
import type { DeckStore } from './deckStore';

/** Where earlier versions kept a node's saved decks when the sessions were on Postgres. */
export const LOCAL_DECKS_FILE = 'decks.sqlite';

/**
 * Earlier versions kept the studio's decks in each node's DATA_DIR (decks.sqlite) when the sessions were on
 * Postgres. At start, such a file's decks move into the shared store (a deck whose id is already there is
 * kept as it is) and the file is renamed to decks.sqlite.moved, so this runs once. Answers how many moved.
 */
export async function moveLocalDecks(dataDir: string, into: DeckStore): Promise<number> {
  const file = path.join(dataDir, LOCAL_DECKS_FILE);
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  let moved = 0;
  try {
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'decks'").get();
    const rows = hasTable ? await new SqliteDeckStore(db, { readOnly: true }).all() : [];
    for (const row of rows) {
      if (await into.get(row.id)) continue;
      await into.create(row);
      moved++;
    }
  } finally {
    db.close();
  }
  renameSync(file, `${file}.moved`);
  return moved;
}
