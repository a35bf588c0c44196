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
