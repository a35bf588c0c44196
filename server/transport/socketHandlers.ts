import type { Server } from 'socket.io';
import type { FastifyBaseLogger } from 'fastify';
import type { ZodType } from 'zod';
import type { SessionRegistry } from '../sessions/registry';
import { ackError, type AckError } from '../../shared/protocol/ack';
import {
  CreateSessionSchema,
  HostAttachSchema,
  JoinSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../shared/protocol/events';

function parse<T>(schema: ZodType<T>, payload: unknown): { ok: true; data: T } | AckError {
  const r = schema.safeParse(payload);
  if (r.success) return { ok: true, data: r.data };
  const issue = r.error.issues[0];
  return ackError('BAD_PAYLOAD', `${issue.path.join('.') || 'payload'}: ${issue.message}`);
}

export function registerSocketHandlers(
  io: Server<ClientToServerEvents, ServerToClientEvents>,
  registry: SessionRegistry,
  log: FastifyBaseLogger,
): void {
  io.on('connection', (socket) => {
    const safeAck = <A extends (r: never) => void>(ack: unknown): A =>
      (typeof ack === 'function' ? ack : () => log.debug('event without ack')) as A;

    socket.on('session:create', (payload, ack) => {
      const reply = safeAck<typeof ack>(ack);
      const p = parse(CreateSessionSchema, payload ?? {});
      if (!p.ok) return reply(p);
      reply({ ok: true, ...registry.create(p.data.title ?? 'Power Up workshop') });
    });

    socket.on('host:attach', (payload, ack) => {
      const reply = safeAck<typeof ack>(ack);
      const p = parse(HostAttachSchema, payload);
      if (!p.ok) return reply(p);
      if (!registry.isHost(p.data.code, p.data.hostKey)) return reply(ackError('NOT_HOST', 'That host key does not open this session.'));
      void socket.join(`host:${p.data.code}`);
      reply({ ok: true, view: registry.lobbyView(p.data.code)! });
    });

    socket.on('participant:join', (payload, ack) => {
      const reply = safeAck<typeof ack>(ack);
      const p = parse(JoinSchema, payload);
      if (!p.ok) return reply(p);
      const joined = registry.join(p.data.code, p.data.name);
      if (!joined) return reply(ackError('NO_SUCH_SESSION', `No session with code ${p.data.code}.`));
      const view = registry.lobbyView(p.data.code)!;
      void socket.join(`all:${p.data.code}`);
      reply({ ok: true, ...joined, view });
      io.to(`host:${p.data.code}`).to(`all:${p.data.code}`).emit('view', { view });
    });
  });
}
