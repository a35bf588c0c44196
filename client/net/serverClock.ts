/**
 * Countdowns use the server's deadlines (server time). Phones are usually NTP-synced to well under a
 * second, so by default we trust Date.now(). Acks carry no server time, so we read the HTTP Date header
 * of /healthz once (1 s resolution): only a clearly wrong device clock (> 2 s off) gets corrected.
 */
let offsetMs = 0;

export function serverNow(): number {
  return Date.now() + offsetMs;
}

export async function calibrateServerClock(): Promise<void> {
  try {
    const t0 = Date.now();
    const res = await fetch('/healthz', { cache: 'no-store' });
    const t1 = Date.now();
    const date = res.headers.get('date');
    if (!date) return;
    // The header truncates to the second: its middle is the best guess.
    const server = Date.parse(date) + 500;
    const estimate = server - (t0 + t1) / 2;
    if (Number.isFinite(estimate) && Math.abs(estimate) > 2000) offsetMs = estimate;
  } catch {
    // Offline for now: the local clock will do.
  }
}
