import { z } from 'zod';
import { InventorySchema, PowerUpSchema, TeamSchema } from './common';
import { PredictionSplitsSchema } from './predictions';

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
  // Rules v2: the power-ups this team's move used, whether it was its part of the joint move, what the
  // partner covered for it when the joint move pooled their stocks, and whether the hazard targeted it.
  spent: z.array(PowerUpSchema).optional(),
  jointPart: z.boolean().optional(),
  coveredByPartner: z.array(PowerUpSchema).optional(),
  hazardTargeted: z.boolean().optional(),
  smallStep: z.boolean().optional(),
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

// Rules v2: a team's best pitch, backed (or not) by the other team before the vote.
export const PitchResultSchema = z.object({
  storyId: z.string(),
  author: z.string(),
  votes: z.number().int().min(0),
  // Members of the other team when the vote opened: `votes` of `of` backed the pitch.
  of: z.number().int().min(0),
  // At least half of the other team backed it: the joint move gives an extra step.
  backed: z.boolean(),
  reward: z.number().int().min(0),
});
export type PitchResult = z.infer<typeof PitchResultSchema>;

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
  // Rules v1: the random draws, in [0,1), in the order they were taken from the PRNG (v2 draws none).
  draws: z.object({ hazard: z.number(), competitor: z.number() }).optional(),
  hazardStruck: z.boolean(),
  stepChange: z.boolean(),
  competitor: z.object({ from: z.number().int(), to: z.number().int(), gain: z.number().int() }),
  stories: z.array(StoryRecordSchema),
  bestStories: z.object({ buyer: z.string().nullable(), provider: z.string().nullable() }),
  score: z.number().int(),
  explanation: z.array(z.string()),
  // Rules v2: who used each power-up, whether the joint move fired, the pitches, the competitor's pace.
  rules: z.literal(2).optional(),
  usedBy: z.object({ courage: z.array(TeamSchema), budget: z.array(TeamSchema), stories: z.array(TeamSchema) }).optional(),
  jointFired: z.boolean().optional(),
  pitches: z.object({ buyer: PitchResultSchema.nullable(), provider: PitchResultSchema.nullable() }).optional(),
  treadingWater: z.boolean().optional(),
  // Rules v2: each team's prediction split when the round had a prediction window (absent otherwise).
  predictions: PredictionSplitsSchema.optional(),
  // Rules v2, huddle rounds and the rounds after one: the stakes (a step change's points times
  // `multiplier`), the extra points this round earned and those earned by earlier huddle rounds.
  stakes: z.object({ multiplier: z.number().int().min(1), bonus: z.number().int().min(0), before: z.number().int().min(0) }).optional(),
});
export type RoundResult = z.infer<typeof RoundResultSchema>;
