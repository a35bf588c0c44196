import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';

/**
 * Cross-origin access is closed by default: a page on another site may neither read the API nor open a
 * socket. Requests without an Origin header (curl, the bots, the tests) and same-origin requests pass;
 * CORS_ORIGINS lists the other origins allowed (e.g. a separately hosted client).
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowList: readonly string[]): boolean {
  if (!origin) return true;
  if (allowList.includes(origin)) return true;
  try {
    return !!host && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** socket.io's `allowRequest`: a browser on another origin cannot open a socket (WebSockets ignore CORS). */
export function socketOriginCheck(allowList: readonly string[]) {
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
    const ok = originAllowed(req.headers.origin, req.headers.host, allowList);
    callback(ok ? null : 'origin not allowed', ok);
  };
}

/** Fastify: answers CORS for allow-listed origins only; any other cross-origin request is refused with 403. */
export function registerCors(app: FastifyInstance, allowList: readonly string[]): void {
  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    if (!origin) return;
    if (!originAllowed(origin, req.headers.host, allowList)) {
      return reply.code(403).send({ ok: false, code: 'ORIGIN_NOT_ALLOWED', message: 'Cross-origin requests are not allowed.' });
    }
    if (!allowList.includes(origin)) return; // same origin: no CORS headers needed
    reply.header('access-control-allow-origin', origin);
    reply.header('vary', 'Origin');
    if (req.method === 'OPTIONS') {
      return reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST')
        .header('access-control-allow-headers', 'authorization, content-type')
        .header('access-control-max-age', '600')
        .send();
    }
  });
}
