import { z } from 'zod';
import { GameEventSchema } from '../schemas/events';

/** Bumped when the export format changes; importers refuse versions they do not know. */
export const LOG_FORMAT_VERSION = 1;

export const LoggedEventSchema = z.object({ seq: z.number().int().min(1), event: GameEventSchema });
export type LoggedEvent = z.infer<typeof LoggedEventSchema>;

/** A session's whole log as exported: another Power Up server can import it and replay it identically. */
export const ExportedLogSchema = z
  .object({
    format: z.literal('powerup-log'),
    version: z.literal(LOG_FORMAT_VERSION),
    code: z.string(),
    stateHash: z.string().optional(),
    events: z.array(LoggedEventSchema).min(1),
  })
  .superRefine((log, ctx) => {
    // zod runs this even when `.min(1)` failed: an empty log is a BAD_LOG, not a TypeError (a 500).
    if (log.events.length > 0 && log.events[0].event.type !== 'created') ctx.addIssue({ code: 'custom', path: ['events', 0], message: 'the first event must be "created"' });
    log.events.forEach((e, i) => {
      if (e.seq !== i + 1) ctx.addIssue({ code: 'custom', path: ['events', i, 'seq'], message: `expected seq ${i + 1}, got ${e.seq}` });
    });
  });
export type ExportedLog = z.infer<typeof ExportedLogSchema>;
