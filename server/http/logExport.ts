import { Readable } from 'node:stream';
import type { SessionRegistry } from '../sessions/registry';
import type { Session } from '../sessions/session';
import { sanitizeTail } from '../../shared/replay/sanitizeLog';
import { LOG_FORMAT_VERSION } from '../../shared/replay/logFormat';
import { applyLoggedEvent, initialState } from '../../shared/engine/apply';
import { stateHashInSteps } from '../../shared/replay/hashInSteps';
import { redactCreatedForReplay } from '../../shared/replay/replayRedaction';
import type { CreatedEvent, GameEvent } from '../../shared/schemas/events';
import type { GameState } from '../../shared/schemas/state';

/** Events read, sanitized, folded and serialized per turn of the event loop. */
export const READ_CHUNK = 500;
/** Whole-log reads (exports, CSV) running at once; more wait their turn, so memory stays bounded. */
export const READS_AT_ONCE = 2;

/** Read-only viewers never receive the words of a story the facilitator hid. */
export const HIDDEN_STORY_TEXT = '(hidden by the facilitator)';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A counting semaphore: at most `n` holders, the others queue in order. */
export class Gate {
  private queue: (() => void)[] = [];
  private active = 0;
  constructor(private n: number) {}
  async run<T>(body: () => Promise<T>): Promise<T> {
    if (this.active >= this.n) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active++;
    try {
      return await body();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}

function hiddenStories(session: Session): Set<string> {
  const hidden = new Set<string>();
  const { state } = session;
  for (const r of state.history) for (const s of r.stories) if (s.hidden) hidden.add(s.storyId);
  for (const s of Object.values(state.round?.stories ?? {})) if (s.hidden) hidden.add(s.storyId);
  return hidden;
}

/** Phases in which a round is being played and not yet resolved. */
const IN_ROUND = new Set<GameState['phase']>(['card', 'deciding', 'stories', 'storyVote', 'huddle']);

/**
 * What a read-only replay link gets of a session (issue 13 item 7): only what the room has seen revealed.
 * `upTo`: the last seq served (a running session's round in progress — its votes, pitches and story votes —
 * is held back until it resolves); `created`: the first event with the seed removed and unplayed cards
 * redacted (see redactCreatedForReplay); `note`: what is held back, in words, for the page.
 */
export type ReplayPlan = { upTo: number; created: (e: CreatedEvent) => CreatedEvent; note?: string };

const roundStartCache = new WeakMap<Session, { first?: number; last?: { index: number; seq: number } }>();

/** seq of the session's first `roundStarted` at or before `upTo`, or 0 (read forwards, cached once found). */
async function firstRoundStart(registry: SessionRegistry, session: Session, upTo: number): Promise<number> {
  const cache = roundStartCache.get(session) ?? {};
  roundStartCache.set(session, cache);
  if (cache.first !== undefined) return cache.first <= upTo ? cache.first : 0;
  for (let cursor = 0; cursor < upTo; ) {
    const page = await registry.store.eventsPage(session.code, cursor, Math.min(READ_CHUNK, upTo - cursor));
    if (page.length === 0) break;
    const hit = page.find((e) => e.event.type === 'roundStarted');
    if (hit) return (cache.first = hit.seq);
    cursor = page[page.length - 1].seq;
    await nextTurn();
  }
  return 0;
}

/** seq of the `roundStarted` of the round being played (read backwards from `upTo`, cached per round). */
async function currentRoundStart(registry: SessionRegistry, session: Session, upTo: number, index: number): Promise<number> {
  const cache = roundStartCache.get(session) ?? {};
  roundStartCache.set(session, cache);
  if (cache.last?.index === index && cache.last.seq <= upTo) return cache.last.seq;
  for (let hi = upTo; hi > 0; ) {
    const from = Math.max(0, hi - READ_CHUNK);
    const page = await registry.store.eventsPage(session.code, from, hi - from);
    for (let i = page.length - 1; i >= 0; i--) {
      if (page[i].event.type === 'roundStarted') {
        cache.last = { index, seq: page[i].seq };
        return page[i].seq;
      }
    }
    hi = from;
    await nextTurn();
  }
  return 1;
}

/**
 * How a replay link sees the session now. Rules v2 draws no random numbers: the log is served up to the
 * last resolved round, without the seed. Rules v1 draws every hazard from the seed, which would tell the
 * future, so while a v1 session runs only its lobby is served (no seed, the dealt order in the config);
 * once it has ended, the whole log with its seed (nothing is left to draw).
 */
export async function replayPlan(registry: SessionRegistry, session: Session): Promise<ReplayPlan> {
  const { state } = session;
  const at = session.seq;
  const v2 = state.rules === 2;
  const ended = state.phase === 'ended';
  let upTo = at;
  let played = state.history.length;
  let note: string | undefined;
  if (!v2 && !ended) {
    played = 0;
    const first = await firstRoundStart(registry, session, at);
    if (first > 0) {
      upTo = first - 1;
      note = 'This session plays by rules v1, whose hazards are drawn at random: its rounds appear in this replay when the session ends.';
    }
  } else if (!ended && IN_ROUND.has(state.phase) && state.round) {
    upTo = (await currentRoundStart(registry, session, at, state.round.index)) - 1;
    note = 'The round being played appears here once it is revealed.';
  } else if (ended && state.round === null && (state.history.length > 0 || (await firstRoundStart(registry, session, at)) > 0)) {
    played += 1; // a round the end dropped unresolved: its card was on the stage
  }
  const cardOrder = state.cardOrder;
  const keepSeed = !v2 && ended;
  return { upTo, note, created: (e) => redactCreatedForReplay(e, { cardOrder, playedCount: played, keepSeed }) };
}

/** `pseudonymize`: names become "Participant N" even in a named session (a read-only link that shares no names). */
export type ReadOptions = { role: 'host' | 'replay'; after: number; fold: boolean; plan?: ReplayPlan; pseudonymize?: boolean };

/**
 * Reads a session's log as it may leave the server (sanitized; hidden stories redacted for replay
 * viewers), READ_CHUNK events per turn of the event loop, folding it with the one fold policy when the
 * caller needs the state (the whole log's hash, the CSV). `onChunk` gets each chunk in order.
 */
export async function readLog(
  registry: SessionRegistry,
  session: Session,
  opts: ReadOptions,
  onChunk: (events: { seq: number; event: GameEvent }[]) => void,
): Promise<GameState | undefined> {
  const pseudonyms = session.state.config.naming === 'pseudonyms' || opts.pseudonymize === true;
  const hidden = opts.role === 'replay' ? hiddenStories(session) : new Set<string>();
  let joins = opts.after > 0 ? await registry.store.joinsUpTo(session.code, opts.after) : 0;
  let state: GameState | undefined;
  let cursor = opts.after;
  const upTo = opts.plan?.upTo ?? Infinity;
  for (;;) {
    const limit = Math.min(READ_CHUNK, upTo - cursor);
    if (limit <= 0) break;
    const page = await registry.store.eventsPage(session.code, cursor, limit);
    if (page.length === 0) break;
    let events = sanitizeTail(page.map((s) => s.event), { pseudonyms, joinsBefore: joins });
    for (const e of events) if (e.type === 'joined') joins++;
    if (hidden.size) events = events.map((e) => (e.type === 'storySubmitted' && hidden.has(e.storyId) ? { ...e, text: HIDDEN_STORY_TEXT } : e));
    if (opts.plan && page[0].seq === 1) events[0] = opts.plan.created(events[0] as CreatedEvent);
    if (opts.fold) {
      events.forEach((event, i) => {
        const seq = page[i].seq;
        if (seq === 1) state = initialState(event as CreatedEvent);
        else applyLoggedEvent(state!, event, seq);
      });
    }
    onChunk(events.map((event, i) => ({ seq: page[i].seq, event })));
    cursor = page[page.length - 1].seq;
    if (page.length < limit) break;
    await nextTurn();
  }
  return state;
}

/**
 * The log answer (`{ ok, role, format, version, code, stateHash?, events }`) as pieces of JSON text, built
 * in chunks: the whole log with its state hash, or for `after > 0` (a replay polling a running session)
 * only the events after that seq, without a hash. Everything is read and checked before the first byte
 * is sent; the caller streams the pieces (one 20 MB string would be encoded in one go).
 */
export async function logJson(registry: SessionRegistry, session: Session, role: 'host' | 'replay', after: number, shareNamed = role === 'host'): Promise<string[]> {
  const events: string[] = [];
  // A replay link sees only what has been revealed; the facilitator's export is the whole log.
  const plan = role === 'replay' ? await replayPlan(registry, session) : undefined;
  const state = await readLog(registry, session, { role, after, fold: after === 0, plan, pseudonymize: !shareNamed }, (chunk) => {
    for (const e of chunk) events.push(JSON.stringify(e));
  });
  const hash = state ? await stateHashInSteps(state) : undefined;
  const head = {
    ok: true, role, format: 'powerup-log', version: LOG_FORMAT_VERSION, code: session.code,
    // A read-only link says whether it shares names and the per-person exports (the page shows them only then).
    ...(role === 'replay' ? { shareNamed } : {}),
    ...(hash ? { stateHash: hash } : {}),
    ...(plan?.note ? { note: plan.note } : {}),
  };
  const pieces = [`${JSON.stringify(head).slice(0, -1)},"events":[`];
  for (let i = 0; i < events.length; i += READ_CHUNK) pieces.push((i > 0 ? ',' : '') + events.slice(i, i + READ_CHUNK).join(','));
  pieces.push(']}');
  return pieces;
}

/** A readable stream of the pieces, one per read (so a big answer is encoded and written a piece at a time). */
export function piecesStream(pieces: string[]): Readable {
  return Readable.from(pieces, { objectMode: false });
}
