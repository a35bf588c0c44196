import { z } from 'zod';
import { safeKey, TeamSchema } from './common';
import { SessionConfigSchema } from './config';
import { DeckSchema } from './deck';
import { PredictedEventSchema } from './predictions';

// Time always arrives inside events (ms since epoch, stamped by the server): the engine reads no clock.
const at = z.number().finite();
const id = safeKey(z.string().min(1).max(64));

export const CreatedEventSchema = z.object({
  type: z.literal('created'),
  at,
  config: SessionConfigSchema,
  deck: DeckSchema,
  seed: z.number().int(),
  // Which rules the session plays by. Absent: v1, so logs written before v2 replay exactly as they did.
  rules: z.literal(2).optional(),
});
export const JoinedEventSchema = z.object({
  type: z.literal('joined'),
  at,
  participantId: id,
  name: z.string().max(200),
  tokenHash: safeKey(z.string().min(1).max(200)),
  team: TeamSchema.optional(),
});
export const TeamChosenEventSchema = z.object({ type: z.literal('teamChosen'), at, participantId: id, team: TeamSchema });
export const MovedEventSchema = z.object({ type: z.literal('moved'), at, participantId: id, team: TeamSchema });
export const RemovedEventSchema = z.object({ type: z.literal('removed'), at, participantId: id, ban: z.boolean() });
export const LockedEventSchema = z.object({ type: z.literal('locked'), at, locked: z.boolean() });
export const RoundStartedEventSchema = z.object({ type: z.literal('roundStarted'), at });
export const DecidingStartedEventSchema = z.object({ type: z.literal('decidingStarted'), at });
// `reason: 'restart'`: the server's own pause over its downtime (paused at when it went down, resumed when back),
// so a restart gives back exactly the time it took and the replay says so; absent for the facilitator's pause.
const timerReason = z.literal('restart').optional();
export const PausedEventSchema = z.object({ type: z.literal('paused'), at, reason: timerReason });
export const ResumedEventSchema = z.object({ type: z.literal('resumed'), at, reason: timerReason });
export const ExtendedEventSchema = z.object({ type: z.literal('extended'), at, seconds: z.number().int().min(1).max(3600) });
export const ChoiceMadeEventSchema = z.object({ type: z.literal('choiceMade'), at, participantId: id, optionId: id });
export const TimeUpEventSchema = z.object({ type: z.literal('timeUp'), at, reason: z.enum(['timer', 'skip']) });
export const StorySubmittedEventSchema = z.object({
  type: z.literal('storySubmitted'),
  at,
  participantId: id,
  storyId: id,
  text: z.string().max(1000),
});
export const StoryVotedEventSchema = z.object({ type: z.literal('storyVoted'), at, participantId: id, storyId: id });
export const StoryHiddenEventSchema = z.object({ type: z.literal('storyHidden'), at, storyId: id, hidden: z.boolean() });
export const RevealedEventSchema = z.object({ type: z.literal('revealed'), at });
// The reveal's narration reached step `step` (1 = the first sentence): the facilitator stepped or skipped it,
// or the server's clock moved it on at reading pace. A step the room has already seen changes nothing.
export const NarratedEventSchema = z.object({ type: z.literal('narrated'), at, step: z.number().int().min(1).max(500) });
export const RoundClosedEventSchema = z.object({ type: z.literal('roundClosed'), at });
// Rules v2: the facilitator marks a round that has not started yet as a huddle round, or unmarks it.
export const HuddleSetEventSchema = z.object({ type: z.literal('huddleSet'), at, round: z.number().int().min(1).max(12), huddle: z.boolean() });
export const EndedEventSchema = z.object({ type: z.literal('ended'), at });

export const GameEventSchema = z.discriminatedUnion('type', [
  CreatedEventSchema,
  JoinedEventSchema,
  TeamChosenEventSchema,
  MovedEventSchema,
  RemovedEventSchema,
  LockedEventSchema,
  RoundStartedEventSchema,
  DecidingStartedEventSchema,
  PausedEventSchema,
  ResumedEventSchema,
  ExtendedEventSchema,
  ChoiceMadeEventSchema,
  TimeUpEventSchema,
  StorySubmittedEventSchema,
  StoryVotedEventSchema,
  StoryHiddenEventSchema,
  RevealedEventSchema,
  PredictedEventSchema,
  NarratedEventSchema,
  RoundClosedEventSchema,
  EndedEventSchema,
  HuddleSetEventSchema,
]);
export type GameEvent = z.infer<typeof GameEventSchema>;
export type GameEventType = GameEvent['type'];
export type EventOf<T extends GameEventType> = Extract<GameEvent, { type: T }>;
export type CreatedEvent = EventOf<'created'>;
export type JoinedEvent = EventOf<'joined'>;
// What callers build before defaults are applied (e.g. a `created` whose config omits defaults).
export type GameEventInput = z.input<typeof GameEventSchema>;
