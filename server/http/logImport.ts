import { JsonScanner, JsonScanError } from './jsonScan';
import { LoggedEventSchema, LogHeaderSchema } from '../../shared/replay/logFormat';
import { applyLoggedEvent, initialState, RefusedLogEvent } from '../../shared/engine/apply';
import { stateHashInSteps } from '../../shared/replay/hashInSteps';
import type { CreatedEvent, GameEvent } from '../../shared/schemas/events';
import type { GameState } from '../../shared/schemas/state';

/** Work per turn of the event loop while an import is validated: then other requests and votes get a turn. */
export const SLICE_MS = 10;

/** Top-level fields an importer accepts: the export's own, and `ok`/`role` of a downloaded GET answer. */
const KNOWN_FIELDS = new Set(['format', 'version', 'code', 'stateHash', 'events', 'ok', 'role', 'note']);

export type ValidatedLog = { ok: true; events: GameEvent[]; state: GameState; stateHash: string };
export type RefusedLog = { ok: false; code: 'BAD_LOG' | 'REFUSED_EVENT' | 'HASH_MISMATCH'; message: string };

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const refuse = (code: RefusedLog['code'], message: string): RefusedLog => ({ ok: false, code, message });

/**
 * Validates an exported log's text as an import, without ever holding the event loop for the whole of
 * it: the text is taken apart with a scanner, and each event is parsed, checked against the schema and
 * folded with the one fold policy (every event must apply), SLICE_MS of work per turn. Refuses
 * with the first bad event; the state hash is required and must match the fold.
 */
export async function validateImport(text: string): Promise<ValidatedLog | RefusedLog> {
  const scan = new JsonScanner(text);
  const header: Record<string, unknown> = {};
  let events: GameEvent[] | undefined;
  let state: GameState | undefined;
  try {
    scan.expect('{');
    if (!scan.take('}')) {
      do {
        const key = scan.key();
        if (!KNOWN_FIELDS.has(key)) return refuse('BAD_LOG', `log: unknown field "${key}"`);
        if (key !== 'events') {
          header[key] = JSON.parse(scan.value());
          continue;
        }
        if (events) return refuse('BAD_LOG', 'log: "events" appears twice');
        events = [];
        scan.expect('[');
        if (scan.take(']')) return refuse('BAD_LOG', 'events: the log has no events');
        let sliceStart = performance.now();
        do {
          const i = events.length;
          if (i % 64 === 0 && performance.now() - sliceStart > SLICE_MS) {
            await nextTurn();
            sliceStart = performance.now();
          }
          const parsed = LoggedEventSchema.safeParse(JSON.parse(scan.value()));
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            return refuse('BAD_LOG', `events.${i}.${issue.path.join('.')}: ${issue.message}`);
          }
          const { seq, event } = parsed.data;
          if (seq !== i + 1) return refuse('BAD_LOG', `events.${i}.seq: expected seq ${i + 1}, got ${seq}`);
          if (i === 0) {
            if (event.type !== 'created') return refuse('BAD_LOG', 'events.0: the first event must be "created"');
            state = initialState(event as CreatedEvent);
          } else applyLoggedEvent(state!, event, seq);
          events.push(event);
        } while (scan.take(','));
        scan.expect(']');
      } while (scan.take(','));
      scan.expect('}');
    }
    scan.end();
  } catch (err) {
    if (err instanceof RefusedLogEvent) {
      return refuse('REFUSED_EVENT', `The log does not replay: ${err.message}. Only logs whose every event applies are imported.`);
    }
    if (err instanceof JsonScanError || err instanceof SyntaxError) return refuse('BAD_LOG', `The log is not valid JSON: ${err.message}`);
    throw err;
  }
  const h = LogHeaderSchema.safeParse(header);
  if (!h.success) {
    const issue = h.error.issues[0];
    return refuse('BAD_LOG', `${issue.path.join('.') || 'log'}: ${issue.message}`);
  }
  if (!events || !state) return refuse('BAD_LOG', 'events: the log has no events');
  const hash = await stateHashInSteps(state);
  if (h.data.stateHash !== hash) return refuse('HASH_MISMATCH', 'The log does not fold to the state hash it carries.');
  return { ok: true, events, state, stateHash: hash };
}
