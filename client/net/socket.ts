import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/events';

export type GameSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One socket per page, same origin as the page (the server serves both). socket.io reconnects by
 * itself with backoff; the screens re-attach (rejoin / host:attach) on every 'connect'.
 */
export function connect(): GameSocket {
  return io({ transports: ['websocket', 'polling'], reconnectionDelay: 500, reconnectionDelayMax: 4000 });
}

/** Emits and resolves with the ack; a lost connection resolves with an error ack instead of hanging. */
export function request<E extends keyof ClientToServerEvents>(
  socket: GameSocket,
  event: E,
  payload: unknown,
  timeoutMs = 10_000,
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
  return new Promise((resolve) => {
    (socket.timeout(timeoutMs) as any).emit(event, payload, (err: Error | null, res: any) => {
      resolve(err ? { ok: false, code: 'TIMEOUT', message: 'No answer from the server: check your connection and try again.' } : res);
    });
  });
}

/** The wait before asking again after a "not now" answer: 0.5 s, doubling, at most 4 s. */
export function retryDelay(attempt: number): number {
  return Math.min(4000, 500 * 2 ** attempt);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
