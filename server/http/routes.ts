import type { FastifyInstance } from 'fastify';
import type { SessionRegistry } from '../sessions/registry';
import { RoomCodeSchema } from '../../shared/protocol/roomCode';

/** The host key travels in the Authorization header (never in a URL, which would reach logs). */
function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
}

export function registerHttpRoutes(app: FastifyInstance, registry: SessionRegistry): void {
  app.get<{ Params: { code: string } }>('/api/sessions/:code/log', async (req, reply) => {
    const code = RoomCodeSchema.safeParse(req.params.code);
    if (!code.success) return reply.code(400).send({ ok: false, code: 'BAD_CODE', message: 'A room code is 5 letters or digits.' });
    const session = registry.get(code.data);
    const key = bearer(req.headers.authorization);
    if (!session || !key || !registry.isHost(session, key)) {
      return reply.code(session ? 403 : 404).send(session
        ? { ok: false, code: 'NOT_HOST', message: 'Send the host key as "Authorization: Bearer <key>".' }
        : { ok: false, code: 'NO_SUCH_SESSION', message: `No session with code ${code.data}.` });
    }
    const events = registry.store.events(session.code);
    return { ok: true, format: 'powerup-log', version: 1, code: session.code, events };
  });
}
