/**
 * Keeps the phone's screen on during a round (Screen Wake Lock, where supported). The browser drops
 * the lock when the page is hidden, so it is asked for again whenever the page becomes visible.
 */
type Sentinel = { release(): Promise<void>; released?: boolean };

let wanted = false;
let sentinel: Sentinel | null = null;
let listening = false;

async function acquire(): Promise<void> {
  const wl = (navigator as any).wakeLock;
  if (!wl || !wanted || document.visibilityState !== 'visible' || (sentinel && !sentinel.released)) return;
  try {
    sentinel = await wl.request('screen');
  } catch {
    // Refused (battery saver, no user gesture yet): the round still works, the screen may dim.
  }
}

export function keepScreenAwake(on: boolean): void {
  if (on === wanted) return;
  wanted = on;
  if (!listening) {
    listening = true;
    document.addEventListener('visibilitychange', () => void acquire());
  }
  if (on) void acquire();
  else {
    void sentinel?.release().catch(() => {});
    sentinel = null;
  }
}
