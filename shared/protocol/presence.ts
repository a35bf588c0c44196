import { z } from 'zod';

export const PresenceStateSchema = z.enum(['connected', 'away', 'gone']);
export type PresenceState = z.infer<typeof PresenceStateSchema>;
