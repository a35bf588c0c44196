import type { Team } from '../schemas/common';
import { TEAMS } from '../schemas/common';
import type { GameState, Outcome } from '../schemas/state';
import { own } from '../engine/ownRecord';

/**
 * What a past session contributes to "past cohorts" (issue 12 item 4): per round the card, each team's
 * decision and vote counts, the step change and joint move, and the ending. Nothing else — no room
 * code, title, date, name, story or pitch — so a digest is anonymous by construction and is all the
 * server keeps in its cache.
 */
export type SessionDigest = {
  deckId: string;
  ended: boolean;
  outcome: Outcome['name'] | null;
  rounds: {
    cardId: string;
    stepChange: boolean;
    jointFired: boolean;
    teams: Record<Team, { chosen: string; votes: Record<string, number> }>;
  }[];
};

export function sessionDigest(state: Pick<GameState, 'deck' | 'history' | 'outcome' | 'phase'>): SessionDigest {
  return {
    deckId: state.deck.id,
    ended: state.phase === 'ended',
    outcome: state.outcome?.name ?? null,
    rounds: state.history.map((r) => ({
      cardId: r.cardId,
      stepChange: r.stepChange,
      jointFired: !!r.jointFired,
      teams: {
        buyer: { chosen: r.teams.buyer.chosenOptionId, votes: { ...r.teams.buyer.tally } },
        provider: { chosen: r.teams.provider.chosenOptionId, votes: { ...r.teams.provider.tally } },
      },
    })),
  };
}

export type CohortOption = {
  optionId: string;
  label: string;
  wait: boolean;
  joint: boolean;
  /** Past rooms (team decisions) that chose this option, and their share of the card's past plays. */
  rooms: number;
  roomShare: number;
  /** This option's share of all the team's past votes on the card (null: nobody voted). */
  voteShare: number | null;
  /** This room chose it, and its share of this room's votes. */
  here: boolean;
  hereVoteShare: number | null;
};

export type CohortCard = {
  cardId: string;
  title: string;
  /** This room's round with the card (the first, if it came up twice). */
  round: number;
  here: { stepChange: boolean; jointFired: boolean };
  /** Rounds with this card in the past sessions, and how many of them were step changes / fired the joint move. */
  plays: number;
  stepChanges: number;
  jointFired: number;
  teams: Record<Team, CohortOption[]>;
};

export type CohortView = {
  deckId: string;
  /** Past sessions counted (ended, same deck). */
  sessions: number;
  /** Their endings, most frequent first; this room's ending beside them. */
  endings: { name: Outcome['name']; count: number }[];
  hereEnding: Outcome['name'] | null;
  /** Every card this room played, in its order, with the past sessions' figures. */
  cards: CohortCard[];
};

const share = (n: number, d: number): number | null => (d > 0 ? n / d : null);

/**
 * This room against past cohorts: for each card it played, how often past rooms chose each option
 * (share of decisions and of votes), how often the card made a step change or fired the joint move,
 * and how past sessions ended. Only ended past sessions of the same deck count. Pure.
 */
export function aggregateCohorts(here: Pick<GameState, 'deck' | 'history' | 'outcome'>, past: readonly SessionDigest[]): CohortView {
  const pool = past.filter((d) => d.ended && d.deckId === here.deck.id);
  const endings = new Map<Outcome['name'], number>();
  for (const d of pool) if (d.outcome) endings.set(d.outcome, (endings.get(d.outcome) ?? 0) + 1);

  const cards: CohortCard[] = [];
  for (const r of here.history) {
    if (cards.some((c) => c.cardId === r.cardId)) continue;
    const card = here.deck.cards.find((c) => c.id === r.cardId);
    if (!card) continue;
    const rounds = pool.flatMap((d) => d.rounds.filter((x) => x.cardId === r.cardId));
    const teams = {} as Record<Team, CohortOption[]>;
    for (const team of TEAMS) {
      const options = card.options.filter((o) => o.team === team);
      const allVotes = rounds.reduce((n, x) => n + Object.values(x.teams[team].votes).reduce((a, b) => a + b, 0), 0);
      const hereVotes = Object.values(r.teams[team].tally).reduce((a, b) => a + b, 0);
      teams[team] = options.map((o) => {
        const rooms = rounds.filter((x) => x.teams[team].chosen === o.id).length;
        const votes = rounds.reduce((n, x) => n + (own(x.teams[team].votes, o.id) ?? 0), 0);
        return {
          optionId: o.id,
          label: o.label,
          wait: o.wait,
          joint: !!o.joint,
          rooms,
          roomShare: share(rooms, rounds.length) ?? 0,
          voteShare: share(votes, allVotes),
          here: r.teams[team].chosenOptionId === o.id,
          hereVoteShare: share(own(r.teams[team].tally, o.id) ?? 0, hereVotes),
        };
      });
    }
    cards.push({
      cardId: r.cardId,
      title: card.title,
      round: r.round,
      here: { stepChange: r.stepChange, jointFired: !!r.jointFired },
      plays: rounds.length,
      stepChanges: rounds.filter((x) => x.stepChange).length,
      jointFired: rounds.filter((x) => x.jointFired).length,
      teams,
    });
  }
  return {
    deckId: here.deck.id,
    sessions: pool.length,
    endings: [...endings].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1)),
    hereEnding: here.outcome?.name ?? null,
    cards,
  };
}
