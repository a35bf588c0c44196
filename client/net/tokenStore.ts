/** A participant's rejoin token, per room code, so a reload or a locked phone rejoins by itself. */
export type Saved = { token: string; participantId: string };

const key = (code: string) => `powerup:participant:${code}`;

export function loadToken(code: string): Saved | null {
  try {
    const raw = localStorage.getItem(key(code));
    if (!raw) return null;
    const v = JSON.parse(raw);
    return typeof v?.token === 'string' && typeof v?.participantId === 'string' ? v : null;
  } catch {
    return null;
  }
}

export function saveToken(code: string, saved: Saved): void {
  try {
    localStorage.setItem(key(code), JSON.stringify(saved));
  } catch {
    // Private mode without storage: a reload will ask for the name again.
  }
}

export function forgetToken(code: string): void {
  try {
    localStorage.removeItem(key(code));
  } catch {
    /* nothing to forget */
  }
}

// A removed or banned device keeps its last token for the room (sent as `previousToken` with a new join,
// so the server can refuse a banned device) and, when banned, a marker so a reload shows the ban at once.
const previousKey = (code: string) => `powerup:previous:${code}`;
const bannedKey = (code: string) => `powerup:banned:${code}`;

export function loadPreviousToken(code: string): string | null {
  try {
    return loadToken(code)?.token ?? localStorage.getItem(previousKey(code));
  } catch {
    return null;
  }
}

/** Forgets the rejoin token but keeps it as this device's previous token for the room. */
export function retireToken(code: string, banned: boolean): void {
  try {
    const token = loadToken(code)?.token;
    if (token) localStorage.setItem(previousKey(code), token);
    if (banned) localStorage.setItem(bannedKey(code), '1');
    localStorage.removeItem(key(code));
  } catch {
    /* private mode: the server still refuses a banned token it is given */
  }
}

export function isBannedHere(code: string): boolean {
  try {
    return localStorage.getItem(bannedKey(code)) === '1';
  } catch {
    return false;
  }
}

export function markBanned(code: string): void {
  try {
    localStorage.setItem(bannedKey(code), '1');
  } catch {
    /* nothing to keep */
  }
}
