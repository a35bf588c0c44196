import { POWER_UPS, TEAMS, type Team } from '../../shared/schemas/common';
import type { Deck } from '../../shared/schemas/deck';
import type { DeckEconomy } from '../../shared/deck/deckEconomy';
import type { Report, Target } from '../../shared/sim/v2/report';
import { POWER_UP_NAME, TEAM_NAME } from '../dom/format';

/**
 * The fairness check's plain-language warnings, each tied to what it is about (a card and an option, a
 * power-up, a target of the balance report). Pure: the deck, its economy and its balance report in, sentences out.
 */
export type FairnessWarning = {
  kind: 'noEarn' | 'noSpend' | 'economy' | 'waitBest' | 'neverWorth' | 'alwaysPick' | 'target';
  text: string;
  cardId?: string;
  team?: Team;
  optionId?: string;
  target?: string;
};

/** What a warning is about, without its figures: the same on two decks when it is about the same thing. */
export const warningKey = (w: FairnessWarning) => [w.kind, w.cardId ?? '', w.team ?? '', w.optionId ?? '', w.target ?? ''].join('/');

/** Thresholds of the per-option warnings (the report's choice-share target: 5–80 %). */
export const NEVER_WORTH = 0.05;
export const ALWAYS_PICKED = 0.8;
/** The wait option is "the best pick" when the best strategy found takes it this often on a card. */
export const WAIT_BEST = 0.5;

const pct = (x: number) => (x < 0.1 && x > 0 ? `${(100 * x).toFixed(1)} %` : `${Math.round(100 * x)} %`);
const n1 = (x: number) => x.toFixed(1);

function targetSentence(t: Target, r: Report): string {
  const lesson = r.rows[0];
  const timid = r.rows.find((x) => x.name === r.bestTimid)!;
  switch (t.id) {
    case 'searchNoBetter':
      return `A strategy the search found beats lesson-aligned play without using Courage, Budget and Stories together as often: ${t.value}. The deck rewards something other than the lesson.`;
    case 'timidMargin': {
      const margin = lesson.meanScore > 0 ? (lesson.meanScore - timid.meanScore) / lesson.meanScore : 0;
      return `Timid play scores within 15 % of lesson-aligned play: the best timid strategy (${timid.name}) scores ${n1(timid.meanScore)} against ${n1(lesson.meanScore)}, only ${pct(margin)} less.`;
    }
    case 'timidSameSeed':
      return `On the same game, lesson-aligned play beats the best timid strategy (${timid.name}) only ${t.value} of the time (it should be at least 70 %).`;
    case 'decisionsR2':
      return `The teams' decisions explain only ${t.value} of the score (it should be at least 50 %): luck decides too much.`;
    case 'orderShare':
      return `The order of the cards explains ${t.value} of the score (it should be at most 20 %): some orders win whatever the teams do.`;
    case 'oneStep':
      return `Too many step changes come with a one-step option (${t.value}; at most 10 %): the gate opens without a real move.`;
    case 'allThree':
      return `Too few step changes use Courage, Budget and Stories all together (${t.value}; at least 90 %): the step change does not teach the lesson.`;
    case 'waitSymmetry':
      return `One team waits much more than the other (${t.value}; at most 10 points apart): the deck is easier for one side.`;
    case 'outOfStepSplit':
      return `When the teams end out of step, it is mostly the same team that lags behind (${t.value}; no worse than 65/35).`;
    case 'storyValue':
      return `Winning the story vote is worth too little (${t.value} points; at least 2): the pitches do not matter.`;
    case 'choiceShares':
      return `Some options are chosen by lesson-aligned play in fewer than 5 % or more than 80 % of their card's decisions (${t.value}): see the warnings on each card.`;
    case 'treadingWater':
      return `Timid play rarely ends in "Treading water" (${t.value}; at least 10 %): playing safe is not shown for what it is.`;
    case 'livesInPlay':
      return `Hazards hardly ever matter: a life or a shut-down is at stake in ${t.value} of sensible games (at least 10 %).`;
    case 'reveal':
      return `A reveal is too long to read out (${t.value}; at most 8 sentences and 90 words).`;
    default:
      return `Not met: ${t.text} (${t.value}).`;
  }
}

