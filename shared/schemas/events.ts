import { z } from 'zod';
import { safeKey, TeamSchema } from './common';
import { SessionConfigSchema } from './config';
import { DeckSchema } from './deck';

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
export const RoundClosedEventSchema = z.object({ type: z.literal('roundClosed'), at });
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
  RoundClosedEventSchema,
  EndedEventSchema,
]);
export type GameEvent = z.infer<typeof GameEventSchema>;
export type GameEventType = GameEvent['type'];
export type EventOf<T extends GameEventType> = Extract<GameEvent, { type: T }>;
export type CreatedEvent = EventOf<'created'>;
export type JoinedEvent = EventOf<'joined'>;
// What callers build before defaults are applied (e.g. a `created` whose config omits defaults).
export type GameEventInput = z.input<typeof GameEventSchema>;
