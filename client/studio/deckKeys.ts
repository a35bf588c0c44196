/**
 * The decks this browser may edit: their id, edit key and title, in localStorage (like the host key).
 * The edit key is the only proof of ownership: it is sent in an `Authorization: Bearer` header, never in
 * a URL. Clearing the browser's storage loses it (export the deck to keep a copy).
 */
export type SavedDeck = { id: string; editKey: string; title: string; savedAt: number };

export const DECKS_KEY = 'powerup:decks';

type Store = Pick<Storage, 'getItem' | 'setItem'> | null;

function browserStore(): Store {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

const isSaved = (x: unknown): x is SavedDeck => {
  const d = x as SavedDeck;
  return !!d && typeof d.id === 'string' && typeof d.editKey === 'string' && typeof d.title === 'string' && typeof d.savedAt === 'number';
};

/** Newest first. A damaged entry is skipped, never fatal. */
export function savedDecks(store: Store = browserStore()): SavedDeck[] {
  try {
    const raw = JSON.parse(store?.getItem(DECKS_KEY) ?? '[]') as unknown;
    return Array.isArray(raw) ? raw.filter(isSaved).sort((a, b) => b.savedAt - a.savedAt) : [];
  } catch {
    return [];
  }
}

function write(list: SavedDeck[], store: Store): void {
  try {
    store?.setItem(DECKS_KEY, JSON.stringify(list));
  } catch {
    /* storage full or disabled: the deck stays on the server, this browser forgets its key */
  }
}

export function rememberDeck(entry: SavedDeck, store: Store = browserStore()): void {
  write([entry, ...savedDecks(store).filter((d) => d.id !== entry.id)], store);
}

export function forgetDeck(id: string, store: Store = browserStore()): void {
  write(savedDecks(store).filter((d) => d.id !== id), store);
}

export function findDeck(id: string, store: Store = browserStore()): SavedDeck | undefined {
  return savedDecks(store).find((d) => d.id === id);
}
