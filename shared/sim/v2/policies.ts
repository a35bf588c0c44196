// Rules v2 policies for the balance harness: fixed strategies (lesson-aligned, timid, wait-heavy,
// free-riding, hoarding, solo-bold, random) and the building blocks the searches use.
import type { Inventory, PowerUp, Team } from '../../schemas/common';
import { otherTeam, POWER_UPS } from '../../schemas/common';
import type { Card, CardOption } from '../../schemas/deck';
import { shortfall, spendOf, teamOptions, waitOption } from '../../engine/decide';
import { RULES_V2 } from '../../engine/v2/rulesV2';
import type { Policy, PolicyContext } from './playGame';

/** Which non-wait options a policy may vote for (the wait option is always allowed). */
export type Mask = { name: string; allows: (o: CardOption) => boolean };
export const NO_MASK: Mask = { name: 'any', allows: () => true };
/** Masks under which the gate can never open: nobody ever spends X (or nothing at all). */
export const GATE_CLOSED_MASKS: Mask[] = [
  { name: 'spends nothing', allows: (o) => spendOf(o) === 0 },
  ...POWER_UPS.map((p): Mask => ({ name: `never spends ${p}`, allows: (o) => o.effects[p] >= 0 })),
];

const clamp = (n: number) => Math.max(0, Math.min(RULES_V2.inventoryCap, n));
export const spends = (o: CardOption, p: PowerUp) => o.effects[p] < 0;
export const earnOf = (o: CardOption) => POWER_UPS.reduce((n, p) => n + Math.max(0, o.effects[p]), 0);
export const affordableAlone = (inv: Inventory, o: CardOption) => shortfall(inv, o).length === 0;
export const jointOf = (card: Card, team: Team) => card.options.find((o) => o.team === team && o.joint);

/** The engine's pooling rule for the joint move: per power-up, the two teams' stocks after paying cover each other. */
export function jointPayable(card: Card, inv: Record<Team, Inventory>): boolean {
  const b = jointOf(card, 'buyer');
  const p = jointOf(card, 'provider');
  if (!b || !p) return false;
  return POWER_UPS.every((x) => inv.buyer[x] + b.effects[x] + inv.provider[x] + p.effects[x] >= 0);
}

/** The hazard targets this team if it plays `o`: the card says it hits the team and `o` spends none of its power-up. */
export function targetedBy(card: Card, team: Team, o: CardOption): boolean {
  const h = card.hazard;
  return (h.hits === 'both' || h.hits === team) && !spends(o, h.strikes);
}

/** Playing `o` would cost a life or (with no life left) shut the initiative down. */
export function hazardBites(card: Card, team: Team, o: CardOption, inv: Inventory): boolean {
  if (!targetedBy(card, team, o)) return false;
  return clamp(inv[card.hazard.strikes] + o.effects[card.hazard.strikes]) < card.hazard.damage;
}

/** The options the team can actually play: affordable alone, or its joint part when the pool pays both parts. */
export function playableOptions(card: Card, team: Team, inv: Record<Team, Inventory>, mask: Mask = NO_MASK): CardOption[] {
  const pool = jointPayable(card, inv);
  return teamOptions(card, team).filter((o) => o.wait || (mask.allows(o) && (affordableAlone(inv[team], o) || (o.joint && pool))));
}

function pickBy(options: CardOption[], value: (o: CardOption) => number): CardOption {
  let best = options[0];
  let bestV = value(best);
  for (const o of options.slice(1)) {
    const v = value(o);
    if (v > bestV) {
      best = o;
      bestV = v;
    }
  }
  return best;
}

const constant = (p: number) => () => p;

/**
 * Lesson-aligned play, the same reasoning on both sides so that two lesson teams coordinate: aim for the
 * joint move when the pooled stock pays it; otherwise the pair of moves (Buyer's, Provider's, each
 * affordable alone) that uses all three power-ups without an initiative being shut down, then spends the
 * hazard's protective power-up where it is aimed, then goes furthest, then spends least. The pair is
 * computed the same way whichever team asks (the partner's likely move is its half). Never waits when
 * something is affordable.
 */
