import { z } from 'zod';
import { PowerUpSchema } from './common';

// What a phone ends on (issue 15 item 18): the team's own summary of the session, something to take away.
export const TakeawayRoundSchema = z.object({
  round: z.number().int().min(1),
  cardTitle: z.string(),
  // The move the team played (its wait option when it could not afford its choice).
  played: z.string(),
  // The power-ups that move used.
  spent: z.array(PowerUpSchema),
  stepChange: z.boolean(),
  // The card's question for the discussion: the lesson it was dealt for.
  lesson: z.string().nullable(),
});

export const TakeawaySchema = z.object({
  // Where the team's initiative ended (steps) and the partnership's step changes.
  steps: z.number().int(),
  stepChanges: z.number().int(),
  // How many times each power-up was used by the team's moves over the session.
  spent: z.object({ courage: z.number().int(), budget: z.number().int(), stories: z.number().int() }),
  rounds: z.array(TakeawayRoundSchema),
});
export type Takeaway = z.infer<typeof TakeawaySchema>;
