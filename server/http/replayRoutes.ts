import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SessionRegistry } from '../sessions/registry';
import type { Session } from '../sessions/session';
import { RoomCodeSchema } from '../../shared/protocol/roomCode';
import { sanitizeLog, sanitizeTail } from '../../shared/replay/sanitizeLog';
import { ExportedLogSchema, LOG_FORMAT_VERSION, type ExportedLog } from '../../shared/replay/logFormat';
import { decisionsCsv } from '../../shared/replay/decisionsCsv';
import { foldEvents } from '../../shared/engine/apply';
import { stateHash } from '../../shared/engine/hash';
import type { GameEvent } from '../../shared/schemas/events';

/** The host key or a replay token travels in the Authorization header (never in a URL, which would reach logs). */
function bearer(req: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

const err = (code: string, message: string) => ({ ok: false, code, message });

/** Largest log accepted for import (a 2,000-person, 6-round session is a few MB). */
export const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;

/** Read-only viewers never receive the words of a story the facilitator hid. */
export const HIDDEN_STORY_TEXT = '(hidden by the facilitator)';
function withoutHiddenStories(events: GameEvent[], session: Session): GameEvent[] {
  const hidden = new Set<string>();
  const { state } = session;
  for (const r of state.history) for (const s of r.stories) if (s.hidden) hidden.add(s.storyId);
  for (const s of Object.values(state.round?.stories ?? {})) if (s.hidden) hidden.add(s.storyId);
  if (hidden.size === 0) return events;
  return events.map((e) => (e.type === 'storySubmitted' && hidden.has(e.storyId) ? { ...e, text: HIDDEN_STORY_TEXT } : e));
}

export function registerReplayRoutes(app: FastifyInstance, registry: SessionRegistry): void {
  /** Resolves the session and who is asking: the facilitator (host key) or a replay viewer (replay token). */
  const authorize = (req: FastifyRequest<{ Params: { code: string } }>): { session: Session; role: 'host' | 'replay' } | { status: number; body: object } => {
    const code = RoomCodeSchema.safeParse(req.params.code);
    if (!code.success) return { status: 400, body: err('BAD_CODE', 'A room code is 5 letters or digits.') };
    const session = registry.get(code.data);
    if (!session) return { status: 404, body: err('NO_SUCH_SESSION', `No session with code ${code.data}.`) };
    const key = bearer(req);
    if (key && registry.isHost(session, key)) return { session, role: 'host' };
    if (key && registry.isReplayViewer(session, key)) return { session, role: 'replay' };
    return { status: 403, body: err('NOT_ALLOWED', 'Send the host key or a replay token as "Authorization: Bearer <key>".') };
  };

  /**
   * The whole log with its state hash, or, for `after > 0` (a replay polling a running session), only the
   * events after that seq: read from the store and sanitized without touching, or folding, the rest.
   */
  const exportLog = (session: Session, role: 'host' | 'replay', after = 0): ExportedLog => {
    const stored = registry.store.events(session.code, after);
    let events = after > 0
      ? sanitizeTail(stored.map((s) => s.event), { pseudonyms: session.state.config.naming === 'pseudonyms', joinsBefore: registry.store.joinsUpTo(session.code, after) })
      : sanitizeLog(stored.map((s) => s.event));
    if (role === 'replay') events = withoutHiddenStories(events, session);
    return {
      format: 'powerup-log',
      version: LOG_FORMAT_VERSION,
      code: session.code,
      ...(after > 0 ? {} : { stateHash: stateHash(foldEvents(events)) }),
      events: events.map((event, i) => ({ seq: stored[i].seq, event })),
    };
  };

  app.get<{ Params: { code: string }; Querystring: { after?: string } }>('/api/sessions/:code/log', async (req, reply) => {
    const auth = authorize(req);
    if ('status' in auth) return reply.code(auth.status).send(auth.body);
    const after = Math.max(0, Number(req.query.after ?? 0) || 0);
    reply.header('cache-control', 'no-store');
    if (req.headers.accept?.includes('application/octet-stream')) {
      reply.header('content-disposition', `attachment; filename="powerup-${auth.session.code}.json"`);
    }
    return { ok: true, role: auth.role, ...exportLog(auth.session, auth.role, after) };
  });

  app.get<{ Params: { code: string } }>('/api/sessions/:code/decisions.csv', async (req, reply) => {
    const auth = authorize(req);
    if ('status' in auth) return reply.code(auth.status).send(auth.body);
    const events = sanitizeLog(registry.store.events(auth.session.code).map((s) => s.event));
    const csv = decisionsCsv(events, foldEvents(events));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="powerup-${auth.session.code}-decisions.csv"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });

  /** Imports an exported log as a new session (finished or not, it is replayable); answers with its code and a new host key. */
  app.post('/api/sessions/import', { bodyLimit: IMPORT_BODY_LIMIT }, async (req, reply) => {
    const parsed = ExportedLogSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply.code(400).send(err('BAD_LOG', `${issue.path.join('.') || 'log'}: ${issue.message}`));
    }
    const events = parsed.data.events.map((e) => e.event);
    let hash: string;
    try {
      hash = stateHash(foldEvents(events));
    } catch (e) {
      return reply.code(400).send(err('BAD_LOG', `The log does not replay: ${(e as Error).message}`));
    }
    if (parsed.data.stateHash && parsed.data.stateHash !== hash) {
      return reply.code(400).send(err('HASH_MISMATCH', 'The log does not fold to the state hash it carries.'));
    }
    const { code, hostKey } = registry.importLog(events);
    return reply.code(201).send({ ok: true, code, hostKey, stateHash: hash });
  });
}
