import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { localNames } from '../lanUrls';

/**
 * Which origins may talk to this server: the allow-list (CORS_ORIGINS), and the server's own pages. A page
 * counts as the server's own when its Origin equals the Host it asked for **and** that Host is a name of
 * this server: an IP address, a name of this machine (localhost, its host name, its interfaces' addresses),
 * PUBLIC_URL's host, HOST, or a CORS_ORIGINS host. Comparing Origin with Host alone is not enough: after a
 * DNS rebinding, a page on `http://evil.example:3000` whose name now points at this machine sends
 * `Origin: http://evil.example:3000` and `Host: evil.example:3000`, which match.
 *
 * An IP-literal Host is always a name of this server: a rebinding page's origin is a DNS name by definition,
 * and a page whose origin is `http://<ip>:<port>` was served from that address and port, i.e. by us. That
 * keeps the server usable at an address it cannot list itself (in a container, behind port forwarding).
 */
export type OriginPolicy = { allowList: readonly string[]; knownNames: ReadonlySet<string> };

/** Lower-case host name of a Host header or URL host, without port or IPv6 brackets; undefined when unparsable. */
function hostnameOf(host: string): string | undefined {
  try {
    return new URL(`http://${host}`).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

export function originPolicy(opts: { allowList: readonly string[]; publicUrl?: string; host?: string; extraNames?: readonly string[] }): OriginPolicy {
  const names = new Set<string>(localNames());
  const add = (h: string | undefined) => {
    const n = h && hostnameOf(h);
    if (n) names.add(n);
  };
  for (const o of opts.allowList) {
    try {
      add(new URL(o).host);
    } catch {
      /* not a URL: it can still match an Origin verbatim */
    }
  }
  if (opts.publicUrl) add(new URL(opts.publicUrl).host);
  if (opts.host && opts.host !== '0.0.0.0' && opts.host !== '::') add(opts.host.includes(':') && !opts.host.startsWith('[') ? `[${opts.host}]` : opts.host);
  for (const n of opts.extraNames ?? []) add(n);
  return { allowList: opts.allowList, knownNames: names };
}

/** Is this Host header a name of this server (see above)? */
export function isOwnHost(host: string | undefined, policy: OriginPolicy): boolean {
  const name = host && hostnameOf(host);
  if (!name) return false;
  return isIP(name) !== 0 || policy.knownNames.has(name);
}

/**
 * Cross-origin access is closed by default: a page on another site may neither read the API nor open a
 * socket. Requests without an Origin header (curl, the bots, the tests) pass; same-origin requests pass when
 * the Host is one of this server's names; CORS_ORIGINS lists the other origins allowed.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, policy: OriginPolicy): boolean {
  if (!origin) return true;
  if (policy.allowList.includes(origin)) return true;
  try {
    return !!host && new URL(origin).host === host.toLowerCase() && isOwnHost(host, policy);
  } catch {
    return false;
  }
}

/**
 * socket.io: every engine.io request (the handshake, each long-polling GET and POST, the WebSocket upgrade)
 * is checked, not only the handshake: a long-polling handshake is a GET, which browsers send without Origin
 * on the same origin, but every message after it is a POST that carries one. WebSockets ignore CORS, so the
 * server checks Origin itself.
 */
export function socketOriginMiddleware(policy: OriginPolicy) {
  return (req: IncomingMessage, _res: unknown, next: (err?: Error) => void) => {
    if (originAllowed(req.headers.origin, req.headers.host, policy)) next();
    else next(new Error('origin not allowed'));
  };
}

/** Fastify: answers CORS for allow-listed origins only; any other cross-origin request is refused with 403. */
export function registerCors(app: FastifyInstance, policy: OriginPolicy): void {
  const { allowList } = policy;
  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    if (!origin) return;
    if (!originAllowed(origin, req.headers.host, policy)) {
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
