import { z } from 'zod';
import { InventorySchema, PowerUpSchema, TeamSchema } from './common';

// One team's side of a resolved round: everything explainRound needs, so a result explains itself.
export const TeamRoundResultSchema = z.object({
  team: TeamSchema,
  members: z.number().int().min(0),
  voters: z.number().int().min(0),
  tally: z.record(z.string(), z.number().int().min(0)),
  // How the team's option was picked from the votes.
  decidedBy: z.enum(['majority', 'tieBreak', 'noVotes']),
  chosenOptionId: z.string(),
  chosenLabel: z.string(),
  // The option actually played: the chosen one, or the team's wait option if it could not afford it.
  playedOptionId: z.string(),
  playedLabel: z.string(),
  downgraded: z.boolean(),
  shortOf: z.array(PowerUpSchema),
  before: InventorySchema,
  afterEffects: InventorySchema,
  storyBonus: z.number().int().min(0),
  height: z.number().int().min(0),
  // 'waited': the team played its wait option, so it brought no initiative to the gate at all.
  gate: z.enum(['passed', 'loopMissing', 'loopHoard', 'waited']),
  missingAtGate: z.array(PowerUpSchema),
  hoarded: PowerUpSchema.nullable(),
  // The power-up released by the "?" block when the team got through the gate.
  blockReward: PowerUpSchema.nullable(),
  opportunityReached: z.boolean(),
  hazard: z.enum(['none', 'absorbed', 'lifeLost', 'shutDown']),
  livesBefore: z.number().int().min(0),
  livesAfter: z.number().int().min(0),
  after: InventorySchema,
  progress: z.number().int().min(0),
  positionBefore: z.number().int().min(0),
  positionAfter: z.number().int().min(0),
  lostInDust: z.boolean(),
});
export type TeamRoundResult = z.infer<typeof TeamRoundResultSchema>;

export const StoryRecordSchema = z.object({
  storyId: z.string(),
  participantId: z.string(),
  author: z.string(),
  team: TeamSchema,
  text: z.string(),
  at: z.number(),
  votes: z.number().int().min(0),
  hidden: z.boolean(),
});
export type StoryRecord = z.infer<typeof StoryRecordSchema>;

export const RoundResultSchema = z.object({
  index: z.number().int().min(0),
  // 1-based round number, as people say it ("round 2").
  round: z.number().int().min(1),
  cardId: z.string(),
  cardTitle: z.string(),
  hazardTitle: z.string(),
  hazardStrikes: PowerUpSchema,
  hazardDamage: z.number().int(),
  opportunityTitle: z.string(),
  opportunityReach: z.number().int(),
  startedAt: z.number(),
  resolvedAt: z.number(),
  teams: z.object({ buyer: TeamRoundResultSchema, provider: TeamRoundResultSchema }),
  // The random draws, in [0,1), in the order they were taken from the PRNG.
  draws: z.object({ hazard: z.number(), competitor: z.number() }),
  hazardStruck: z.boolean(),
  stepChange: z.boolean(),
  competitor: z.object({ from: z.number().int(), to: z.number().int(), gain: z.number().int() }),
  stories: z.array(StoryRecordSchema),
  bestStories: z.object({ buyer: z.string().nullable(), provider: z.string().nullable() }),
  score: z.number().int(),
  explanation: z.array(z.string()),
});
export type RoundResult = z.infer<typeof RoundResultSchema>;
