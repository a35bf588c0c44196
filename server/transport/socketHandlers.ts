import type { Server, Socket } from 'socket.io';
import type { FastifyBaseLogger } from 'fastify';
import type { SessionRegistry } from '../sessions/registry';
import { ackError, type AckError } from '../../shared/protocol/ack';
import { ERROR_CODES, type ClientToServerEvents, type ServerToClientEvents, type SocketData } from '../../shared/protocol/events';
import { TokenBucket } from './rateLimit';
import type { AbuseGuards } from '../security/abuseGuards';
import { Broadcaster } from './broadcaster';
import { cohortSource } from '../sessions/cohortSource';
import { COMMANDS, KNOWN_EVENTS, runCommand, type CommandDeps, type Conn, type EventName } from './commandTable';

type IO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type S = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * The socket edge: per connection, the rate limit and the refusal of unknown events (middleware), then
 * each event of the command table (commandTable.ts) through its one error boundary, and presence on
 * disconnect. What a command does is in the table, not here.
 */
export function registerSocketHandlers(io: IO, registry: SessionRegistry, log: FastifyBaseLogger, guards: AbuseGuards): Broadcaster {
  const broadcaster = new Broadcaster(io, registry);
  registry.listener = broadcaster;
  const { limits } = guards;
  const now = () => registry.clock.now();
  const deps: CommandDeps = { registry, broadcaster, guards, cohorts: cohortSource(registry), log };

  io.on('connection', (socket: S) => {
    const ip = socket.handshake.address;
    const bucket = new TokenBucket(limits.socketBurst, limits.socketPerSecond);
    let drops = 0;
    let unknown = 0;
    socket.data = { role: 'none' };

    // What each message weighs on the wire: engine.io hands over the raw packet (its text or binary
    // attachments) just before socket.io decodes it and runs the middleware below, synchronously.
    let bytesOnWire = 0;
    socket.conn.on('packet', (packet) => {
      if (packet.type !== 'message') return;
      const d = packet.data;
      bytesOnWire += typeof d === 'string' ? d.length : (d as { byteLength?: number } | undefined)?.byteLength ?? 0;
    });

    /** Refused messages count against the socket, by cost: one that keeps pushing is disconnected. */
    const refuse = (cost: number) => {
      drops += cost;
      if (drops >= limits.socketDropsBeforeDisconnect) {
        log.info({ ip }, 'socket disconnected: too many refused messages');
        socket.disconnect(true);
      }
    };

    // Every inbound message passes here first, known or not: the rate limit (by size), then unknown
    // events are logged and refused.
    socket.use(([event, ...args], next) => {
      const ack = args[args.length - 1];
      const reply = (r: AckError) => {
        if (typeof ack === 'function') ack(r);
      };
      const cost = Math.min(limits.socketBurst, 1 + Math.floor(bytesOnWire / limits.socketBytesPerToken));
      bytesOnWire = 0;
      const known = typeof event === 'string' && KNOWN_EVENTS.has(event);
      if (!known && ++unknown >= limits.unknownEventsBeforeDisconnect) {
        log.info({ ip }, 'socket disconnected: unknown events');
        socket.disconnect(true);
        return;
      }
      if (!bucket.take(Date.now(), cost)) {
        refuse(cost);
        return reply(ackError(ERROR_CODES.RATE_LIMITED, 'Too many messages: slow down a little.'));
      }
      if (!known) {
        // Only protocol-shaped names are logged: an event name is client text and could carry a secret.
        const name = typeof event === 'string' && /^[a-z]+:[a-zA-Z]{1,30}$/.test(event) ? event : '(not shown)';
        log.debug({ event: name }, 'unknown socket event ignored');
        return reply(ackError(ERROR_CODES.UNKNOWN_EVENT, `Unknown event "${String(event).slice(0, 40)}".`));
      }
      next();
    });

    const conn: Conn = {
      ip,
      get data() {
        return socket.data;
      },
      attach(data, roomNames) {
        socket.data = data;
        void socket.join(roomNames);
      },
      joining: false,
      afterAck: (f) => f(),
    };

    // Every event of the table: the ack is the last argument when it is a function (a payload may be
    // missing or followed by junk), a missing ack is tolerated.
    for (const event of Object.keys(COMMANDS) as EventName[]) {
      socket.on(event, ((...args: unknown[]) => {
        const ack = args[args.length - 1];
        const hasAck = typeof ack === 'function';
        const payload = hasAck && args.length === 1 ? undefined : args[0];
        runCommand(event, conn, payload, deps, hasAck ? (ack as (r: unknown) => void) : () => {});
      }) as never);
    }

    socket.on('disconnect', () => {
      const d = socket.data;
      if (d.role !== 'participant') return;
      const session = registry.get(d.code);
      if (!session) return;
      session.presence.disconnect(d.participantId, now());
      broadcaster.presenceChanged(session);
    });
  });
  return broadcaster;
}
