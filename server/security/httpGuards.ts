import type { FastifyInstance } from 'fastify';
import type { AbuseGuards } from './abuseGuards';

const SESSION_ROUTE = /^\/api\/sessions\/[^/]+\//;
const IMPORT_ROUTE = '/api/sessions/import';

/**
 * The HTTP side of the per-address limits: a refused session route (unknown code: 404, wrong key: 403)
 * counts as a failed guess, an address out of guesses gets 429 for every session route, and imports
 * draw on the same budget as creating a session.
 */
export function registerHttpGuards(app: FastifyInstance, guards: AbuseGuards): void {
  app.addHook('onRequest', async (req, reply) => {
    const url = req.url.split('?')[0];
    if (req.method === 'POST' && url === IMPORT_ROUTE) {
      if (!(await guards.creates.take(req.ip))) return reply.code(429).send({ ok: false, code: 'RATE_LIMITED', message: 'Too many imports from this network; wait a few minutes.' });
      return;
    }
    if (SESSION_ROUTE.test(url) && guards.guessingBlocked(req.ip)) {
      return reply.code(429).send({ ok: false, code: 'RATE_LIMITED', message: 'Too many wrong codes or keys from this network; wait a minute.' });
    }
  });
  app.addHook('onResponse', async (req, reply) => {
    const url = req.url.split('?')[0];
    if (SESSION_ROUTE.test(url) && (reply.statusCode === 403 || reply.statusCode === 404)) guards.failed(req.ip);
  });
}
