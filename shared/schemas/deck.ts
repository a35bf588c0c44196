import { z } from 'zod';
import { PowerUpSchema, safeKey, TeamSchema } from './common';

const slug = safeKey(z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'expected a lower-case id (letters, digits, dashes)'));
const text = (max: number) => z.string().trim().min(1).max(max);

// Signed change to a team's inventory when the option is played: negative spends, positive earns.
export const EffectsSchema = z.object({
  courage: z.number().int().min(-3).max(3),
  budget: z.number().int().min(-3).max(3),
  stories: z.number().int().min(-3).max(3),
});
export type Effects = z.infer<typeof EffectsSchema>;

export const OptionSchema = z.object({
  id: slug,
  team: TeamSchema,
  label: text(80),
  text: text(280),
  effects: EffectsSchema,
  // Steps the team's runner moves if its initiative gets through the gate.
  progress: z.number().int().min(0).max(4),
  // Steps the competitor gains because this side held back.
  competitor: z.number().int().min(0).max(2).default(0),
  // The team's "wait / do nothing" option: played when nobody votes or the chosen option is unaffordable.
  wait: z.boolean().default(false),
});
export type CardOption = z.infer<typeof OptionSchema>;

export const HazardSchema = z.object({
  title: text(80),
  text: text(280),
  // The power-up that absorbs this hit: a team holding at least `damage` of it pays that many and carries on;
  // a team holding less loses what it has of it and its initiative is shut down (unless it spends a life).
  strikes: PowerUpSchema,
  damage: z.number().int().min(1).max(2),
  // Probability (0–1) that the hazard strikes this round, drawn from the seeded PRNG.
  chance: z.number().min(0).max(1),
});
export type Hazard = z.infer<typeof HazardSchema>;

export const OpportunitySchema = z.object({
  title: text(80),
  text: text(280),
  // Height needed: a team's height is its scarcest power-up (the minimum of the three) after the round's effects.
  reach: z.number().int().min(1).max(3),
  // Extra steps for each team that reaches it.
  bonus: z.number().int().min(1).max(3),
});
export type Opportunity = z.infer<typeof OpportunitySchema>;

export const CardSchema = z
  .object({
    id: slug,
    title: text(80),
    situation: text(600),
    briefs: z.object({ buyer: text(400), provider: text(400) }),
    options: z.array(OptionSchema).min(6).max(8),
    hazard: HazardSchema,
    opportunity: OpportunitySchema,
    // Optional: a one-line story round ("pitch it in one line").
    storyPrompt: text(200).optional(),
    debrief: text(300),
    themes: z.array(z.string().min(1).max(60)).default([]),
  })
  .superRefine((card, ctx) => {
    const seen = new Set<string>();
    card.options.forEach((o, i) => {
      if (seen.has(o.id)) ctx.addIssue({ code: 'custom', path: ['options', i, 'id'], message: `duplicate option id "${o.id}"` });
      seen.add(o.id);
    });
    for (const team of ['buyer', 'provider'] as const) {
      const mine = card.options.filter((o) => o.team === team);
      if (mine.length < 3 || mine.length > 4)
        ctx.addIssue({ code: 'custom', path: ['options'], message: `${team} needs 3–4 options, has ${mine.length}` });
      const waits = mine.filter((o) => o.wait).length;
      if (waits !== 1)
        ctx.addIssue({ code: 'custom', path: ['options'], message: `${team} needs exactly one "wait" option, has ${waits}` });
    }
  });
export type Card = z.infer<typeof CardSchema>;

export const DeckSchema = z
  .object({
    id: slug,
    title: text(120),
    cards: z.array(CardSchema).min(1).max(60),
  })
  .superRefine((deck, ctx) => {
    const seen = new Set<string>();
    deck.cards.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['cards', i, 'id'], message: `duplicate card id "${c.id}"` });
      seen.add(c.id);
    });
  });
export type Deck = z.infer<typeof DeckSchema>;
