import { z } from 'zod';
import { RoomCodeSchema } from './roomCode';
import { safeKey, TeamSchema } from '../schemas/common';
import { SessionConfigSchema } from '../schemas/config';
import { PredictionQuestionSchema } from '../schemas/predictions';
import { cleanText, isVisibleText, NAME_MAX_CHARS, STORY_MAX_CHARS } from '../schemas/text';

// Every client-to-server payload, validated by the server before anything else happens.
// `.strict()` so unknown fields are refused rather than silently carried along.

const secret = z.string().min(16).max(128);
const id = safeKey(z.string().min(1).max(64));
const seq = z.number().int().min(0);

export { cleanText };

export const DisplayNameSchema = z
  .string()
  .max(200, `a name has at most ${NAME_MAX_CHARS} characters`)
  .transform(cleanText)
  .pipe(
    z
      .string()
      .min(1, 'a name needs at least one character')
      .max(NAME_MAX_CHARS, `a name has at most ${NAME_MAX_CHARS} characters`)
      .refine(isVisibleText, 'a name needs at least one visible letter, digit or symbol'),
  );

export const StoryTextSchema = z
  .string()
  .max(1000, `a story has at most ${STORY_MAX_CHARS} characters`)
  .transform(cleanText)
  .pipe(
    z
      .string()
      .min(1, 'a story needs some words')
      .max(STORY_MAX_CHARS, `a story has at most ${STORY_MAX_CHARS} characters`)
      .refine(isVisibleText, 'a story needs some visible words'),
  );

export const CreateSessionSchema = z
  .object({
    config: SessionConfigSchema.partial().strict().optional(),
    // Validated separately by parseDeck so errors can name the card and field.
    deck: z.unknown().optional(),
    // The host key of an earlier session of this facilitator: the new session gets the same key, so its
    // debrief can compare with those sessions (past cohorts). Refused unless it opens a stored session.
    hostKey: secret.optional(),
  })
  .strict();

export const HostAttachSchema = z.object({ code: RoomCodeSchema, hostKey: secret }).strict();

export const HostCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('startRound') }).strict(),
  z.object({ type: z.literal('startTimer') }).strict(),
  z.object({ type: z.literal('pause') }).strict(),
  z.object({ type: z.literal('resume') }).strict(),
  z.object({ type: z.literal('extend'), seconds: z.number().int().min(1).max(600) }).strict(),
  z.object({ type: z.literal('skip') }).strict(),
  z.object({ type: z.literal('reveal') }).strict(),
  z.object({ type: z.literal('closeRound') }).strict(),
  // The reveal's narration to step `step`: the console's "Next sentence" (its step + 1) and "Skip" (the last).
  z.object({ type: z.literal('narrate'), step: z.number().int().min(1).max(500) }).strict(),
  z.object({ type: z.literal('end') }).strict(),
  z.object({ type: z.literal('move'), participantId: id, team: TeamSchema }).strict(),
  z.object({ type: z.literal('remove'), participantId: id, ban: z.boolean().default(false) }).strict(),
  z.object({ type: z.literal('lock'), locked: z.boolean() }).strict(),
  z.object({ type: z.literal('hideStory'), storyId: id, hidden: z.boolean() }).strict(),
  // Rules v2: mark (or unmark) a round still to come as a cross-team huddle round.
  z.object({ type: z.literal('setHuddle'), round: z.number().int().min(1).max(12), huddle: z.boolean() }).strict(),
  // shareNamed: the read-only link also gets names and the per-person exports (default: the debrief only).
  z.object({ type: z.literal('createReplayLink'), shareNamed: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('revokeReplayLink') }).strict(),
]);
export type HostCommand = z.infer<typeof HostCommandSchema>;
export const HostCommandPayloadSchema = z.object({ command: HostCommandSchema }).strict();

// `previousToken`: the device's last token for this room (it keeps it after a removal), so a banned device
// is refused a fresh join under a new name (issue 15 item 3).
export const JoinSchema = z.object({ code: RoomCodeSchema, name: DisplayNameSchema, team: TeamSchema.optional(), previousToken: secret.optional() }).strict();
export const RejoinSchema = z.object({ code: RoomCodeSchema, token: secret, lastSeq: seq.optional() }).strict();
export const ChooseSchema = z.object({ optionId: id }).strict();
export const StorySchema = z.object({ text: StoryTextSchema }).strict();
export const StoryVoteSchema = z.object({ storyId: id }).strict();
export const TeamChoiceSchema = z.object({ team: TeamSchema }).strict();
// Rules v2 prediction window: one tap on one question about the sender's own team (`team` must be theirs).
export const PredictSchema = z.object({ team: TeamSchema, question: PredictionQuestionSchema, expect: z.boolean() }).strict();
export const ViewerAttachSchema = z.object({ code: RoomCodeSchema, as: z.enum(['stage']) }).strict();
export const ReplayAttachSchema = z
  .object({ code: RoomCodeSchema, hostKey: secret.optional(), replayToken: secret.optional() })
  .strict()
  .refine((v) => !!v.hostKey !== !!v.replayToken, 'give exactly one of hostKey or replayToken');
export const SyncSchema = z.object({ lastSeq: seq.optional() }).strict();
