/** The saved-deck HTTP API (server/http/deckRoutes.ts); every error is { ok: false, code, message }. */
export type ApiError = { ok: false; code: string; message: string; errors?: string[] };
export type Created = { ok: true; id: string; editKey: string };
export type Loaded = { ok: true; id: string; deck: unknown; createdAt: number; updatedAt: number };
export type Saved = { ok: true; id: string; updatedAt: number };

async function call<T>(method: string, url: string, editKey?: string, body?: unknown): Promise<T | ApiError> {
  const headers: Record<string, string> = {};
  if (editKey) headers.authorization = `Bearer ${editKey}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    const json = (await res.json().catch(() => null)) as (T & { ok: boolean }) | ApiError | null;
    if (!json) return { ok: false, code: 'BAD_ANSWER', message: `The server answered ${res.status} without a body.` };
    return json as T | ApiError;
  } catch {
    return { ok: false, code: 'OFFLINE', message: 'Could not reach the server: check the connection and try again.' };
  }
}

export const createDeck = (deck: unknown) => call<Created>('POST', '/api/decks', undefined, deck);
export const loadDeck = (id: string, editKey: string) => call<Loaded>('GET', `/api/decks/${encodeURIComponent(id)}`, editKey);
export const saveDeck = (id: string, editKey: string, deck: unknown) => call<Saved>('PUT', `/api/decks/${encodeURIComponent(id)}`, editKey, deck);
export const deleteDeck = (id: string, editKey: string) => call<{ ok: true }>('DELETE', `/api/decks/${encodeURIComponent(id)}`, editKey);
