import { z } from 'zod';
import { GameEventSchema } from '../schemas/events';

/** Bumped when the export format changes; importers refuse versions they do not know. */
export const LOG_FORMAT_VERSION = 1;

export const LoggedEventSchema = z.object({ seq: z.number().int().min(1), event: GameEventSchema });
export type LoggedEvent = z.infer<typeof LoggedEventSchema>;

/** The state hash: what the log folds to. A whole log always carries it; only a tail (`?after=N`) does not. */
export const StateHashSchema = z.string().regex(/^[0-9a-f]{1,32}$/, 'expected the state hash of an exported log');

const header = {
  format: z.literal('powerup-log'),
  version: z.literal(LOG_FORMAT_VERSION),
  code: z.string().max(64),
};

/** Everything of an importable log but its events: an importer reads the events one by one. */
export const LogHeaderSchema = z.object({ ...header, stateHash: StateHashSchema });

const seqsInOrder = (log: { events: LoggedEvent[] }, ctx: z.RefinementCtx) => {
  // zod runs this even when `.min(1)` failed: an empty log is a BAD_LOG, not a TypeError (a 500).
  if (log.events.length > 0 && log.events[0].event.type !== 'created') ctx.addIssue({ code: 'custom', path: ['events', 0], message: 'the first event must be "created"' });
  log.events.forEach((e, i) => {
    if (e.seq !== i + 1) ctx.addIssue({ code: 'custom', path: ['events', i, 'seq'], message: `expected seq ${i + 1}, got ${e.seq}` });
  });
};

/** A session's log as the server sends it: the whole log with its state hash, or a tail without one. */
export const ExportedLogSchema = z
  .object({ ...header, stateHash: StateHashSchema.optional(), events: z.array(LoggedEventSchema).min(1) })
  .superRefine(seqsInOrder);
export type ExportedLog = z.infer<typeof ExportedLogSchema>;

/**
 * What an import accepts: a whole log, **with** its state hash (a log without one would skip the
 * integrity check: a tampered vote would import). The server checks the same, event by event.
 */
export const ImportableLogSchema = z
  .object({ ...header, stateHash: StateHashSchema, events: z.array(LoggedEventSchema).min(1) })
  .superRefine(seqsInOrder);
