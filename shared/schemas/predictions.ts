import { z } from 'zod';
import { safeKey, TeamSchema } from './common';

// Rules v2, issue 12 item 1: between the end of the vote and the reveal, each participant predicts two
// things about the round, one tap each. Kept in one module so the rest of the schemas change little.

/** `through`: "our move gets through"; `step`: "the partnership gets a step change". */
export const PredictionQuestionSchema = z.enum(['through', 'step']);
export type PredictionQuestion = z.infer<typeof PredictionQuestionSchema>;
export const PREDICTION_QUESTIONS: readonly PredictionQuestion[] = ['through', 'step'];

// One tap: a participant's yes/no on one question about their own team's round (changeable until the reveal).
export const PredictedEventSchema = z.object({
  type: z.literal('predicted'),
  at: z.number().finite(),
  participantId: safeKey(z.string().min(1).max(64)),
  team: TeamSchema,
  question: PredictionQuestionSchema,
  expect: z.boolean(),
});

/** A participant's own taps; null where they have not tapped. */
export const MyPredictionSchema = z.object({ through: z.boolean().nullable(), step: z.boolean().nullable() });
export type MyPrediction = z.infer<typeof MyPredictionSchema>;

const YesNoSchema = z.object({ yes: z.number().int().min(0), no: z.number().int().min(0) });
/** One team's split: how many of its `members` tapped yes and no on each question. */
export const TeamPredictionSplitSchema = z.object({ members: z.number().int().min(0), through: YesNoSchema, step: YesNoSchema });
export type TeamPredictionSplit = z.infer<typeof TeamPredictionSplitSchema>;
export const PredictionSplitsSchema = z.object({ buyer: TeamPredictionSplitSchema, provider: TeamPredictionSplitSchema });
export type PredictionSplits = z.infer<typeof PredictionSplitsSchema>;

const CountsSchema = z.object({ through: YesNoSchema, step: YesNoSchema });
/** In the round state: every tap by participant, and the counts kept up to date so a view never scans them. */
export const RoundPredictionsSchema = z.object({
  byParticipant: z.record(z.string(), MyPredictionSchema),
  counts: z.object({ buyer: CountsSchema, provider: CountsSchema }),
});
export type RoundPredictions = z.infer<typeof RoundPredictionsSchema>;
