import { z } from 'zod';

// The two sides of an outsourcing relationship: every participant plays for one of them.
export const TeamSchema = z.enum(['buyer', 'provider']);
export type Team = z.infer<typeof TeamSchema>;
export const TEAMS: readonly Team[] = ['buyer', 'provider'];

// The three power-ups of the source text, in the order the workshop names them.
export const PowerUpSchema = z.enum(['courage', 'budget', 'stories']);
export type PowerUp = z.infer<typeof PowerUpSchema>;
export const POWER_UPS: readonly PowerUp[] = ['courage', 'budget', 'stories'];

export const InventorySchema = z.object({
  courage: z.number().int().min(0),
  budget: z.number().int().min(0),
  stories: z.number().int().min(0),
});
export type Inventory = z.infer<typeof InventorySchema>;

export const PhaseSchema = z.enum(['lobby', 'card', 'deciding', 'stories', 'storyVote', 'huddle', 'predicting', 'reveal', 'between', 'ended']);
export type Phase = z.infer<typeof PhaseSchema>;

export function otherTeam(team: Team): Team {
  return team === 'buyer' ? 'provider' : 'buyer';
}

// Names that plain objects already answer to ("__proto__", "constructor", "toString" …). An id is used
// as a record key, so these are refused wherever an id enters: events, commands, decks and logs.
const RESERVED_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype']);

export function isReservedKey(key: string): boolean {
  return RESERVED_KEYS.has(key);
}

/** Refines a string schema so that it refuses ids that shadow Object.prototype. */
export function safeKey<S extends z.ZodType<string>>(schema: S) {
  return schema.refine((s) => !isReservedKey(s), { message: 'this id is reserved; choose another' });
}
