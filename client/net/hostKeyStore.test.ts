import { describe, it, expect } from 'vitest';
import { takeHostKey, type UrlEnv } from './hostKeyStore';

// Issue 13, item 12: the host key stayed in the console's address bar (projected, screenshotted).

function env(url: string, stored: Record<string, string> = {}) {
  const u = new URL(url, 'http://192.168.1.20:3000');
  const location = { pathname: u.pathname, search: u.search, hash: u.hash };
  const storage = new Map(Object.entries(stored));
  const e: UrlEnv & { url(): string; stored: Map<string, string> } = {
    location,
    history: {
      replaceState(_d, _u, next) {
        const n = new URL(next, 'http://192.168.1.20:3000');
        Object.assign(location, { pathname: n.pathname, search: n.search, hash: n.hash });
      },
    },
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) },
    url: () => `${location.pathname}${location.search}${location.hash}`,
    stored: storage,
  };
  return e;
}

describe('takeHostKey', () => {
  it('reads the console key from the fragment, keeps it for reloads and takes it out of the address bar', () => {
    const e = env('/host#code=KXT7M&key=s3cr3t-host-key-0123456789');
    expect(takeHostKey('KXT7M', e)).toBe('s3cr3t-host-key-0123456789');
    expect(e.url()).toBe('/host#code=KXT7M');
    expect(e.url()).not.toContain('s3cr3t');
    expect(e.stored.get('powerup:host:KXT7M')).toBe('s3cr3t-host-key-0123456789');
    // The reload: the URL has no key any more, the stored one opens the console.
    expect(takeHostKey('KXT7M', e)).toBe('s3cr3t-host-key-0123456789');
    expect(e.url()).toBe('/host#code=KXT7M');
  });

  it('does the same on the replay page, keeping the query', () => {
    const e = env('/replay?code=KXT7M#key=another-key-0123456789');
    expect(takeHostKey('KXT7M', e)).toBe('another-key-0123456789');
    expect(e.url()).toBe('/replay?code=KXT7M');
  });

  it('answers nothing for a code it never saw, and keeps working without storage', () => {
    expect(takeHostKey('ZZZZZ', env('/host#code=ZZZZZ', { 'powerup:host:KXT7M': 'k' }))).toBe('');
    const e = { ...env('/host#code=KXT7M&key=k-0123456789abcdef'), storage: null };
    expect(takeHostKey('KXT7M', e)).toBe('k-0123456789abcdef');
    expect(e.url()).toBe('/host#code=KXT7M');
  });
});
