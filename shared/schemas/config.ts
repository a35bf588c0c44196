import { z } from 'zod';
import { safeKey } from './common';

// Every number is the facilitator's to change; defaults fit a 60–90 minute workshop.
export const SessionConfigSchema = z.object({
  rounds: z.number().int().min(1).max(12).default(6),
  decideSeconds: z.number().int().min(10).max(3600).default(180),
  storySeconds: z.number().int().min(10).max(3600).default(90),
  storyVoteSeconds: z.number().int().min(10).max(3600).default(60),
  storyRounds: z.boolean().default(true),
  teamChoice: z.boolean().default(false),
  naming: z.enum(['names', 'pseudonyms']).default('names'),
  maxParticipants: z.number().int().min(1).max(10000).default(2000),
  title: z.string().trim().min(1).max(120).default('Power Up workshop'),
  // The facilitator's own pick of cards, in play order; empty means the deck shuffled from the seed.
  cardIds: z.array(safeKey(z.string().min(1).max(48))).max(60).default([]),
  // Masks a short built-in list of swear words and slurs in names and stories (server/security/wordFilter.ts).
  wordFilter: z.boolean().default(false),
  // Rules v2: deal the cards in a shuffled order instead of the deck's curated arc. Optional without a
  // default so that v1 configs (and their state hashes) are unchanged.
  shuffle: z.boolean().optional(),
  // Rules v2: show the round's what-if lines on the console at the reveal (off unless set). Optional
  // without a default, so that older configs (and their state hashes) are unchanged.
  whatIfAtReveal: z.boolean().optional(),
  // Rules v2: when set, the end of the vote opens a prediction window of this many seconds before the reveal
  // (issue 12 item 1). Optional without a default, so that older configs (and their state hashes) are unchanged.
  predictSeconds: z.number().int().min(10).max(600).optional(),
  // Rules v2: the rounds (1-based) that open with a cross-team huddle before the vote, and its length
  // (shared/engine/v2/huddle.ts). Optional without defaults, so older configs (and their hashes) are unchanged;
  // the host form proposes rounds 3 and 5 and 60 s.
  huddleRounds: z.array(z.number().int().min(1).max(12)).max(12).optional(),
  huddleSeconds: z.number().int().min(10).max(3600).optional(),
  // The reveal is told step by step and the room follows the told step (issue 15 item 9). New sessions set it
  // (session:create); optional without a default, so that older logs fold to the state hashes they were
  // stored with (shared/replay/frozenLogs.test.ts).
  narrate: z.boolean().optional(),
});
export type SessionConfig = z.output<typeof SessionConfigSchema>;
export type SessionConfigInput = z.input<typeof SessionConfigSchema>;
