import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/events';

export type GameSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One socket per page, same origin as the page (the server serves both). */
export function connect(): GameSocket {
  return io({ transports: ['websocket', 'polling'] });
}