export function fairnessWarnings(deck: Deck, economy: DeckEconomy, report: Report | null): FairnessWarning[] {
  const out: FairnessWarning[] = [];
  // The economy: a power-up one team can never earn (or spend) first, then the rest of its violations.
  const flagged = new Set<string>();
  for (const team of TEAMS)
    for (const p of POWER_UPS) {
      const e = economy.teams[team].powerUps[p];
      if (e.earn === 0) {
        out.push({ kind: 'noEarn', team, text: `Nothing on this deck lets the ${TEAM_NAME[team]} earn ${POWER_UP_NAME[p]}.` });
        flagged.add(`${TEAM_NAME[team]}: ${POWER_UP_NAME[p]} is earned`);
      }
      if (e.spend === 0) {
        out.push({ kind: 'noSpend', team, text: `Nothing on this deck lets the ${TEAM_NAME[team]} spend ${POWER_UP_NAME[p]}.` });
        flagged.add(`${TEAM_NAME[team]}: ${POWER_UP_NAME[p]} is spent`);
      }
    }
  for (const v of economy.violations) if (![...flagged].some((f) => v.startsWith(f))) out.push({ kind: 'economy', text: v.endsWith('.') ? v : `${v}.` });
  if (!report) return out;

  const titled = (id: string) => deck.cards.find((c) => c.id === id);
  // The best strategy found (highest mean score), on the cards it is dealt: a wait option it takes.
  for (const [cardId, teams] of Object.entries(report.choiceShares.cards)) {
    const card = titled(cardId);
    if (!card) continue;
    for (const team of TEAMS)
      for (const o of card.options.filter((x) => x.team === team && x.wait)) {
        const share = teams[team][o.id] ?? 0;
        if (share >= WAIT_BEST)
          out.push({
            kind: 'waitBest',
            cardId,
            team,
            optionId: o.id,
            text: `On '${card.title}' the ${TEAM_NAME[team]}'s wait option ('${o.label}') is the best pick ${pct(share)} of the time (${report.choiceShares.policy}, the best strategy found).`,
          });
      }
  }
  // Lesson-aligned play under shuffled orders (every card dealt): options it (almost) never or always takes.
  const games = report.choiceSharesShuffled.games;
  for (const card of deck.cards) {
    const shares = report.choiceSharesShuffled.cards[card.id];
    if (!shares) continue;
    for (const team of TEAMS)
      for (const o of card.options.filter((x) => x.team === team && !x.wait)) {
        const share = shares[team][o.id] ?? 0;
        const where = { cardId: card.id, team, optionId: o.id };
        if (share < NEVER_WORTH)
          out.push({
            kind: 'neverWorth',
            ...where,
            text: `On '${card.title}' the ${TEAM_NAME[team]}'s option '${o.label}' is never worth choosing: lesson-aligned play picks it in ${pct(share)} of its decisions (${games} games in shuffled orders).`,
          });
        else if (share > ALWAYS_PICKED && !o.joint)
          out.push({
            kind: 'alwaysPick',
            ...where,
            text: `On '${card.title}' the ${TEAM_NAME[team]}'s option '${o.label}' is the pick ${pct(share)} of the time: the card's other options hardly matter.`,
          });
      }
  }
  const targets = report.targets.filter((t) => !t.pass).map((t): FairnessWarning => ({ kind: 'target', target: t.id, text: targetSentence(t, report) }));
  // Deck-wide warnings first (the economy, then the report's targets), then card by card in play order.
  const wide = out.filter((w) => !w.cardId).length;
  out.splice(wide, 0, ...targets);
  return out;
}
