import { z } from 'zod';
import { PhaseSchema, TeamSchema } from './common';
import { CardSchema, HazardSchema, OpportunitySchema, OptionSchema } from './deck';
import { PitchResultSchema, RoundResultSchema } from './result';
import { TakeawaySchema } from './takeaway';
import { GameStateSchema, OutcomeSchema, ParticipantSchema, RoundStateSchema, TeamStateSchema, TimerSchema } from './state';
import { HuddleViewSchema } from './huddle';
import { MyPredictionSchema, PredictionSplitsSchema } from './predictions';

// What each role may see. Views are built fresh from the state; none carries the PRNG state or a tokenHash.

export const PublicCardSchema = z.object({
  id: z.string(),
  title: z.string(),
  situation: z.string(),
  options: z.array(OptionSchema),
  hazard: HazardSchema,
  opportunity: OpportunitySchema,
  storyPrompt: z.string().nullable(),
  // Rules v2: the joint move's name and what it does (both teams' `joint` options together).
  joint: z.object({ title: z.string(), text: z.string() }).nullable().optional(),
  // Shown once the round is revealed, for the discussion.
  debrief: z.string().nullable(),
});
export type PublicCard = z.infer<typeof PublicCardSchema>;

export const PublicStorySchema = z.object({
  storyId: z.string(),
  author: z.string(),
  team: TeamSchema,
  text: z.string(),
  // Null until the reveal.
  votes: z.number().int().nullable(),
});
export type PublicStory = z.infer<typeof PublicStorySchema>;

const CommonViewFields = {
  title: z.string(),
  phase: PhaseSchema,
  locked: z.boolean(),
  // Whether participants may pick their own team (lobby and between rounds).
  teamChoice: z.boolean(),
  roundsTotal: z.number().int(),
  roundsPlayed: z.number().int(),
  roundIndex: z.number().int().nullable(),
  teamSizes: z.object({ buyer: z.number().int(), provider: z.number().int() }),
  teams: z.object({ buyer: TeamStateSchema, provider: TeamStateSchema }),
  competitor: z.number().int(),
  stepChanges: z.number().int(),
  score: z.number().int(),
  timer: TimerSchema,
  card: PublicCardSchema.nullable(),
  // How many have voted so far (counts only, never who chose what).
  voted: z.object({ buyer: z.number().int(), provider: z.number().int() }),
  storiesSubmitted: z.number().int(),
  stories: z.array(PublicStorySchema),
  lastResult: RoundResultSchema.nullable(),
  outcome: OutcomeSchema.nullable(),
  // Rules v2 (absent in v1 sessions): what players need in view while they decide.
  rules: z.literal(2).optional(),
  // Steps the competitor takes this round (known in advance), before any waits.
  competitorNext: z.number().int().optional(),
  // How many of each team currently vote for their part of the joint move (both teams see both counts).
  jointBacking: z.object({ buyer: z.number().int(), provider: z.number().int() }).optional(),
  // The pitches' result once the vote has opened.
  pitches: z.object({ buyer: PitchResultSchema.nullable(), provider: PitchResultSchema.nullable() }).nullable().optional(),
  // During the reveal: how far its narration has got (`step` of `total` steps) and the sentences told so far.
  // A team's view shows the round's outcome only once the narration has ended (issue 15 item 9).
  narration: z.object({ step: z.number().int(), total: z.number().int(), lines: z.array(z.string()) }).nullable().optional(),
  // The cross-team huddles: which rounds, how long, the stakes, and whether this round is one.
  huddle: HuddleViewSchema.optional(),
};

// A participant's own part, sent only to them (small, so a vote burst costs little).
export const PersonalViewSchema = z.object({
  participantId: z.string(),
  name: z.string(),
  team: TeamSchema,
  removed: z.boolean(),
  myChoice: z.string().nullable(),
  myStory: z.object({ storyId: z.string(), text: z.string() }).nullable(),
  myStoryVote: z.string().nullable(),
  // Rules v2, during a round with a prediction window: this participant's own taps only (never the team's split).
  myPrediction: MyPredictionSchema.nullable().optional(),
});
export type PersonalView = z.infer<typeof PersonalViewSchema>;

// What every member of one team may see: the same for all of them, so it is built once per team.
export const TeamViewSchema = z.object({
  kind: z.literal('team'),
  team: TeamSchema,
  ...CommonViewFields,
  // This team's private brief for the current card; never the other team's.
  brief: z.string().nullable(),
  // Once the session has ended: the team's take-away (steps, step changes, what it used, each card's lesson).
  takeaway: TakeawaySchema.optional(),
  // Rules v2: this team's hidden stake (its text only), beside the brief; never the other team's.
  stake: z.string().nullable().optional(),
});
export type TeamView = z.infer<typeof TeamViewSchema>;

// The team view and the personal part together, for callers that want one object.
export const ParticipantViewSchema = TeamViewSchema.omit({ kind: true }).extend({
  kind: z.literal('participant'),
  me: PersonalViewSchema,
});
export type ParticipantView = z.infer<typeof ParticipantViewSchema>;

export const StageViewSchema = z.object({
  kind: z.literal('stage'),
  ...CommonViewFields,
  roster: z.array(z.object({ participantId: z.string(), name: z.string(), team: TeamSchema })),
  // Rules v2: each team's prediction split in a round with a prediction window (null otherwise).
  predictions: PredictionSplitsSchema.nullable().optional(),
  history: z.array(RoundResultSchema),
});
export type StageView = z.infer<typeof StageViewSchema>;

const SafeParticipantSchema = ParticipantSchema.omit({ tokenHash: true });
// No seed and no PRNG state: with them a client could compute every later hazard and competitor move.
export const SafeStateSchema = GameStateSchema.omit({ prng: true, bannedTokens: true, seed: true }).extend({
  participants: z.record(z.string(), SafeParticipantSchema),
});
export type SafeState = z.infer<typeof SafeStateSchema>;

export const FacilitatorViewSchema = z.object({
  kind: z.literal('facilitator'),
  ...CommonViewFields,
  // Facilitators see the whole card, votes as they come in, and everyone (no tokenHash, no PRNG).
  fullCard: CardSchema.nullable(),
  round: RoundStateSchema.nullable(),
  state: SafeStateSchema,
  predictions: PredictionSplitsSchema.nullable().optional(),
});
export type FacilitatorView = z.infer<typeof FacilitatorViewSchema>;

export const ReplayViewSchema = z.object({
  kind: z.literal('replay'),
  ...CommonViewFields,
  fullCard: CardSchema.nullable(),
  state: SafeStateSchema,
  predictions: PredictionSplitsSchema.nullable().optional(),
});
export type ReplayView = z.infer<typeof ReplayViewSchema>;

export const ViewerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('participant'), participantId: z.string() }),
  z.object({ kind: z.literal('facilitator') }),
  z.object({ kind: z.literal('stage') }),
  z.object({ kind: z.literal('replay') }),
]);
export type Viewer = z.infer<typeof ViewerSchema>;
export type ViewFor<V extends Viewer> = V extends { kind: 'participant' }
  ? ParticipantView
  : V extends { kind: 'stage' }
    ? StageView
    : V extends { kind: 'facilitator' }
      ? FacilitatorView
      : ReplayView;
