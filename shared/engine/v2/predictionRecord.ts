import type { Team } from '../../schemas/common';
import { TEAMS } from '../../schemas/common';
import type { PredictionQuestion, TeamPredictionSplit } from '../../schemas/predictions';
import { PREDICTION_QUESTIONS } from '../../schemas/predictions';
import type { RoundResult, TeamRoundResult } from '../../schemas/result';

// Rules v2, issue 12 item 1: predictions set against what the engine resolved, per team and per round,
// for the reveal (phone, console, stage) and the debrief (replay, print summary, script). Pure.

const TEAM_NAME: Record<Team, string> = { buyer: 'Buyer', provider: 'Provider' };

/**
 * "Our move gets through": the option the team's vote chose is the one the engine played (not replaced
 * by the team's wait option because the team, or for a joint part the two teams' pool, could not pay for
 * it), and the hazard did not shut the team down. A team that chose its wait option and waited got
 * through with it; losing a life (not shut down) still counts as through.
 */
export function gotThrough(t: TeamRoundResult): boolean {
  return !t.downgraded && t.playedOptionId === t.chosenOptionId && t.hazard !== 'shutDown';
}

/** What happened on a question: the team's move got through / the partnership made a step change. */
export function happened(r: RoundResult, team: Team, q: PredictionQuestion): boolean {
  return q === 'through' ? gotThrough(r.teams[team]) : r.stepChange;
}

/** A team's prediction: the majority of its members' taps; a tie (nobody tapped included) is a split, no call. */
export type TeamCall = 'yes' | 'no' | 'split';
export function teamCall(split: TeamPredictionSplit, q: PredictionQuestion): TeamCall {
  const { yes, no } = split[q];
  return yes > no ? 'yes' : no > yes ? 'no' : 'split';
}

export type PredictionRow = {
  round: number;
  team: Team;
  question: PredictionQuestion;
  yes: number;
  no: number;
  members: number;
  call: TeamCall;
  happened: boolean;
  /** The call matched the outcome; null for a split. */
  right: boolean | null;
};

/** One row per round with a prediction window, team and question, in round order. */
export function predictionRows(history: readonly RoundResult[]): PredictionRow[] {
  const rows: PredictionRow[] = [];
  for (const r of history) {
    if (!r.predictions) continue;
    for (const team of TEAMS)
      for (const question of PREDICTION_QUESTIONS) {
        const s = r.predictions[team];
        const call = teamCall(s, question);
        const did = happened(r, team, question);
        rows.push({ round: r.round, team, question, yes: s[question].yes, no: s[question].no, members: s.members, call, happened: did, right: call === 'split' ? null : (call === 'yes') === did });
      }
  }
  return rows;
}

export type PredictionTally = {
  team: Team;
  question: PredictionQuestion;
  /** Rounds that had a prediction window. */
  rounds: number;
  /** Of those, rounds where the team's majority said yes / no / was split. */
  expected: number;
  expectedNot: number;
  split: number;
  /** Of those, rounds where it happened. */
  happened: number;
  /** Calls (yes or no) that matched the outcome. */
  right: number;
};

/** Per team and question over the session; empty when no round had a prediction window. */
export function predictionTallies(history: readonly RoundResult[]): PredictionTally[] {
  const rows = predictionRows(history);
  if (rows.length === 0) return [];
  const out: PredictionTally[] = [];
  for (const team of TEAMS)
    for (const question of PREDICTION_QUESTIONS) {
      const mine = rows.filter((x) => x.team === team && x.question === question);
      out.push({
        team,
        question,
        rounds: mine.length,
        expected: mine.filter((x) => x.call === 'yes').length,
        expectedNot: mine.filter((x) => x.call === 'no').length,
        split: mine.filter((x) => x.call === 'split').length,
        happened: mine.filter((x) => x.happened).length,
        right: mine.filter((x) => x.right === true).length,
      });
    }
  return out;
}

const rounds = (n: number) => `${n} ${n === 1 ? 'round' : 'rounds'}`;

/** "Buyer expected to get through in 4 of 5 rounds; it did in 2 (calls right in 3, 1 split)." */
export function tallySentence(t: PredictionTally): string {
  const name = TEAM_NAME[t.team];
  const called = t.rounds - t.split;
  const tail = called === 0 ? ' (the team was split every time).' : ` (right in ${t.right} of ${called}${t.split ? `, ${t.split} split` : ''}).`;
  if (t.question === 'through') return `${name} expected to get through in ${t.expected} of ${rounds(t.rounds)}; it did in ${t.happened}${tail}`;
  return `${name} expected a step change in ${t.expected} of ${rounds(t.rounds)}; the partnership made one in ${t.happened}${tail}`;
}

/** The session's prediction figures, one sentence per team and question (empty without predictions). */
export function predictionSentences(history: readonly RoundResult[]): string[] {
  return predictionTallies(history).map(tallySentence);
}

/** A split before the reveal: "Buyer: 4 of 6 expect to get through, 2 a step change." */
export function splitLine(team: Team, s: TeamPredictionSplit): string {
  return `${TEAM_NAME[team]}: ${s.through.yes} of ${s.members} expect to get through, ${s.step.yes} a step change (${s.through.yes + s.through.no} and ${s.step.yes + s.step.no} tapped).`;
}

const CALL_WORDS: Record<PredictionQuestion, Record<TeamCall, string>> = {
  through: { yes: 'expected to get through', no: 'expected not to get through', split: 'was split on getting through' },
  step: { yes: 'expected a step change', no: 'expected no step change', split: 'was split on a step change' },
};

/** At the reveal, one team's predictions against the outcome: "Buyer expected to get through (4 of 6): it did. …" */
export function revealComparison(r: RoundResult, team: Team): string | null {
  const s = r.predictions?.[team];
  if (!s) return null;
  const parts = PREDICTION_QUESTIONS.map((q) => {
    const call = teamCall(s, q);
    const did = happened(r, team, q);
    const outcome = q === 'through' ? (did ? 'it did' : 'it did not') : did ? 'there was one' : 'there was none';
    const verdict = call === 'split' ? '' : (call === 'yes') === did ? ' \u2014 right' : ' \u2014 wrong';
    return `${CALL_WORDS[q][call]} (${s[q].yes} yes, ${s[q].no} no of ${s.members}): ${outcome}${verdict}.`;
  });
  return `${TEAM_NAME[team]} ${parts[0]} ${TEAM_NAME[team]} ${parts[1]}`;
}

/** The stage's short form, one team, to fit the caption under the reveal: "Buyer: through \u2014 said yes, right \u00b7 step change \u2014 split." */
export function shortComparison(r: RoundResult, team: Team): string | null {
  const s = r.predictions?.[team];
  if (!s) return null;
  const part = (q: PredictionQuestion) => {
    const call = teamCall(s, q);
    const right = (call === 'yes') === happened(r, team, q);
    return `${q === 'through' ? 'through' : 'step change'} \u2014 ${call === 'split' ? 'split' : `said ${call}, ${right ? 'right' : 'wrong'}`}`;
  };
  return `${TEAM_NAME[team]}: ${part('through')} \u00b7 ${part('step')}.`;
}
