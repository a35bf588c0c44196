// Facilitators for the load scenarios: they create the sessions the participants join.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/protocol/events';
import type { SessionConfigInput } from '../shared/schemas/config';
import { LIMITS } from '../server/transport/rateLimit';

/**
 * Creates `count` sessions. The server allows LIMITS.createsBurst creations per address, as it should;
 * a hundred workshops come from a hundred networks, so each batch connects from its own loopback
 * address (127.0.0.2, 127.0.0.3, …: Linux routes all of 127/8 to lo). The limits stay as shipped.
 */
export const SESSIONS_PER_ADDRESS = Math.max(1, LIMITS.createsBurst - 2);

/**
 * `firstAddress`: the index of the first loopback address to use (0: 127.0.0.2). Several nodes share one
 * creation budget per address through Redis, so callers creating on several nodes at once give each its
 * own addresses.
 */
export async function createSessions(url: string, count: number, config: SessionConfigInput = {}, firstAddress = 0): Promise<string[]> {
  const perAddress = SESSIONS_PER_ADDRESS;
  const codes: string[] = [];
  for (let batch = firstAddress; codes.length < count; batch++) {
    if (batch > 250) throw new Error(`more sessions than 251 loopback addresses × ${perAddress} allow`);
    const localAddress = `127.0.0.${batch + 2}`;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { transports: ['websocket'], forceNew: true, localAddress } as any);
    try {
      const n = Math.min(perAddress, count - codes.length);
      const created = await Promise.all(
        Array.from({ length: n }, () => (socket.timeout(10_000) as any).emitWithAck('session:create', { config }) as Promise<any>),
      );
      for (const r of created) {
        if (!r.ok) throw new Error(`session:create refused: ${r.code} ${r.message}`);
        codes.push(r.code);
      }
    } finally {
      socket.close();
    }
  }
  return codes;
}
