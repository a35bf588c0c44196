import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { parseDeck } from '../../shared/deck/loadDeck';
import type { DeckStore } from '../store/deckStore';
import { hashSecret, newSecret, secretMatches } from '../sessions/keys';
import { LIMITS } from '../transport/rateLimit';
import type { AbuseGuards } from '../security/abuseGuards';

/** The documented limits of the saved-deck API (docs/studio.md, docs/security.md). */
export const DECK_LIMITS = {
  /** Largest request body (a pretty-printed 60-card deck is about 300 KB). */
  bodyBytes: 512 * 1024,
  /**
   * Largest deck, as compact JSON: it must still fit in a `session:create` message (LIMITS.maxMessageBytes)
   * with the session's settings beside it, or it could be saved but never played.
   */
  deckBytes: LIMITS.maxMessageBytes - 8 * 1024,
  /** Decks created per address: 10 at once, then one a minute. */
  createsBurst: 10,
  createsPerSecond: 1 / 60,
  /** Saves and deletes per address: 60 at once, then one every two seconds. */
  writesBurst: 60,
  writesPerSecond: 0.5,
} as const;

/** A deck id: 96 random bits, URL-safe (16 characters). */
const ID = /^[A-Za-z0-9_-]{16}$/;

const err = (code: string, message: string, extra: object = {}) => ({ ok: false, code, message, ...extra });

/** The edit key travels in the Authorization header only: never in a URL, which would reach logs and history. */
function bearer(req: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/**
 * Saved decks: `POST /api/decks` (create: answers the id and the edit key, once), `GET`, `PUT` and `DELETE
 * /api/decks/:id` with `Authorization: Bearer <editKey>`. Reading needs the key too, so a draft stays private
 * to its author; playing a deck copies it into the session, so nobody else ever needs to read it.
 * Every deck is validated by parseDeck, the check `session:create` runs.
 */
export function registerDeckRoutes(app: FastifyInstance, store: DeckStore, guards: AbuseGuards): DeckStore {
  // Per address, on the budget every node shares (REDIS_URL).
  const creates = guards.limiter('deckCreates', DECK_LIMITS.createsBurst, DECK_LIMITS.createsPerSecond);
  const writes = guards.limiter('deckWrites', DECK_LIMITS.writesBurst, DECK_LIMITS.writesPerSecond);

  /** The deck as compact JSON and its parsed title, or the answer refusing it. */
  const validate = (body: unknown): { json: string; title: string } | { status: number; body: object } => {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return { status: 400, body: err('BAD_DECK', 'Send the deck as a JSON object (Content-Type: application/json).') };
    const json = JSON.stringify(body);
    if (Buffer.byteLength(json) > DECK_LIMITS.deckBytes)
      return { status: 413, body: err('DECK_TOO_LARGE', `The deck is ${Math.ceil(Buffer.byteLength(json) / 1024)} KB as JSON; at most ${Math.floor(DECK_LIMITS.deckBytes / 1024)} KB, so that it can be sent when a session is created.`) };
    const parsed = parseDeck(body);
    if (!parsed.ok) return { status: 400, body: err('BAD_DECK', `The deck has ${parsed.errors.length} problem${parsed.errors.length === 1 ? '' : 's'}: ${parsed.errors[0]}`, { errors: parsed.errors }) };
    return { json, title: parsed.deck.title };
  };

  /** The deck row when the id is well formed, the deck exists and the key is its edit key; else the answer. */
  const authorize = async (req: IdRequest, reply: FastifyReply) => {
    if (guards.guessingBlocked(req.ip)) {
      void reply.code(429).send(err('RATE_LIMITED', 'Too many wrong deck ids or keys from this network; wait a minute.'));
      return undefined;
    }
    if (!ID.test(req.params.id)) {
      void reply.code(400).send(err('BAD_ID', 'A deck id is 16 letters, digits, "-" or "_".'));
      return undefined;
    }
    const row = await store.get(req.params.id);
    if (!row) {
      guards.failed(req.ip);
      void reply.code(404).send(err('NO_SUCH_DECK', 'No saved deck with this id (it may have been deleted).'));
      return undefined;
    }
    const key = bearer(req);
    if (!key || !secretMatches(key, row.editKeyHash)) {
      guards.failed(req.ip);
      void reply.code(403).send(err('NOT_ALLOWED', 'Send the deck\u2019s edit key as "Authorization: Bearer <key>".'));
      return undefined;
    }
    return row;
  };

  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

  // The decks are in a database that may be out of reach (Postgres restarting, a full disk): that answer
  // is 503 STORAGE_FAILED (retryable, nothing changed), not a 500 INTERNAL.
  const guarded = <R extends FastifyRequest>(handler: (req: R, reply: FastifyReply) => Promise<unknown>) =>
    async (req: R, reply: FastifyReply) => {
      try {
        return await handler(req, reply);
      } catch (e) {
        req.log.error({ err: (e as Error).message }, 'saved decks: storage failed');
        return reply.code(503).send(err('STORAGE_FAILED', 'The saved decks cannot be reached right now; nothing was changed. Try again in a moment.'));
      }
    };

  app.post('/api/decks', { bodyLimit: DECK_LIMITS.bodyBytes }, guarded(async (req, reply) => {
    if (!(await creates.take(req.ip))) return reply.code(429).send(err('RATE_LIMITED', 'Too many decks created from this network; wait a few minutes.'));
    const v = validate(req.body);
    if ('status' in v) return reply.code(v.status).send(v.body);
    const id = randomBytes(12).toString('base64url');
    const editKey = newSecret();
    const now = Date.now();
    await store.create({ id, editKeyHash: hashSecret(editKey), title: v.title, body: v.json, createdAt: now, updatedAt: now });
    // The only time the edit key is ever sent: the server keeps its hash.
    return noStore(reply).code(201).send({ ok: true, id, editKey, title: v.title, createdAt: now, updatedAt: now });
  }));

  app.get<{ Params: { id: string } }>('/api/decks/:id', guarded(async (req: IdRequest, reply) => {
    const row = await authorize(req, reply);
    if (!row) return reply;
    return noStore(reply).send({ ok: true, id: row.id, title: row.title, deck: JSON.parse(row.body), createdAt: row.createdAt, updatedAt: row.updatedAt });
  }));

  app.put<{ Params: { id: string } }>('/api/decks/:id', { bodyLimit: DECK_LIMITS.bodyBytes }, guarded(async (req: IdRequest, reply) => {
    if (!(await writes.take(req.ip))) return reply.code(429).send(err('RATE_LIMITED', 'Too many saves from this network; wait a moment.'));
    const row = await authorize(req, reply);
    if (!row) return reply;
    const v = validate(req.body);
    if ('status' in v) return reply.code(v.status).send(v.body);
    const now = Math.max(Date.now(), row.updatedAt + 1);
    if (!(await store.update(row.id, v.title, v.json, now))) return reply.code(404).send(err('NO_SUCH_DECK', 'No saved deck with this id (it may have been deleted).'));
    return noStore(reply).send({ ok: true, id: row.id, title: v.title, updatedAt: now });
  }));

  app.delete<{ Params: { id: string } }>('/api/decks/:id', guarded(async (req: IdRequest, reply) => {
    if (!(await writes.take(req.ip))) return reply.code(429).send(err('RATE_LIMITED', 'Too many changes from this network; wait a moment.'));
    const row = await authorize(req, reply);
    if (!row) return reply;
    await store.remove(row.id);
    return noStore(reply).send({ ok: true, id: row.id });
  }));

  return store;
}
