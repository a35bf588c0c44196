import type { Team } from '../../schemas/common';
import { TEAMS } from '../../schemas/common';
import type { EventOf } from '../../schemas/events';
import type { MyPrediction, PredictionSplits, RoundPredictions } from '../../schemas/predictions';
import type { GameState, Participant, RoundState } from '../../schemas/state';
import type { RuleError } from '../errors';
import { ruleError } from '../errors';
import { own, setOwn } from '../ownRecord';

// Rules v2, issue 12 item 1: the prediction window between the end of the vote and the reveal. The
// fold's part lives here; apply.ts only opens the window, routes `predicted` and drops a leaver's taps.

/** The session asked for predictions: v2 with config.predictSeconds (v1 and older v2 logs never open one). */
export function predictionsOn(state: GameState): boolean {
  return state.rules === 2 && typeof state.config.predictSeconds === 'number';
}

const emptyCounts = () => ({ through: { yes: 0, no: 0 }, step: { yes: 0, no: 0 } });

/** The vote is closed (time up or skip): the phase becomes `predicting` with its own timer; the votes stay as cast. */
export function openPredictions(state: GameState, at: number): void {
  const round = state.round!;
  round.predictions = { byParticipant: {}, counts: { buyer: emptyCounts(), provider: emptyCounts() } };
  state.phase = 'predicting';
  state.timer = { deadline: at + state.config.predictSeconds! * 1000, remainingMs: null, paused: false };
}

/** One tap: checks everything first, then changes the participant's answer and the team's counts. */
export function applyPrediction(state: GameState, e: EventOf<'predicted'>): RuleError | null {
  if (state.phase !== 'predicting') return ruleError(state.phase === 'ended' ? 'ALREADY_ENDED' : 'PREDICTIONS_CLOSED');
  if (state.timer.paused) return ruleError('PAUSED');
  const p = own(state.participants, e.participantId);
  if (!p || p.removed) return ruleError('NOT_A_PARTICIPANT');
  if (e.team !== p.team) return ruleError('OTHER_TEAM_PREDICTION');
  const preds = state.round!.predictions!;
  const before: MyPrediction = own(preds.byParticipant, p.participantId) ?? { through: null, step: null };
  const was = before[e.question];
  if (was === e.expect) return null;
  const counts = preds.counts[p.team][e.question];
  if (was !== null) counts[was ? 'yes' : 'no'] -= 1;
  counts[e.expect ? 'yes' : 'no'] += 1;
  setOwn(preds.byParticipant, p.participantId, { ...before, [e.question]: e.expect });
  return null;
}

/** A participant leaves the team (moved or removed) during the window: their taps no longer count for it. */
export function dropPrediction(round: RoundState, p: Participant): void {
  const preds = round.predictions;
  const mine = preds ? own(preds.byParticipant, p.participantId) : undefined;
  if (!preds || !mine) return;
  for (const q of ['through', 'step'] as const) {
    const v = mine[q];
    if (v !== null) preds.counts[p.team][q][v ? 'yes' : 'no'] -= 1;
  }
  delete preds.byParticipant[p.participantId];
}

/** Each team's split against its current size, or null when the round had no prediction window. */
export function predictionSplits(state: GameState): PredictionSplits | null {
  const preds: RoundPredictions | undefined = state.round?.predictions;
  if (!preds) return null;
  const split = (t: Team) => ({ members: state.teams[t].size, through: { ...preds.counts[t].through }, step: { ...preds.counts[t].step } });
  const out = {} as PredictionSplits;
  for (const t of TEAMS) out[t] = split(t);
  return out;
}

/** A participant's own taps this round (null when the round has no prediction window). */
export function myPrediction(state: GameState, participantId: string): MyPrediction | null {
  const preds = state.round?.predictions;
  if (!preds) return null;
  const mine = own(preds.byParticipant, participantId);
  return mine ? { ...mine } : { through: null, step: null };
}
