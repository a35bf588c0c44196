import type { FastifyInstance } from 'fastify';
import type { SessionRegistry } from '../sessions/registry';
import type { AbuseGuards } from '../security/abuseGuards';
import { RoomCodeSchema } from '../../shared/protocol/roomCode';

/**
 * GET /api/sessions/:code/welcome — what the join page shows before anyone joins: the workshop's title
 * (issue 15 item 18). The title is on the stage for the whole room already; nothing else is given. A wrong
 * code counts as a failed guess (the same budget as a wrong code at join), so it cannot be used to scan.
 */
export function registerWelcomeRoute(app: FastifyInstance, registry: SessionRegistry, guards: AbuseGuards): void {
  app.get<{ Params: { code: string } }>('/api/sessions/:code/welcome', async (req, reply) => {
    reply.header('cache-control', 'no-store');
    if (guards.guessingBlocked(req.ip)) return reply.code(429).send({ ok: false, code: 'RATE_LIMITED', message: 'Too many wrong codes from this network; wait a minute.' });
    const code = RoomCodeSchema.safeParse(req.params.code.trim().toUpperCase());
    if (!code.success) return reply.code(400).send({ ok: false, code: 'BAD_CODE', message: 'A room code is 5 letters or digits.' });
    const session = registry.get(code.data) ?? (await registry.open(code.data).catch(() => undefined));
    // The 404 counts as one failed guess in registerHttpGuards (as on every session route), not here again.
    if (!session) {
      return reply.code(404).send({ ok: false, code: 'NO_SUCH_SESSION', message: `No session with code ${code.data}.` });
    }
    return { ok: true, title: session.state.config.title };
  });
}
