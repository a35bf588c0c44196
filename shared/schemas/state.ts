import { z } from 'zod';
import { InventorySchema, PhaseSchema, TeamSchema } from './common';
import { SessionConfigSchema } from './config';
import { DeckSchema } from './deck';
import { PitchResultSchema, RoundResultSchema, StoryRecordSchema } from './result';
import { RoundPredictionsSchema } from './predictions';

// Plain JSON only: records, arrays, numbers, strings, booleans and null (never undefined, Map or Set),
// so a state survives JSON.stringify/parse unchanged and hashes the same everywhere.

export const ParticipantSchema = z.object({
  participantId: z.string(),
  name: z.string(),
  team: TeamSchema,
  tokenHash: z.string(),
  joinedAt: z.number(),
  removed: z.boolean(),
  banned: z.boolean(),
});
export type Participant = z.infer<typeof ParticipantSchema>;

export const TeamStateSchema = z.object({
  size: z.number().int().min(0),
  inventory: InventorySchema,
  lives: z.number().int().min(0),
  position: z.number().int().min(0),
  hitsAbsorbed: z.number().int().min(0),
  shutDowns: z.number().int().min(0),
  loops: z.number().int().min(0),
  opportunities: z.number().int().min(0),
});
export type TeamState = z.infer<typeof TeamStateSchema>;

export const NarrationSchema = z.object({ step: z.number().int().min(0), total: z.number().int().min(0), at: z.number() });
export type Narration = z.infer<typeof NarrationSchema>;

export const RoundStateSchema = z.object({
  index: z.number().int().min(0),
  cardId: z.string(),
  startedAt: z.number(),
  choices: z.record(z.string(), z.string()),
  // Kept up to date on every choice so a reveal never scans the participants.
  tallies: z.object({
    buyer: z.record(z.string(), z.number().int().min(0)),
    provider: z.record(z.string(), z.number().int().min(0)),
  }),
  voters: z.object({ buyer: z.number().int().min(0), provider: z.number().int().min(0) }),
  stories: z.record(z.string(), StoryRecordSchema),
  storyByParticipant: z.record(z.string(), z.string()),
  storyVotes: z.record(z.string(), z.string()),
  storyVoters: z.object({ buyer: z.number().int().min(0), provider: z.number().int().min(0) }),
  // Rules v2: the pitches' result, settled when the vote opens (pitches come before the vote).
  pitches: z.object({ buyer: PitchResultSchema.nullable(), provider: PitchResultSchema.nullable() }).optional(),
  // Rules v2 with config.predictSeconds: the taps of the prediction window (present once it opened).
  predictions: RoundPredictionsSchema.optional(),
  // The reveal's narration (from the reveal on): how many of its `total` steps the room has been told
  // (1..total) and when the current step began. Phones show the outcome only that far (issue 15 item 9).
  narration: NarrationSchema.optional(),
});
export type RoundState = z.infer<typeof RoundStateSchema>;

export const TimerSchema = z.object({
  deadline: z.number().nullable(),
  remainingMs: z.number().nullable(),
  paused: z.boolean(),
});
export type Timer = z.infer<typeof TimerSchema>;

export const OutcomeSchema = z.object({
  name: z.enum(['Innovation partners', 'Sparks of innovation', 'Treading water', 'Out of step', 'Lost in the dust']),
  summary: z.string(),
  score: z.number().int(),
});
export type Outcome = z.infer<typeof OutcomeSchema>;

export const GameStateSchema = z.object({
  // Absent: rules v1 (frozen). 2: the rules in shared/engine/v2.
  rules: z.literal(2).optional(),
  config: SessionConfigSchema,
  deck: DeckSchema,
  seed: z.number().int(),
  createdAt: z.number(),
  phase: PhaseSchema,
  locked: z.boolean(),
  participants: z.record(z.string(), ParticipantSchema),
  activeCount: z.number().int().min(0),
  // Lower-cased names already given out, so duplicates get "Sam 2" without scanning everyone.
  usedNames: z.record(z.string(), z.literal(true)),
  bannedTokens: z.record(z.string(), z.literal(true)),
  teams: z.object({ buyer: TeamStateSchema, provider: TeamStateSchema }),
  competitor: z.number().int().min(0),
  stepChanges: z.number().int().min(0),
  score: z.number().int(),
  // The order cards are dealt, shuffled once from the seed.
  cardOrder: z.array(z.string()),
  roundsPlayed: z.number().int().min(0),
  round: RoundStateSchema.nullable(),
  timer: TimerSchema,
  history: z.array(RoundResultSchema),
  outcome: OutcomeSchema.nullable(),
  endedAt: z.number().nullable(),
  prng: z.number().int(),
  // Rules v2: the huddle rounds once the facilitator changed them (absent: config.huddleRounds).
  huddleRounds: z.array(z.number().int().min(1)).optional(),
});
export type GameState = z.infer<typeof GameStateSchema>;
