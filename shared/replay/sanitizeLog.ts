import type { GameEvent } from '../schemas/events';

/**
 * The log as it may leave the server: token hashes replaced (they identify devices), and, when the
 * session chose pseudonyms, names replaced by "Participant N" in join order. Folding the sanitized log
 * gives the same game; exports, imports and replays all use this form.
 */
export function sanitizeLog(events: readonly GameEvent[]): GameEvent[] {
  const created = events[0];
  return sanitizeTail(events, { pseudonyms: created?.type === 'created' && created.config.naming === 'pseudonyms', joinsBefore: 0 });
}

/**
 * The same for a tail of the log (a replay following a running session): the caller says whether the
 * session uses pseudonyms and how many joins came before the tail, so the numbering continues.
 */
export function sanitizeTail(events: readonly GameEvent[], opts: { pseudonyms: boolean; joinsBefore: number }): GameEvent[] {
  const { pseudonyms } = opts;
  let joined = opts.joinsBefore;
  return events.map((e) => {
    if (e.type !== 'joined') return e;
    joined++;
    return { ...e, tokenHash: `redacted-${e.participantId}`, name: pseudonyms ? `Participant ${joined}` : e.name };
  });
}
