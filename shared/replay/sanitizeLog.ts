import type { GameEvent } from '../schemas/events';

/**
 * The log as it may leave the server: token hashes replaced (they identify devices), and, when the
 * session chose pseudonyms, names replaced by "Participant N" in join order. Folding the sanitized log
 * gives the same game; exports, imports and replays all use this form.
 */
export function sanitizeLog(events: readonly GameEvent[]): GameEvent[] {
  const created = events[0];
  const pseudonyms = created?.type === 'created' && created.config.naming === 'pseudonyms';
  let joined = 0;
  return events.map((e) => {
    if (e.type !== 'joined') return e;
    joined++;
    return { ...e, tokenHash: `redacted-${e.participantId}`, name: pseudonyms ? `Participant ${joined}` : e.name };
  });
}
