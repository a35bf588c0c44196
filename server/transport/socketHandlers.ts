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
import type { ClusterRegistry } from '../cluster/clusterRegistry';
import type { Forwarder, ForwardRequest, ForwardResponse, ForwardEffects } from '../cluster/forwarder';
import type { SessionElsewhere } from '../sessions/registry';
import { rooms } from './broadcaster';

/** Several nodes (REDIS_URL): the cluster registry and the forwarder to other nodes. */
export type ClusterEdge = { registry: ClusterRegistry; forwarder: Forwarder };

type IO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type S = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * The socket edge: per connection, the rate limit and the refusal of unknown events (middleware), then
 * each event of the command table (commandTable.ts) through its one error boundary, and presence on
 * disconnect. What a command does is in the table, not here.
 */
export function registerSocketHandlers(io: IO, registry: SessionRegistry, log: FastifyBaseLogger, guards: AbuseGuards, cluster?: ClusterEdge): Broadcaster {
  const broadcaster = new Broadcaster(io, registry, { clustered: !!cluster });
  registry.listener = broadcaster;
  const { limits } = guards;
  const now = () => registry.clock.now();
  const deps: CommandDeps = { registry, broadcaster, guards, cohorts: cohortSource(registry), log };
  const moved = () => ackError(ERROR_CODES.SESSION_MOVED, 'This session is moving between servers; try again in a moment.');

  if (cluster) {
    // The owner's side of a forward: the command runs here against a stand-in for the remote socket,
    // whose role and rooms are sent back to be applied where the socket is.
    cluster.forwarder.handlers = {
      request: (req: ForwardRequest) =>
        new Promise<ForwardResponse>((resolve) => {
          if (!KNOWN_EVENTS.has(req.event)) return resolve({ ack: ackError(ERROR_CODES.UNKNOWN_EVENT, 'Unknown event.'), effects: {} });
          const effects: ForwardEffects = {};
          const remote: Conn = {
            ip: req.ip,
            get data() {
              return effects.data ?? req.data;
            },
            attach(data, roomNames) {
              effects.data = data;
              effects.rooms = [...(effects.rooms ?? []), ...roomNames];
            },
            joining: false,
            afterAck: (f) => f(),
          };
          runCommand(req.event as EventName, remote, req.payload, deps, (ack) => resolve({ ack, effects }));
        }),
      left: (code: string, participantId: string) => {
        const session = registry.get(code);
        if (!session) return;
        session.presence.disconnect(participantId, now());
        broadcaster.presenceChanged(session);
      },
    };
    // A session taken over from a dead node: who is still connected (on any node) is connected.
    cluster.registry.onAdopted = (session) => {
      const count = (tries: number) =>
        io.in(rooms.all(session.code)).fetchSockets().then(
          (sockets) => {
            for (const s of sockets) if (s.data.role === 'participant' && s.data.code === session.code) session.presence.connect(s.data.participantId);
            broadcaster.presenceChanged(session);
          },
          () => {
            if (tries > 0) setTimeout(() => void count(tries - 1), 2000).unref();
          },
        );
      void count(3);
    };
  }

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

    /** The session is owned by another node: the command runs there; its answer comes back here. */
    const forward = (event: EventName, payload: unknown, err: SessionElsewhere, reply: (r: unknown) => void) => {
      if (!cluster || !err.node) return reply(moved());
      const joining = event === 'participant:join';
      if (joining) conn.joining = true;
      cluster.forwarder.request(err.node, event, payload, socket.data, ip).then(
        ({ ack, effects }) => {
          if (joining) conn.joining = false;
          if (effects.data) conn.attach(effects.data, effects.rooms ?? []);
          const a = ack as { ok?: boolean; code?: string };
          if (a?.ok === false && a.code === ERROR_CODES.SESSION_MOVED) cluster.registry.forgetOwner(err.code);
          reply(ack);
        },
        () => {
          if (joining) conn.joining = false;
          cluster.registry.forgetOwner(err.code);
          reply(moved());
        },
      );
    };

    // Every event of the table: the ack is the last argument when it is a function (a payload may be
    // missing or followed by junk), a missing ack is tolerated.
    for (const event of Object.keys(COMMANDS) as EventName[]) {
      socket.on(event, ((...args: unknown[]) => {
        const ack = args[args.length - 1];
        const hasAck = typeof ack === 'function';
        const payload = hasAck && args.length === 1 ? undefined : args[0];
        const reply = hasAck ? (ack as (r: unknown) => void) : () => {};
        runCommand(event, conn, payload, deps, reply, cluster ? (err) => forward(event, payload, err, reply) : undefined);
      }) as never);
    }

    socket.on('disconnect', () => {
      const d = socket.data;
      if (d.role !== 'participant') return;
      const session = registry.get(d.code);
      if (session) {
        session.presence.disconnect(d.participantId, now());
        broadcaster.presenceChanged(session);
        return;
      }
      // Several nodes: the owner keeps the presence.
      if (cluster) {
        void cluster.registry.ownerElsewhere(d.code).then(
          (node) => node && cluster.forwarder.left(node, d.code, d.participantId),
          () => {},
        );
      }
    });
  });
  return broadcaster;
}
