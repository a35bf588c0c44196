import { z } from 'zod';

// Rules v2: the cross-team huddles as every screen sees them (shared/engine/v2/huddle.ts).
export const HuddleViewSchema = z.object({
  // The huddle rounds, 1-based, ascending.
  rounds: z.array(z.number().int()),
  seconds: z.number().int(),
  // A step change's points in a huddle round, times the usual.
  multiplier: z.number().int(),
  // The round on the card (or the first, in the lobby) is a huddle round: its stakes are stated on every screen.
  thisRound: z.boolean(),
});
export type HuddleView = z.infer<typeof HuddleViewSchema>;
