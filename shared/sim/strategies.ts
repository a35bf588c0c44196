import type { Inventory, PowerUp, Team } from '../schemas/common';
import { POWER_UPS } from '../schemas/common';
import type { Card, CardOption } from '../schemas/deck';
import { shortfall, teamOptions } from '../engine/decide';
import { PrngStream } from '../engine/prng';
import { RULES } from '../engine/rules';

export type StrategyContext = {
  card: Card;
  team: Team;
  inventory: Inventory;
  lives: number;
  // True when this round's best story will earn the team Stories (story rounds in the simulation).
  storyBonus: boolean;
  rng: PrngStream;
};

/** A scripted player: picks one option id for its team. */
export type Strategy = { name: string; choose: (ctx: StrategyContext) => string };

const clamp = (n: number) => Math.max(0, Math.min(RULES.inventoryCap, n));

function after(ctx: StrategyContext, o: CardOption): Inventory {
  return {
    courage: clamp(ctx.inventory.courage + o.effects.courage),
    budget: clamp(ctx.inventory.budget + o.effects.budget),
    stories: clamp(ctx.inventory.stories + o.effects.stories + (ctx.storyBonus ? RULES.storyReward : 0)),
  };
}

function pickMax(options: CardOption[], value: (o: CardOption) => number): string {
  let best = options[0];
  let bestV = value(best);
  for (const o of options.slice(1)) {
    const v = value(o);
    if (v > bestV) {
      best = o;
      bestV = v;
    }
  }
  return best.id;
}

/**
 * Balanced and cooperative: keep all three power-ups through the gate, keep a reserve against the
 * card's hazard, and move as far as that allows; never let the competitor gain by waiting.
 */
export const balanced: Strategy = {
  name: 'balanced cooperative',
  choose(ctx) {
    const { card } = ctx;
    return pickMax(teamOptions(card, ctx.team), (o) => {
      if (shortfall(ctx.inventory, o).length) return -10;
      const a = after(ctx, o);
      const min = Math.min(a.courage, a.budget, a.stories);
      const max = Math.max(a.courage, a.budget, a.stories);
      const passes = !o.wait && min >= 1 && max - min < RULES.hoardGap;
      let v = passes ? 3.5 + o.progress + (min >= card.opportunity.reach! ? card.opportunity.bonus : 0) : o.wait ? 0 : -3;
      if (a[card.hazard.strikes] < card.hazard.damage) v -= card.hazard.chance! * (ctx.lives > 0 ? 1 : o.progress + 2);
      v += 0.3 * min - o.competitor;
      return v;
    });
  },
};

/** Hoards one power-up: always the option that earns (or spends least of) it, then the furthest move. */
export function hoarder(p: PowerUp): Strategy {
  return {
    name: `${p} hoarder`,
    choose: (ctx) => pickMax(teamOptions(ctx.card, ctx.team), (o) => o.effects[p] * 10 + o.progress),
  };
}

/** Picks any of its team's options with equal chance. */
export const random: Strategy = {
  name: 'random',
  choose(ctx) {
    const options = teamOptions(ctx.card, ctx.team);
    return options[ctx.rng.int(options.length)].id;
  },
};

export const STRATEGIES: Strategy[] = [balanced, ...POWER_UPS.map(hoarder), random];
