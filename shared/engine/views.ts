import type { Team } from '../schemas/common';
import type { GameState } from '../schemas/state';
import type { RoundResult } from '../schemas/result';
import type {
  FacilitatorView,
  ParticipantView,
  PersonalView,
  TeamView,
  PublicCard,
  PublicStory,
  ReplayView,
  SafeState,
  StageView,
  Viewer,
  ViewFor,
} from '../schemas/views';
import { currentCard } from './apply';
import { takeawayField } from './takeaway';
import { narratedLines } from './narration';
import { competitorPaceAt } from './v2/rulesV2';
import { huddleView } from './v2/huddle';
import { own, setOwn } from './ownRecord';
import { myPrediction, predictionSplits, predictionsOn } from './v2/predictions';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

// The round of the current card has been resolved (reveal/between/ended): results may be shown.
function isRevealed(state: GameState): boolean {
  return !!state.round && state.history.length > state.round.index;
}

function publicCard(state: GameState): PublicCard | null {
  const card = currentCard(state);
  if (!card) return null;
  return {
    id: card.id,
    title: card.title,
    situation: card.situation,
    options: clone(card.options),
    hazard: clone(card.hazard),
    opportunity: clone(card.opportunity),
    storyPrompt: state.config.storyRounds ? (card.storyPrompt ?? null) : null,
    ...(state.rules === 2 ? { joint: card.joint ? { title: card.joint.title, text: card.joint.text } : null } : {}),
    debrief: isRevealed(state) ? card.debrief : null,
  };
}

function publicStories(state: GameState, includeHidden: boolean): PublicStory[] {
  const round = state.round;
  // Stories are shown from the vote onwards; while people write, only counts are public.
  if (!round || state.phase === 'stories' || state.phase === 'card' || state.phase === 'deciding') return [];
  const revealed = isRevealed(state);
  return Object.values(round.stories)
    .filter((s) => includeHidden || !s.hidden)
    .sort((a, b) => a.at - b.at || (a.storyId < b.storyId ? -1 : 1))
    .map((s) => ({ storyId: s.storyId, author: s.author, team: s.team, text: s.text, votes: revealed ? s.votes : null }));
}

/** A resolved round as the public may see it: stories the facilitator hid are left out. */
function visibleResult(r: RoundResult, includeHidden: boolean): RoundResult {
  // The v1 PRNG's raw draws would let anyone brute-force the seed: no view carries them.
  const { draws: _draws, ...rest } = r;
  const copy = clone(rest);
  if (!includeHidden) copy.stories = copy.stories.filter((s) => !s.hidden);
  return copy;
}

/** The round whose reveal is still being told (its narration has not reached the last step), or null. */
function untold(state: GameState): RoundResult | null {
  const n = state.phase === 'reveal' ? state.round?.narration : undefined;
  return n && n.step < n.total ? state.history[state.history.length - 1] : null;
}

function narrationField(state: GameState): StageView['narration'] {
  const n = state.phase === 'reveal' ? state.round?.narration : undefined;
  const r = state.history[state.history.length - 1];
  return n && r ? { step: n.step, total: n.total, lines: narratedLines(r, n.step) } : null;
}

/**
 * A team's view while the reveal is told: the numbers as they stood before the round and no result
 * yet, only the sentences the stage has narrated, so the phones never give the ending away.
 */
function withheld(view: ReturnType<typeof common>, state: GameState, r: RoundResult): ReturnType<typeof common> {
  const teams = clone(view.teams);
  for (const t of ['buyer', 'provider'] as const) {
    teams[t].inventory = { ...r.teams[t].before };
    teams[t].lives = r.teams[t].livesBefore;
    teams[t].position = r.teams[t].positionBefore;
  }
  const previous = state.history.length > 1 ? state.history[state.history.length - 2] : null;
  return {
    ...view,
    teams,
    competitor: r.competitor.from,
    stepChanges: view.stepChanges - (r.stepChange ? 1 : 0),
    score: previous ? previous.score : 0,
    card: view.card ? { ...view.card, debrief: null } : null,
    stories: view.stories.map((s) => ({ ...s, votes: null })),
    lastResult: previous ? visibleResult(previous, false) : null,
  };
}

function common(state: GameState, includeHiddenStories: boolean) {
  const round = state.round;
  return {
    narration: narrationField(state),
    title: state.config.title,
    phase: state.phase,
    locked: state.locked,
    teamChoice: state.config.teamChoice,
    roundsTotal: state.config.rounds,
    roundsPlayed: state.roundsPlayed,
    roundIndex: round ? round.index : null,
    teamSizes: { buyer: state.teams.buyer.size, provider: state.teams.provider.size },
    teams: clone(state.teams),
    competitor: state.competitor,
    stepChanges: state.stepChanges,
    score: state.score,
    timer: { ...state.timer },
    card: publicCard(state),
    voted: round ? { ...round.voters } : { buyer: 0, provider: 0 },
    storiesSubmitted: round ? Object.keys(round.stories).length : 0,
    stories: publicStories(state, includeHiddenStories),
    lastResult: state.history.length ? visibleResult(state.history[state.history.length - 1], includeHiddenStories) : null,
    outcome: state.outcome ? { ...state.outcome } : null,
    ...(state.rules === 2 ? v2Fields(state) : {}),
  };
}

