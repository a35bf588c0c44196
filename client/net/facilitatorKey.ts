/**
 * The facilitator's key in this browser: the host key of the last session created here. A new session
 * created with it gets the same host key on the server, so its debrief compares with those sessions
 * (past cohorts, issue 12 item 4). Kept in localStorage like the per-room host keys (hostKeyStore.ts).
 */
const KEY = 'powerup:facilitator-key';

export function facilitatorKey(): string | null {
  try {
    return globalThis.localStorage?.getItem(KEY) || null;
  } catch {
    return null;
  }
}

export function rememberFacilitatorKey(hostKey: string | null): void {
  try {
    if (hostKey) globalThis.localStorage?.setItem(KEY, hostKey);
    else globalThis.localStorage?.removeItem(KEY);
  } catch {
    /* storage disabled: every session gets its own key */
  }
}
