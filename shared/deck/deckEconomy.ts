import { POWER_UPS, TEAMS, type PowerUp, type Team } from '../schemas/common';
import type { Card, CardOption } from '../schemas/deck';

/** How many of a team's non-wait options earn and spend one power-up. */
export interface PowerUpEconomy {
  earn: number;
  spend: number;
  /** earn / options (0 when the team has no non-wait option). */
  earnShare: number;
  /** spend / options. */
  spendShare: number;
}

export interface TeamEconomy {
  /** The team's non-wait options over the whole deck. */
  options: number;
  /** Its wait options (one per card in a valid deck). */
  waits: number;
  /** Non-wait options that spend nothing: the small safe steps of the continuous-improvement loop. */
  safeSteps: number;
  /** Its parts of joint moves. */
  jointParts: number;
  powerUps: Record<PowerUp, PowerUpEconomy>;
}

export interface DeckEconomy {
  teams: Record<Team, TeamEconomy>;
  /** Human-readable breaches of the rules v2 deck economy; empty when the deck complies. */
  violations: string[];
}

/** Words that name a move no power-up may reward: blaming, threatening, re-tendering, coasting, punishing. */
export const UNREWARDABLE = /blame|threat|re-?tender|coast|punish|penalt/i;

/** The share of a team's non-wait options that must earn, and spend, each power-up. */
export const MIN_SHARE = { numerator: 1, denominator: 3 } as const;

type EconomyDeck = { cards: readonly Pick<Card, 'id' | 'title' | 'options'>[] };

const NAMES: Record<PowerUp, string> = { courage: 'Courage', budget: 'Budget', stories: 'Stories' };
const TEAM_NAMES: Record<Team, string> = { buyer: 'Buyer', provider: 'Provider' };

const earns = (o: Pick<CardOption, 'effects'>, p: PowerUp) => o.effects[p] > 0;
const spends = (o: Pick<CardOption, 'effects'>, p: PowerUp) => o.effects[p] < 0;
const pct = (share: number) => `${Math.round(share * 100)}%`;

/**
 * The deck's power-up economy per team, and what breaks the rules v2 economy:
 * - for each team, every power-up is earned by at least a third of its non-wait options, and spent by at least a third;
 * - a wait option earns nothing;
 * - no option earns a power-up when its label or text is about blaming, threatening, re-tendering, coasting or punishing.
 * Pure: works on any deck (v1 decks included, which is how their imbalance shows).
 */
export function deckEconomy(deck: EconomyDeck): DeckEconomy {
  const violations: string[] = [];
  const teams = {} as Record<Team, TeamEconomy>;
  for (const team of TEAMS) {
    const mine = deck.cards.flatMap((card) => card.options.filter((o) => o.team === team).map((o) => ({ card, o })));
    const active = mine.filter(({ o }) => !o.wait);
    const n = active.length;
    const powerUps = {} as Record<PowerUp, PowerUpEconomy>;
    for (const p of POWER_UPS) {
      const earn = active.filter(({ o }) => earns(o, p)).length;
      const spend = active.filter(({ o }) => spends(o, p)).length;
      powerUps[p] = { earn, spend, earnShare: n ? earn / n : 0, spendShare: n ? spend / n : 0 };
      // Integer comparison: 14 of 42 is exactly a third and passes.
      const enough = (count: number) => count * MIN_SHARE.denominator >= n * MIN_SHARE.numerator;
      if (!enough(earn))
        violations.push(
          `${TEAM_NAMES[team]}: ${NAMES[p]} is earned by ${earn} of ${n} non-wait options (${pct(powerUps[p].earnShare)}); at least a third must earn it`,
        );
      if (!enough(spend))
        violations.push(
          `${TEAM_NAMES[team]}: ${NAMES[p]} is spent by ${spend} of ${n} non-wait options (${pct(powerUps[p].spendShare)}); at least a third must spend it`,
        );
    }
    for (const { card, o } of mine) {
      const earned = POWER_UPS.filter((p) => earns(o, p));
      if (earned.length === 0) continue;
      const list = earned.map((p) => NAMES[p]).join(', ');
      if (o.wait) violations.push(`card "${card.id}": the ${TEAM_NAMES[team]} wait option "${o.id}" earns ${list}; a wait option earns nothing`);
      const word = `${o.label} ${o.text}`.match(UNREWARDABLE);
      if (word)
        violations.push(`card "${card.id}": ${TEAM_NAMES[team]} option "${o.id}" earns ${list} for "${word[0]}"; no power-up comes from blaming, threatening, re-tendering or coasting`);
    }
    teams[team] = {
      options: n,
      waits: mine.length - n,
      safeSteps: active.filter(({ o }) => POWER_UPS.every((p) => !spends(o, p))).length,
      jointParts: active.filter(({ o }) => o.joint).length,
      powerUps,
    };
  }
  return { teams, violations };
}

/** A plain-text table of the economy (for a deck editor, a test failure or a facilitator's check). */
export function formatDeckEconomy(economy: DeckEconomy): string {
  const rows = [`team      options  ${POWER_UPS.map((p) => `${NAMES[p]} earn/spend`.padEnd(22)).join('')}`];
  for (const team of TEAMS) {
    const t = economy.teams[team];
    const cells = POWER_UPS.map((p) => {
      const e = t.powerUps[p];
      return `${e.earn} (${pct(e.earnShare)}) / ${e.spend} (${pct(e.spendShare)})`.padEnd(22);
    });
    rows.push(`${TEAM_NAMES[team].padEnd(10)}${String(t.options).padEnd(9)}${cells.join('')}`);
  }
  return [...rows, ...economy.violations.map((v) => `! ${v}`)].join('\n');
}