export function lessonPair(card: Card, inv: Record<Team, Inventory>, lives: Record<Team, number>, mask: Mask = NO_MASK): Record<Team, CardOption> {
  const bj = jointOf(card, 'buyer');
  const pj = jointOf(card, 'provider');
  if (bj && pj && mask.allows(bj) && mask.allows(pj) && jointPayable(card, inv)) return { buyer: bj, provider: pj };
  const alone = (t: Team) => {
    const ok = teamOptions(card, t).filter((o) => !o.wait && mask.allows(o) && affordableAlone(inv[t], o));
    return ok.length ? ok : [waitOption(card, t)];
  };
  const bs = alone('buyer');
  const ps = alone('provider');
  const bites = (t: Team, o: CardOption) => hazardBites(card, t, o, inv[t]) && lives[t] === 0;
  let best = { buyer: bs[0], provider: ps[0] };
  let bestV = -Infinity;
  for (const b of bs)
    for (const p of ps) {
      if (b.joint && p.joint) continue; // both parts: only through the pool, handled above
      const gate = POWER_UPS.every((x) => spends(b, x) || spends(p, x)) && !bites('buyer', b) && !bites('provider', p);
      const safe = (targetedBy(card, 'buyer', b) ? 0 : 1) + (targetedBy(card, 'provider', p) ? 0 : 1);
      const v = (gate ? 1000 : 0) + 100 * safe + b.progress + p.progress - 0.01 * (spendOf(b) + spendOf(p));
      if (v > bestV) {
        bestV = v;
        best = { buyer: b, provider: p };
      }
    }
  return best;
}

export function lessonPick(card: Card, team: Team, inv: Record<Team, Inventory>, lives: Record<Team, number>, mask: Mask = NO_MASK): CardOption {
  return lessonPair(card, inv, lives, mask)[team];
}

export function lesson(mask: Mask = NO_MASK, name = 'lesson'): Policy {
  return { name, choose: (ctx) => lessonPick(ctx.card, ctx.team, ctx.inventories, ctx.lives, mask).id, backs: constant(0.9) };
}

/** The small safe step: spends nothing, most progress (then most earned); waits if every move spends. */
export function timidPick(ctx: PolicyContext): CardOption {
  const safe = teamOptions(ctx.card, ctx.team).filter((o) => !o.wait && spendOf(o) === 0);
  if (!safe.length) return waitOption(ctx.card, ctx.team);
  return pickBy(safe, (o) => 10 * o.progress + earnOf(o));
}
export const timid: Policy = { name: 'timid', choose: (ctx) => timidPick(ctx).id, backs: constant(0.1) };

export const waitHeavy: Policy = {
  name: 'wait-heavy',
  choose: (ctx) => (ctx.rng.next() < 0.6 ? waitOption(ctx.card, ctx.team).id : timidPick(ctx).id),
  backs: constant(0.1),
};

/** Never spends; earns the most, then goes furthest, counting on the partner to do the spending. */
export const freeRider: Policy = {
  name: 'free-rider',
  choose(ctx) {
    const free = teamOptions(ctx.card, ctx.team).filter((o) => !o.wait && spendOf(o) === 0);
    if (!free.length) return waitOption(ctx.card, ctx.team).id;
    return pickBy(free, (o) => 10 * earnOf(o) + o.progress).id;
  },
  backs: constant(0.5),
};

/** Maximises its holdings of one power-up (affordable moves only), then goes furthest. */
export function hoarder(p: PowerUp): Policy {
  return {
    name: `hoarder-${p}`,
    choose(ctx) {
      const inv = ctx.inventories[ctx.team];
      const ok = teamOptions(ctx.card, ctx.team).filter((o) => affordableAlone(inv, o));
      return pickBy(ok, (o) => 10 * clamp(inv[p] + o.effects[p]) + o.progress).id;
    },
    backs: constant(0.5),
  };
}

/** Goes furthest alone: the affordable move with the most steps, never its part of the joint move. */
export const soloBold: Policy = {
  name: 'solo-bold',
  choose(ctx) {
    const inv = ctx.inventories[ctx.team];
    const ok = teamOptions(ctx.card, ctx.team).filter((o) => !o.wait && !o.joint && affordableAlone(inv, o));
    if (!ok.length) return waitOption(ctx.card, ctx.team).id;
    return pickBy(ok, (o) => 10 * o.progress - spendOf(o)).id;
  },
  backs: constant(0.3),
};

export const random: Policy = {
  name: 'random',
  choose(ctx) {
    const options = teamOptions(ctx.card, ctx.team);
    return options[ctx.rng.int(options.length)].id;
  },
  backs: constant(0.5),
};

/** A table of per-card picks; a missing or unplayable entry falls back to another policy. */
export type CardTable = Record<string, Partial<Record<Team, string>>>;
export function tablePolicy(name: string, table: CardTable, fallback: Policy, back: Record<Team, number>, mask: Mask = NO_MASK): Policy {
  return {
    name,
    choose(ctx) {
      const id = table[ctx.card.id]?.[ctx.team];
      if (id !== undefined && playableOptions(ctx.card, ctx.team, ctx.inventories, mask).some((o) => o.id === id)) return id;
      return fallback.choose(ctx);
    },
    backs: (b) => back[b.team],
  };
}

