/**
 * The facilitator's host key arrives in the URL fragment (`/host#code=…&key=…`, `/replay?code=…#key=…`),
 * which browsers never send to a server. It must not stay there: the address bar is on the projector when
 * the facilitator shares their screen, and in every screenshot. So the page reads it once, keeps it in
 * localStorage (per room code, like a participant's token, so a reload or a reopened tab still works) and
 * rewrites the URL without it (history.replaceState: no reload, no new history entry).
 */
export type UrlEnv = {
  location: { pathname: string; search: string; hash: string };
  history: { replaceState(data: unknown, unused: string, url: string): void; state?: unknown };
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
};

const storageKey = (code: string) => `powerup:host:${code}`;

function browserEnv(): UrlEnv {
  let storage: UrlEnv['storage'] = null;
  try {
    storage = globalThis.localStorage ?? null;
  } catch {
    /* storage disabled: the key only lives for this page */
  }
  return { location: globalThis.location, history: globalThis.history, storage };
}

/**
 * Takes the host key for `code` out of the fragment's `key` parameter (stored, then removed from the URL;
 * every other fragment parameter stays), or, when the URL has none, the one stored by an earlier visit.
 */
export function takeHostKey(code: string, env: UrlEnv = browserEnv()): string {
  const hash = new URLSearchParams(env.location.hash.slice(1));
  const fromUrl = hash.get('key');
  if (!fromUrl) {
    try {
      return (code && env.storage?.getItem(storageKey(code))) || '';
    } catch {
      return '';
    }
  }
  if (code) {
    try {
      env.storage?.setItem(storageKey(code), fromUrl);
    } catch {
      /* private mode without storage: the key works until the tab closes */
    }
  }
  hash.delete('key');
  const rest = hash.toString();
  env.history.replaceState(env.history.state ?? null, '', `${env.location.pathname}${env.location.search}${rest ? `#${rest}` : ''}`);
  return fromUrl;
}
