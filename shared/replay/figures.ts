import type { GameEvent } from '../schemas/events';
import type { GameState } from '../schemas/state';
import type { Inventory, PowerUp, Team } from '../schemas/common';
import type { PitchResult } from '../schemas/result';
import { TEAMS } from '../schemas/common';
import { displayNames } from './pseudonyms';
import { own } from '../engine/ownRecord';
import { debriefWhatIfs } from './whatIfs';
import { endPicture, type EndPicture } from './endPicture';
import { sessionTimeline, type SessionTimeline } from './sessionTimeline';
import { predictionSentences, revealComparison } from '../engine/v2/predictionRecord';

export type TeamRoundFigures = {
  members: number;
  voters: number;
  /** option label → votes, in the card's option order. */
  split: { optionId: string; label: string; votes: number }[];
  decision: string;
  played: string;
  after: Inventory;
};

export type RoundFigures = {
  round: number;
  cardTitle: string;
  startSeq: number;
  /** Median time (s) from the start of the vote to each voter's final choice; null when nobody voted. */
  medianDecideSeconds: number | null;
  /** Length of the vote (s), from the timer start to its end (timer, skip or reveal). */
  voteSeconds: number | null;
  teams: Record<Team, TeamRoundFigures>;
  stories: { storyId: string; author: string; team: Team; text: string; votes: number; hidden: boolean; best: boolean }[];
  explanation: string[];
  debrief: string;
  stepChange: boolean;
  /** Rules v2 only: what each team used at the gate, the joint move, the pitches, treading water. */
  v2?: {
    used: Record<Team, PowerUp[]>;
    jointFired: boolean;
    jointTitle: string | null;
    pitches: Record<Team, PitchResult | null>;
    treadingWater: boolean;
    /** What-if lines: the other choices that would have changed this round (debriefWhatIfs). */
    whatIfs: string[];
  };
  /** Rules v2 rounds with a prediction window: each team's prediction against the outcome (issue 12 item 1). */
  predictions?: string[];
};

export type DebriefFigures = {
  title: string;
  naming: 'names' | 'pseudonyms';
  participants: number;
  rounds: RoundFigures[];
  /** Inventory per team at the start and after each resolved round. */
  powerUps: Record<Team, (Inventory & { label: string })[]>;
  outcome: GameState['outcome'];
  score: number;
  /** The end-of-game picture: step changes against what each team spent, the hidden stakes (issue 12 item 6). */
  picture: EndPicture;
  /** Score and competitor over time, downgrades and key moments (issue 15 item 19). */
  timeline: SessionTimeline;
  /** Predictions against outcomes over the session, per team and question; empty without prediction windows. */
  predictions: string[];
};

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Everything the debrief shows, computed from the log and the state it folds to (pure: the replay page,
 * the server's exports and the tests all call this).
 */
export function debriefFigures(events: readonly GameEvent[], state: GameState): DebriefFigures {
  const names = displayNames(state);
  // Per round: when the vote started and ended, and each voter's last choice time.
  const timing: { startSeq: number; voteStart?: number; voteEnd?: number; lastChoice: Map<string, number> }[] = [];
  let current: (typeof timing)[number] | undefined;
  events.forEach((e, i) => {
    if (e.type === 'roundStarted') {
      current = { startSeq: i + 1, lastChoice: new Map() };
      timing.push(current);
    } else if (!current) return;
    else if (e.type === 'decidingStarted') current.voteStart = e.at;
    else if (e.type === 'choiceMade') current.lastChoice.set(e.participantId, e.at);
    else if ((e.type === 'timeUp' || e.type === 'revealed') && current.voteStart !== undefined && current.voteEnd === undefined) current.voteEnd = e.at;
  });

  const first = state.history[0];
  const powerUps = {} as DebriefFigures['powerUps'];
  for (const team of TEAMS) {
    const start = first ? first.teams[team].before : state.teams[team].inventory;
    powerUps[team] = [{ label: 'Start', ...start }, ...state.history.map((r) => ({ label: `R${r.round}`, ...r.teams[team].after }))];
  }

  const whatIfLines = new Map(debriefWhatIfs(state).map((w) => [w.index, w.lines.map((l) => l.sentence)]));
  const rounds: RoundFigures[] = state.history.map((r, i) => {
    const card = state.deck.cards.find((c) => c.id === r.cardId);
    const t = timing[i];
    const teams = {} as Record<Team, TeamRoundFigures>;
    for (const team of TEAMS) {
      const tr = r.teams[team];
      const options = (card?.options ?? []).filter((o) => o.team === team);
      teams[team] = {
        members: tr.members,
        voters: tr.voters,
        split: options.map((o) => ({ optionId: o.id, label: o.label, votes: own(tr.tally, o.id) ?? 0 })),
        decision: tr.chosenLabel,
        played: tr.playedLabel,
        after: tr.after,
      };
    }
    const decideTimes = t && t.voteStart !== undefined ? [...t.lastChoice.values()].map((at) => (at - t.voteStart!) / 1000) : [];
    return {
      round: r.round,
      cardTitle: r.cardTitle,
      startSeq: t?.startSeq ?? 0,
      medianDecideSeconds: median(decideTimes),
      voteSeconds: t && t.voteStart !== undefined && t.voteEnd !== undefined ? (t.voteEnd - t.voteStart) / 1000 : null,
      teams,
      stories: r.stories.map((s) => ({
        storyId: s.storyId,
        author: own(names, s.participantId) ?? s.author,
        team: s.team,
        text: s.text,
        votes: s.votes,
        hidden: s.hidden,
        best: r.bestStories[s.team] === s.storyId,
      })),
      explanation: r.explanation,
      debrief: card?.debrief ?? '',
      stepChange: r.stepChange,
      ...(r.predictions ? { predictions: TEAMS.map((t) => revealComparison(r, t) ?? '') } : {}),
      ...(r.rules === 2
        ? {
            v2: {
              used: { buyer: [...(r.teams.buyer.spent ?? [])], provider: [...(r.teams.provider.spent ?? [])] },
              jointFired: !!r.jointFired,
              jointTitle: card?.joint?.title ?? null,
              pitches: { buyer: r.pitches?.buyer ?? null, provider: r.pitches?.provider ?? null },
              treadingWater: !!r.treadingWater,
              whatIfs: whatIfLines.get(r.index) ?? [],
            },
          }
        : {}),
    };
  });

  return {
    title: state.config.title,
    naming: state.config.naming,
    participants: Object.values(state.participants).filter((p) => !p.removed).length,
    rounds,
    powerUps,
    outcome: state.outcome,
    score: state.score,
    picture: endPicture(state),
    timeline: sessionTimeline(state),
    predictions: predictionSentences(state.history),
  };
}
