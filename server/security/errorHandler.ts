import type { FastifyError, FastifyInstance } from 'fastify';

/** A 4xx status → the documented error code, when fastify (not a route) refused the request. */
const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  413: 'BODY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/**
 * Every error answer has the documented shape `{ ok: false, code, message }`, fastify's own included: a
 * body over the limit (413), an unsupported content type (415), JSON that does not parse (400). A 5xx
 * never carries the internal message (it is logged instead): it answers `INTERNAL`.
 * Registered before any route, so every route and plugin inherits it.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, req, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) {
      req.log.error({ err: error.message, code: error.code, url: req.url.split('?')[0] }, 'request failed');
      return reply.code(500).send({ ok: false, code: 'INTERNAL', message: 'Something went wrong on the server; nothing was changed.' });
    }
    let code = CODES[status] ?? 'BAD_REQUEST';
    let message = error.message;
    if (status === 413) message = `The request body is too large (at most ${req.routeOptions.bodyLimit ?? 'the limit of'} bytes).`;
    else if (status === 415) message = `Unsupported content type ${JSON.stringify(req.headers['content-type'] ?? '')}: send application/json.`;
    else if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError) {
      code = 'BAD_JSON';
      message = `The body is not valid JSON: ${error.message}`;
    }
    return reply.code(status).send({ ok: false, code, message });
  });
}
