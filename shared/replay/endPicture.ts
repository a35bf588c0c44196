import type { PowerUp, Team } from '../schemas/common';
import { POWER_UPS, TEAMS } from '../schemas/common';
import type { Card } from '../schemas/deck';
import type { GameState } from '../schemas/state';
import type { RoundResult } from '../schemas/result';

/** One round of the end-of-game picture: did it make a step change, and what did each team spend for it. */
export type PictureRound = {
  round: number;
  cardTitle: string;
  stepChange: boolean;
  jointFired: boolean;
  treadingWater: boolean;
  /** The power-ups each team's played move spent (rules v2: what it used at the gate; v1: what its effects cost). */
  spent: Record<Team, PowerUp[]>;
  /** Courage, Budget and Stories were all spent in this round, across the two teams. */
  allThree: boolean;
  /** The power-ups neither team spent this round. */
  missing: PowerUp[];
};

/** A team's hidden stake on a card played, revealed: the option it pulled towards and whether the team took it. */
export type PictureStake = { round: number; cardTitle: string; team: Team; text: string; pullLabel: string; followed: boolean };

export type EndPicture = {
  rules: 1 | 2;
  rounds: PictureRound[];
  stakes: PictureStake[];
  /** How often each team followed its hidden stake, of the rounds whose card has one. */
  stakesFollowed: Record<Team, number>;
  roundsWithStakes: number;
  /** The lesson in one sentence, from this session's own rounds. */
  lesson: string;
};

const POWER_NAME: Record<PowerUp, string> = { courage: 'Courage', budget: 'Budget', stories: 'Stories' };
const rounds = (rs: PictureRound[]) => rs.map((r) => `R${r.round}`).join(', ');

/** Rules v1 results carry no `spent`: what the played option's effects took from the team is what it spent. */
function spentBy(r: RoundResult, team: Team, card: Card | undefined): PowerUp[] {
  const tr = r.teams[team];
  if (tr.spent) return POWER_UPS.filter((p) => tr.spent!.includes(p));
  const played = card?.options.find((o) => o.id === tr.playedOptionId);
  return played ? POWER_UPS.filter((p) => played.effects[p] < 0) : [];
}

function lessonOf(rs: PictureRound[]): string {
  if (rs.length === 0) return 'No round was played.';
  const steps = rs.filter((r) => r.stepChange);
  const full = rs.filter((r) => r.allThree);
  const fullNoStep = full.filter((r) => !r.stepChange);
  const stepNotFull = steps.filter((r) => !r.allThree);
  const head = `${steps.length} of ${rs.length} round${rs.length === 1 ? '' : 's'} made a step change${steps.length ? ` (${rounds(steps)})` : ''}.`;
  if (steps.length === 0 && full.length === 0) return `${head} In no round did the two teams spend Courage, Budget and Stories together.`;
  if (steps.length > 0 && stepNotFull.length === 0 && fullNoStep.length === 0)
    return `${head} Each came in a round where the teams spent Courage, Budget and Stories together, and only then.`;
  const parts = [head];
  if (steps.length > 0 && stepNotFull.length === 0) parts.push('Every one had Courage, Budget and Stories spent together.');
  if (fullNoStep.length) parts.push(`In ${rounds(fullNoStep)} all three were spent and still no step change: the hazard or a missing part stopped it.`);
  if (stepNotFull.length) parts.push(`${rounds(stepNotFull)} made it without all three spent.`);
  return parts.join(' ');
}

/**
 * The end-of-game picture (issue 12 item 6): for each round, whether it was a step change against the
 * power-ups each team spent, and each team's hidden stake revealed (rules v2 decks carry them; v1 has
 * none). Pure, from a folded state or the facilitator's view of it.
 */
export function endPicture(state: Pick<GameState, 'history' | 'deck'>): EndPicture {
  const card = (id: string) => state.deck.cards.find((c) => c.id === id);
  const rs: PictureRound[] = state.history.map((r) => {
    const c = card(r.cardId);
    const spent = { buyer: spentBy(r, 'buyer', c), provider: spentBy(r, 'provider', c) };
    const missing = POWER_UPS.filter((p) => !spent.buyer.includes(p) && !spent.provider.includes(p));
    return { round: r.round, cardTitle: r.cardTitle, stepChange: r.stepChange, jointFired: !!r.jointFired, treadingWater: !!r.treadingWater, spent, allThree: missing.length === 0, missing };
  });
  const stakes: PictureStake[] = [];
  const stakesFollowed: Record<Team, number> = { buyer: 0, provider: 0 };
  let roundsWithStakes = 0;
  for (const r of state.history) {
    const c = card(r.cardId);
    if (!c?.stakes) continue;
    roundsWithStakes++;
    for (const team of TEAMS) {
      const s = c.stakes[team];
      const followed = r.teams[team].chosenOptionId === s.optionId;
      if (followed) stakesFollowed[team]++;
      stakes.push({ round: r.round, cardTitle: r.cardTitle, team, text: s.text, pullLabel: c.options.find((o) => o.id === s.optionId)?.label ?? s.optionId, followed });
    }
  }
  return { rules: state.history.some((r) => r.rules === 2) ? 2 : 1, rounds: rs, stakes, stakesFollowed, roundsWithStakes, lesson: lessonOf(rs) };
}

export const powerUpName = (p: PowerUp) => POWER_NAME[p];
