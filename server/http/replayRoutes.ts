import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SessionRegistry } from '../sessions/registry';
import type { Session } from '../sessions/session';
import { DamagedSession } from '../sessions/loadState';
import { RefusedLogEvent } from '../../shared/engine/apply';
import { DamagedRow } from '../store/sqliteStore';
import { KeyedLimiter } from '../transport/rateLimit';
import { RoomCodeSchema } from '../../shared/protocol/roomCode';
import { decisionsCsv } from '../../shared/replay/decisionsCsv';
import type { GameEvent } from '../../shared/schemas/events';
import { ImportJob } from './importJob';
import { cohortSource } from '../sessions/cohortSource';
import { Gate, logJson, piecesStream, readLog, READS_AT_ONCE } from './logExport';

export { HIDDEN_STORY_TEXT } from './logExport';

/** The host key or a replay token travels in the Authorization header (never in a URL, which would reach logs). */
function bearer(req: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

const err = (code: string, message: string) => ({ ok: false, code, message });

/** A read-only link the facilitator did not share names with asks for per-person named data. */
const NOT_SHARED = err('NOT_SHARED', 'This replay link shows the debrief only: the facilitator did not share names or per-person exports with it.');

/**
 * Largest log accepted for import (was 32 MiB). The largest legitimate log — 12 rounds, 2,000 participants,
 * a 60-card deck, every round a story round, everyone voting three times, writing a 140-character story
 * and voting for a story twice — is 20.8 MB as exported (146,073 events; `npx tsx bench/importLog.ts`
 * measures it); a busy but ordinary one (one vote, one story, one story vote each) is 12.4 MB. 24 MiB
 * leaves 20 % headroom over the largest.
 */
export const IMPORT_BODY_LIMIT = 24 * 1024 * 1024;
/** Imports per address: 3 at once, then one every 2 minutes (on top of the shared create budget). */
export const IMPORT_LIMIT = { burst: 3, perSecond: 1 / 120 };
/** Imports being validated or written at once on the whole server; more get 503 and try again. */
export const IMPORTS_AT_ONCE = 1;

export function registerReplayRoutes(app: FastifyInstance, registry: SessionRegistry): void {
  const cohorts = cohortSource(registry);
  /** Resolves the session and who is asking: the facilitator (host key) or a replay viewer (replay token). */
  const authorize = async (req: FastifyRequest<{ Params: { code: string } }>): Promise<{ session: Session; role: 'host' | 'replay'; shareNamed: boolean } | { status: number; body: object }> => {
    const code = RoomCodeSchema.safeParse(req.params.code);
    if (!code.success) return { status: 400, body: err('BAD_CODE', 'A room code is 5 letters or digits.') };
    let session: Session | undefined;
    try {
      session = await registry.open(code.data);
    } catch (e) {
      if (e instanceof DamagedSession) return { status: 500, body: err('DAMAGED_SESSION', e.message) };
      throw e;
    }
    if (!session) return { status: 404, body: err('NO_SUCH_SESSION', `No session with code ${code.data}.`) };
    const key = bearer(req);
    if (key && registry.isHost(session, key)) return { session, role: 'host', shareNamed: true };
    if (key && registry.isReplayViewer(session, key)) return { session, role: 'replay', shareNamed: registry.replaySharesNamed(session) };
    return { status: 403, body: err('NOT_ALLOWED', 'Send the host key or a replay token as "Authorization: Bearer <key>".') };
  };

  /** Whole-log reads are built in chunks (no request holds the event loop) and at most READS_AT_ONCE at a time. */
  const reads = new Gate(READS_AT_ONCE);
  /** A stored log that no longer reads or folds is reported as what it is, not as a 500 with a stack. */
  const damaged = (e: unknown) =>
    e instanceof DamagedRow || e instanceof RefusedLogEvent ? err('DAMAGED_SESSION', `This session's log is damaged: ${e.message}`) : undefined;

  app.get<{ Params: { code: string }; Querystring: { after?: string } }>('/api/sessions/:code/log', async (req, reply) => {
    const auth = await authorize(req);
    if ('status' in auth) return reply.code(auth.status).send(auth.body);
    const download = !!req.headers.accept?.includes('application/octet-stream');
    if (download && !auth.shareNamed) return reply.code(403).send(NOT_SHARED);
    const after = Math.max(0, Math.floor(Number(req.query.after ?? 0)) || 0);
    let body: string[];
    try {
      body = await reads.run(() => logJson(registry, auth.session, auth.role, after, auth.shareNamed));
    } catch (e) {
      const d = damaged(e);
      if (d) return reply.code(500).send(d);
      throw e;
    }
    reply.header('cache-control', 'no-store').header('content-type', 'application/json; charset=utf-8');
    if (download) {
      reply.header('content-disposition', `attachment; filename="powerup-${auth.session.code}.json"`);
    }
    return reply.send(piecesStream(body));
  });

  app.get<{ Params: { code: string } }>('/api/sessions/:code/decisions.csv', async (req, reply) => {
    const auth = await authorize(req);
    if ('status' in auth) return reply.code(auth.status).send(auth.body);
    // A row per participant per round, with names: only the facilitator, or a link they chose to share it with.
    if (!auth.shareNamed) return reply.code(403).send(NOT_SHARED);
    let csv: string;
    try {
      csv = await reads.run(async () => {
        const events: GameEvent[] = [];
        const state = await readLog(registry, auth.session, { role: 'host', after: 0, fold: true }, (chunk) => {
          for (const e of chunk) events.push(e.event);
        });
        await new Promise((resolve) => setImmediate(resolve));
        return decisionsCsv(events, state!);
      });
    } catch (e) {
      const d = damaged(e);
      if (d) return reply.code(500).send(d);
      throw e;
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="powerup-${auth.session.code}-decisions.csv"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });

  /**
   * Imports an exported log as a new, read-only session; answers with its code and a new host key.
   * The body goes to a worker thread as it arrives (importJob.ts), which validates, folds and hashes it
   * (validateImport); the main thread only writes the rows, a transaction per turn (registry.importLog).
   * A log is imported only if every event applies and it folds to its state hash.
   */
  const perAddress = new KeyedLimiter(IMPORT_LIMIT.burst, IMPORT_LIMIT.perSecond);
  let importing = 0;
  app.register(async (scope) => {
    // The body never becomes one string on the main thread: each network chunk is passed to the import's
    // worker as it arrives (issue 13 item 2); the limit is checked as it grows.
    scope.addContentTypeParser('application/json', (req, payload, done) => {
      const declared = Number(req.headers['content-length']);
      let job: ImportJob | undefined;
      let bytes = 0;
      let failed = false;
      const tooLarge = () => {
        failed = true;
        job?.close();
        done(Object.assign(new Error(`A log import is at most ${IMPORT_BODY_LIMIT} bytes.`), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' }), undefined);
        payload.resume();
      };
      if (declared > IMPORT_BODY_LIMIT) return tooLarge();
      job = new ImportJob();
      payload.on('data', (chunk: Buffer) => {
        if (failed) return;
        bytes += chunk.length;
        if (bytes > IMPORT_BODY_LIMIT) return tooLarge();
        job!.write(chunk);
      });
      payload.on('end', () => {
        if (failed) return;
        job!.end();
        done(null, job);
      });
      payload.on('error', (e) => {
        if (!failed) {
          failed = true;
          job?.close();
          done(e, undefined);
        }
      });
    });
    scope.post<{ Body: ImportJob }>(
      '/api/sessions/import',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        // Before the body is read: a refused import costs the server nothing.
        onRequest: async (req, reply) => {
          if (!perAddress.take(req.ip)) {
            return reply.code(429).send(err('RATE_LIMITED', 'Too many imports from this network; wait a few minutes.'));
          }
          if (importing >= IMPORTS_AT_ONCE) {
            return reply.code(503).header('retry-after', '5').send(err('BUSY', 'Another import is being stored; try again in a few seconds.'));
          }
          importing++;
          let released = false;
          const release = () => {
            if (!released) {
              released = true;
              importing--;
            }
          };
          reply.raw.once('finish', release);
          reply.raw.once('close', release);
        },
      },
      async (req, reply) => {
        if (!(req.body instanceof ImportJob)) return reply.code(400).send(err('BAD_LOG', 'Send the log as JSON (content-type: application/json).'));
        const job = req.body;
        try {
          // Optional: a facilitator's host key (Bearer) gives the import that key, so it counts among the
          // facilitator's past cohorts (issue 12 item 4). Only a key that opens a stored session.
          const reuse = bearer(req);
          if (reuse && !(await cohorts.hostKeyKnown(reuse))) return reply.code(403).send(err('NOT_ALLOWED', 'That host key opens no session on this server; import without it.'));
          // Validated, folded and hashed in the import's worker thread; here only the rows are written.
          const checked = await job.result;
          if (!checked.ok) return reply.code(400).send(err(checked.code, checked.message));
          const { code, hostKey } = await registry.importLog(checked.events, checked.snapshot);
          if (reuse) await cohorts.adoptHostKey(code, reuse);
          return reply.code(201).send({ ok: true, code, hostKey: reuse ?? hostKey, stateHash: checked.stateHash });
        } finally {
          job.close();
        }
      },
    );
  });
}