// ---- Linear scoring of options from state features (the cross-entropy search's policy class) ----

export const FEATURES = [
  'progress',
  'spends courage',
  'spends budget',
  'spends stories',
  'earns courage',
  'earns budget',
  'earns stories',
  'joint part',
  'joint payable by the pool',
  'wait',
  'small step',
  'hazard protected',
  'hazard bites (life or shut-down)',
  'affordability margin',
  'opens the gate with some partner move',
  'opens the gate with the partner joint part',
  'round × progress',
  'round × spend',
  'round × joint',
  'competitor gap × progress',
  'competitor gap × wait',
  'partner holds what it spends',
  'holdings after',
  'rounds left × earn',
  'backed pitch × joint',
  'lives × spend',
] as const;
export const NF = FEATURES.length;

export function optionFeatures(ctx: PolicyContext, o: CardOption, partnerOptions: CardOption[], pool: boolean): number[] {
  const { card, team, partner } = ctx;
  const inv = ctx.inventories[team];
  const pinv = ctx.inventories[partner];
  const after = POWER_UPS.map((p) => inv[p] + o.effects[p]);
  const spend = spendOf(o);
  const roundFrac = ctx.round / Math.max(1, ctx.rounds - 1);
  const gap = (Math.min(ctx.positions.buyer, ctx.positions.provider) - ctx.competitor) / 10;
  const pj = jointOf(card, partner);
  const opensWith = (q: CardOption) => POWER_UPS.every((p) => spends(o, p) || spends(q, p));
  let partnerHolds = 0;
  for (const p of POWER_UPS) if (spends(o, p)) partnerHolds += pinv[p];
  return [
    o.progress / 4,
    Math.max(0, -o.effects.courage) / 3,
    Math.max(0, -o.effects.budget) / 3,
    Math.max(0, -o.effects.stories) / 3,
    Math.max(0, o.effects.courage) / 3,
    Math.max(0, o.effects.budget) / 3,
    Math.max(0, o.effects.stories) / 3,
    o.joint ? 1 : 0,
    o.joint && pool ? 1 : 0,
    o.wait ? 1 : 0,
    !o.wait && spend === 0 ? 1 : 0,
    targetedBy(card, team, o) ? 0 : 1,
    hazardBites(card, team, o, inv) ? (ctx.lives[team] > 0 ? 1 : 2) : 0,
    Math.min(...after) / 5,
    partnerOptions.some((q) => !q.wait && !(q.joint && o.joint) && opensWith(q)) ? 1 : 0,
    pj && o.joint && pool && opensWith(pj) ? 1 : 0,
    (roundFrac * o.progress) / 4,
    (roundFrac * spend) / 6,
    roundFrac * (o.joint ? 1 : 0),
    (gap * o.progress) / 4,
    gap * (o.wait ? 1 : 0),
    partnerHolds / 15,
    after.reduce((a, b) => a + Math.max(0, b), 0) / 15,
    ((1 - roundFrac) * earnOf(o)) / 6,
    o.joint && (ctx.pitches.buyer?.backed || ctx.pitches.provider?.backed) ? 1 : 0,
    (ctx.lives[team] * spend) / 6,
  ];
}

export type LinearWeights = { buyer: number[]; provider: number[]; back: Record<Team, number> };

/** The option of highest linear score among those the team can play (and the mask allows). */
export function linearPolicy(name: string, w: LinearWeights, mask: Mask = NO_MASK): Policy {
  return {
    name,
    choose(ctx) {
      const mine = playableOptions(ctx.card, ctx.team, ctx.inventories, mask);
      const theirs = playableOptions(ctx.card, ctx.partner, ctx.inventories, mask);
      const pool = jointPayable(ctx.card, ctx.inventories);
      const weights = w[ctx.team];
      return pickBy(mine, (o) => {
        const f = optionFeatures(ctx, o, theirs, pool);
        let s = 0;
        for (let i = 0; i < NF; i++) s += weights[i] * f[i];
        return s;
      }).id;
    },
    backs: (b) => w.back[b.team],
  };
}

export const both = (p: Policy): Record<Team, Policy> => ({ buyer: p, provider: p });

export const FIXED_POLICIES: Policy[] = [lesson(), timid, waitHeavy, freeRider, hoarder('courage'), hoarder('budget'), hoarder('stories'), soloBold, random];
