import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SessionRegistry } from '../sessions/registry';
import { cohortSource, type CohortSource } from '../sessions/cohortSource';
import { RoomCodeSchema } from '../../shared/protocol/roomCode';
import { aggregateCohorts, sessionDigest, type CohortView, type SessionDigest } from '../../shared/replay/cohorts';

/** At most this many of the facilitator's other sessions (the newest) are read for one cohort view. */
export const COHORT_SESSIONS_MAX = 50;
/** Digests of past sessions kept (an ended session's digest never changes), and cohort views kept. */
const DIGESTS_KEPT = 1000;
const VIEWS_KEPT = 200;

const err = (code: string, message: string) => ({ ok: false, code, message });
const bearer = (req: FastifyRequest) => /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A Map that forgets its oldest entry beyond `max`. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): V {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as K);
  return value;
}

export type CohortResponse = CohortView & { ok: true; /** The facilitator has more ended sessions than were read. */ capped: boolean };

/**
 * GET /api/sessions/:code/cohorts — past cohorts for the debrief (issue 12 item 4), for the facilitator
 * only (the host key as `Authorization: Bearer`; a replay token is refused). Counts the facilitator's
 * own other sessions: ended or imported, with this session's host key hash and deck id, the newest
 * COHORT_SESSIONS_MAX. The answer is anonymous: shares and counts, no code, title, date, name or story.
 * Past sessions' digests are cached (they never change once ended) and so is each session's view,
 * until the facilitator's list of sessions or this session's log moves on.
 */
export function registerCohortRoutes(app: FastifyInstance, registry: SessionRegistry, source: CohortSource = cohortSource(registry)): void {
  const digests = new Map<string, SessionDigest | null>();
  const views = new Map<string, { key: string; view: CohortResponse }>();

  const digestOf = async (code: string, lastSeq: number, deckId: string): Promise<SessionDigest | null> => {
    const id = `${code}:${lastSeq}`;
    const known = digests.get(id);
    if (known !== undefined) return known;
    let digest: SessionDigest | null = null;
    try {
      // The deck first (the `created` event only): a session of another deck costs no snapshot read.
      if ((await source.deckId(code)) === deckId) digest = sessionDigest(await source.state(code));
    } catch {
      digest = null; // a damaged session is left out, not a 500 for the whole view
    }
    return remember(digests, id, digest, DIGESTS_KEPT);
  };

  app.get<{ Params: { code: string } }>('/api/sessions/:code/cohorts', async (req, reply) => {
    const code = RoomCodeSchema.safeParse(req.params.code);
    if (!code.success) return reply.code(400).send(err('BAD_CODE', 'A room code is 5 letters or digits.'));
    let session;
    try {
      session = await registry.open(code.data);
    } catch {
      return reply.code(500).send(err('DAMAGED_SESSION', `Session ${code.data} cannot be read.`));
    }
    if (!session) return reply.code(404).send(err('NO_SUCH_SESSION', `No session with code ${code.data}.`));
    const key = bearer(req);
    if (!key || !registry.isHost(session, key)) {
      return reply.code(403).send(err('NOT_ALLOWED', 'Past cohorts are for the facilitator: send the host key as "Authorization: Bearer <key>".'));
    }
    const rows = (await source.hostSessions(session.hostKeyHash, COHORT_SESSIONS_MAX + 1)).filter((r) => r.code !== session.code);
    const capped = rows.length > COHORT_SESSIONS_MAX;
    const used = rows.slice(0, COHORT_SESSIONS_MAX);
    const cacheKey = `${session.hostKeyHash}|${session.seq}|${used.map((r) => `${r.code}:${r.lastSeq}`).join(',')}`;
    const cached = views.get(session.code);
    if (cached?.key === cacheKey) return reply.header('cache-control', 'no-store').send(cached.view);
    const deckId = session.state.deck.id;
    const past: SessionDigest[] = [];
    for (const r of used) {
      const d = await digestOf(r.code, r.lastSeq, deckId);
      if (d) past.push(d);
      await nextTurn();
    }
    const view: CohortResponse = { ok: true, capped, ...aggregateCohorts(session.state, past) };
    remember(views, session.code, { key: cacheKey, view }, VIEWS_KEPT);
    return reply.header('cache-control', 'no-store').send(view);
  });
}
