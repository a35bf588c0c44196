import { Readable } from 'node:stream';
import type { SessionRegistry } from '../sessions/registry';
import type { Session } from '../sessions/session';
import { sanitizeTail } from '../../shared/replay/sanitizeLog';
import { LOG_FORMAT_VERSION } from '../../shared/replay/logFormat';
import { applyLoggedEvent, initialState } from '../../shared/engine/apply';
import { stateHashInSteps } from '../../shared/replay/hashInSteps';
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

export type ReadOptions = { role: 'host' | 'replay'; after: number; fold: boolean };

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
  const pseudonyms = session.state.config.naming === 'pseudonyms';
  const hidden = opts.role === 'replay' ? hiddenStories(session) : new Set<string>();
  let joins = opts.after > 0 ? registry.store.joinsUpTo(session.code, opts.after) : 0;
  let state: GameState | undefined;
  let cursor = opts.after;
  for (;;) {
    const page = registry.store.eventsPage(session.code, cursor, READ_CHUNK);
    if (page.length === 0) break;
    let events = sanitizeTail(page.map((s) => s.event), { pseudonyms, joinsBefore: joins });
    for (const e of events) if (e.type === 'joined') joins++;
    if (hidden.size) events = events.map((e) => (e.type === 'storySubmitted' && hidden.has(e.storyId) ? { ...e, text: HIDDEN_STORY_TEXT } : e));
    if (opts.fold) {
      events.forEach((event, i) => {
        const seq = page[i].seq;
        if (seq === 1) state = initialState(event as CreatedEvent);
        else applyLoggedEvent(state!, event, seq);
      });
    }
    onChunk(events.map((event, i) => ({ seq: page[i].seq, event })));
    cursor = page[page.length - 1].seq;
    if (page.length < READ_CHUNK) break;
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
export async function logJson(registry: SessionRegistry, session: Session, role: 'host' | 'replay', after: number): Promise<string[]> {
  const events: string[] = [];
  const state = await readLog(registry, session, { role, after, fold: after === 0 }, (chunk) => {
    for (const e of chunk) events.push(JSON.stringify(e));
  });
  const hash = state ? await stateHashInSteps(state) : undefined;
  const head = { ok: true, role, format: 'powerup-log', version: LOG_FORMAT_VERSION, code: session.code, ...(hash ? { stateHash: hash } : {}) };
  const pieces = [`${JSON.stringify(head).slice(0, -1)},"events":[`];
  for (let i = 0; i < events.length; i += READ_CHUNK) pieces.push((i > 0 ? ',' : '') + events.slice(i, i + READ_CHUNK).join(','));
  pieces.push(']}');
  return pieces;
}

/** A readable stream of the pieces, one per read (so a big answer is encoded and written a piece at a time). */
export function piecesStream(pieces: string[]): Readable {
  return Readable.from(pieces, { objectMode: false });
}
