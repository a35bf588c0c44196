import type { IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';
import type { FastifyBaseLogger } from 'fastify';

export const TOO_MANY_CONNECTIONS = 'TOO_MANY_CONNECTIONS';

/**
 * Concurrent connections per address. Counted at the engine.io level (a connection holds a file descriptor
 * from its handshake on, whether or not it ever joins anything) and refused in two steps:
 *
 * - up to `limit` connections: accepted;
 * - above it, socket.io's middleware refuses the connection with a `connect_error` whose message says why
 *   (`err.message`, `err.data.code === 'TOO_MANY_CONNECTIONS'`), then closes it;
 * - past `limit` plus a small margin (connections refused but not closed yet, or raw engine.io clients that
 *   never send socket.io's CONNECT), the handshake itself is refused with HTTP 403, before anything is allocated.
 *
 * `limit` 0 switches the limit off.
 */
export function limitConnectionsPerAddress(io: Server<any, any, any, any>, limit: number, log: FastifyBaseLogger): { count(ip: string): number } {
  const open = new Map<string, number>();
  const count = (ip: string) => open.get(ip) ?? 0;
  if (limit <= 0) return { count };
  const margin = Math.max(10, Math.ceil(limit / 10));
  const message = `Too many connections from this network (${limit} at once): close a few tabs or try again shortly.`;

  io.engine.on('connection', (conn: { remoteAddress: string; once(event: 'close', f: () => void): void }) => {
    const ip = conn.remoteAddress;
    open.set(ip, count(ip) + 1);
    conn.once('close', () => {
      const n = count(ip) - 1;
      if (n > 0) open.set(ip, n);
      else open.delete(ip);
    });
  });

  const previous = io.engine.opts.allowRequest;
  io.engine.opts.allowRequest = (req: IncomingMessage, fn: (err: string | null | undefined, ok: boolean) => void) => {
    if (count(req.socket.remoteAddress ?? '') >= limit + margin) return fn(message, false);
    if (previous) return previous(req, fn);
    fn(null, true);
  };

  let lastWarned = 0;
  io.use((socket, next) => {
    const ip = socket.conn.remoteAddress;
    if (count(ip) <= limit) return next();
    if (Date.now() - lastWarned > 10_000) {
      lastWarned = Date.now();
      log.warn({ limit }, 'connections refused: too many from one address (MAX_CONNECTIONS_PER_ADDRESS)');
    }
    const err = new Error(message) as Error & { data?: unknown };
    err.data = { code: TOO_MANY_CONNECTIONS };
    next(err);
    // socket.io sends the CONNECT_ERROR on the next tick; engine.io closes once it is flushed.
    setImmediate(() => socket.conn.close());
  });
  return { count };
}
