import { z } from 'zod';
import { PowerUpSchema, safeKey, TeamSchema } from './common';
import { checkRulesV2 } from './deckRulesV2';

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
  // Rules v2: this team's part of the card's joint move, which fires only when both teams vote their part.
  // Optional without a default, so that v1 decks (and the hashes of v1 logs) stay exactly as they were.
  joint: z.boolean().optional(),
});
export type CardOption = z.infer<typeof OptionSchema>;

export const HazardSchema = z.object({
  title: text(80),
  text: text(280),
  // The power-up that absorbs this hit: a team holding at least `damage` of it pays that many and carries on;
  // a team holding less loses what it has of it and its initiative is shut down (unless it spends a life).
  strikes: PowerUpSchema,
  damage: z.number().int().min(1).max(2),
  // Rules v1 only: probability (0–1) that the hazard strikes this round, drawn from the seeded PRNG.
  chance: z.number().min(0).max(1).optional(),
  // Rules v2: the team the hazard hits when that team's move spent no `strikes` power-up ('both': each
  // team that spent none). No coin flip: the card's text says what the team failed to do.
  hits: z.enum(['buyer', 'provider', 'both']).optional(),
  // Rules v2: the reveal's sentence when it strikes, in the card's business language.
  why: text(160).optional(),
});
export type Hazard = z.infer<typeof HazardSchema>;

export const OpportunitySchema = z.object({
  title: text(80),
  text: text(280),
  // Rules v1: height needed (a team's height is its scarcest power-up after the round's effects).
  reach: z.number().int().min(1).max(3).optional(),
  // Extra steps for each team that reaches it.
  bonus: z.number().int().min(1).max(3),
});
export type Opportunity = z.infer<typeof OpportunitySchema>;

export const StakeSchema = z.object({ text: text(240), optionId: slug });
export type Stake = z.infer<typeof StakeSchema>;

export const CardSchema = z
  .object({
    id: slug,
    title: text(80),
    situation: text(600),
    briefs: z.object({ buyer: text(400), provider: text(400) }),
    options: z.array(OptionSchema).min(6).max(8),
    hazard: HazardSchema,
    opportunity: OpportunitySchema,
    // Optional: a one-line story round ("pitch it in one line"). In rules v2 the pitches come before the vote.
    storyPrompt: text(200).optional(),
    // Rules v2: the joint move (both teams' `joint` options together), the route to the opportunity.
    joint: z.object({ title: text(80), text: text(280) }).optional(),
    // Rules v2: each brief's hidden stake, a mild pull against the partnership, revealed in the debrief;
    // `optionId` names the team's option the stake pulls towards.
    stakes: z.object({ buyer: StakeSchema, provider: StakeSchema }).optional(),
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
    // Which rules the deck is written for; absent means v1.
    rules: z.literal(2).optional(),
    cards: z.array(CardSchema).min(1).max(60),
  })
  .superRefine((deck, ctx) => {
    const seen = new Set<string>();
    deck.cards.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['cards', i, 'id'], message: `duplicate card id "${c.id}"` });
      seen.add(c.id);
    });
    if (deck.rules === 2) checkRulesV2(deck, ctx);
    else
      deck.cards.forEach((c, i) => {
        if (c.hazard.chance === undefined) ctx.addIssue({ code: 'custom', path: ['cards', i, 'hazard', 'chance'], message: 'a rules v1 hazard needs a chance' });
        if (c.opportunity.reach === undefined) ctx.addIssue({ code: 'custom', path: ['cards', i, 'opportunity', 'reach'], message: 'a rules v1 opportunity needs a reach' });
      });
  });
export type Deck = z.infer<typeof DeckSchema>;