function v2Fields(state: GameState) {
  const round = state.round;
  const card = currentCard(state);
  const backing = { buyer: 0, provider: 0 };
  if (round && card)
    for (const o of card.options) if (o.joint) backing[o.team] = own(round.tallies[o.team], o.id) ?? 0;
  return {
    rules: 2 as const,
    competitorNext: competitorPaceAt(round ? round.index : state.roundsPlayed),
    jointBacking: backing,
    pitches: round?.pitches ? clone(round.pitches) : null,
    huddle: huddleView(state),
  };
}

function safeState(state: GameState): SafeState {
  const { prng: _prng, bannedTokens: _banned, seed: _seed, participants, ...rest } = state;
  const safe: SafeState['participants'] = {};
  for (const id of Object.keys(participants)) {
    const { tokenHash: _t, ...p } = participants[id];
    setOwn(safe, id, p);
  }
  return { ...clone({ ...rest, history: rest.history.map((r) => visibleResult(r, true)) }), participants: safe };
}

/** What every member of a team may see; identical for all of them. */
export function teamViewFor(state: GameState, team: Team): TeamView {
  const card = currentCard(state);
  const brief = card ? card.briefs[team] : null;
  // Rules v2: only this team's stake, and only its text (not the option it pulls towards).
  const told = common(state, false);
  const r = untold(state);
  const shared = r ? withheld(told, state, r) : told;
  if (state.rules === 2) return { kind: 'team', team, ...shared, brief, stake: card?.stakes?.[team].text ?? null, ...takeawayField(state, team) };
  return { kind: 'team', team, ...shared, brief, ...takeawayField(state, team) };
}

/** A participant's own part (name, team, own choice, own story, own story vote), or null if unknown. */
export function personalViewFor(state: GameState, participantId: string): PersonalView | null {
  const p = own(state.participants, participantId);
  if (!p) return null;
  const round = state.round;
  const storyId = round ? own(round.storyByParticipant, participantId) : undefined;
  const story = storyId !== undefined ? own(round!.stories, storyId) : undefined;
  return {
    participantId,
    name: p.name,
    team: p.team,
    removed: p.removed,
    myChoice: (round && own(round.choices, participantId)) ?? null,
    myStory: story ? { storyId: story.storyId, text: story.text } : null,
    myStoryVote: (round && own(round.storyVotes, participantId)) ?? null,
    ...(predictionsOn(state) ? { myPrediction: myPrediction(state, participantId) } : {}),
  };
}

function participantView(state: GameState, participantId: string): ParticipantView | null {
  const me = personalViewFor(state, participantId);
  if (!me) return null;
  const { kind: _k, ...team } = teamViewFor(state, me.team);
  // A removed participant keeps seeing the public state but no brief.
  const hidden = me.removed ? { brief: null, ...('stake' in team ? { stake: null } : {}) } : {};
  return { ...team, kind: 'participant', ...hidden, me };
}

// Rules v2 with predictions: each team's split, for the console and the stage (never in a team's view).
function splitsField(state: GameState) {
  return predictionsOn(state) ? { predictions: predictionSplits(state) } : {};
}

function stageView(state: GameState): StageView {
  const roster: StageView['roster'] = [];
  for (const id of Object.keys(state.participants)) {
    const p = state.participants[id];
    if (!p.removed) roster.push({ participantId: id, name: p.name, team: p.team });
  }
  return { kind: 'stage', ...common(state, false), roster, history: state.history.map((r) => visibleResult(r, false)), ...splitsField(state) };
}

function facilitatorView(state: GameState): FacilitatorView {
  return {
    kind: 'facilitator',
    ...common(state, true),
    fullCard: clone(currentCard(state)),
    round: clone(state.round),
    state: safeState(state),
    ...splitsField(state),
  };
}

function replayView(state: GameState): ReplayView {
  return { kind: 'replay', ...common(state, true), fullCard: clone(currentCard(state)), state: safeState(state), ...splitsField(state) };
}

/**
 * What a role may see of the state. A participant never gets the PRNG state, tokenHashes, the
 * other team's brief, anyone else's choice, tallies before the reveal or hidden stories; the stage
 * gets no briefs and no tallies before the reveal. Returns null for an unknown participant.
 */
export function viewFor<V extends Viewer>(state: GameState, viewer: V): ViewFor<V> | null {
  switch (viewer.kind) {
    case 'participant':
      return participantView(state, viewer.participantId) as ViewFor<V> | null;
    case 'stage':
      return stageView(state) as ViewFor<V>;
    case 'facilitator':
      return facilitatorView(state) as ViewFor<V>;
    case 'replay':
      return replayView(state) as ViewFor<V>;
  }
  return null;
}
