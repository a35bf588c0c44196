import type { Team } from '../schemas/common';
import type { Card } from '../schemas/deck';
import type { CreatedEvent, EventOf, GameEvent } from '../schemas/events';
import { GameEventSchema } from '../schemas/events';
import type { RoundResult, StoryRecord } from '../schemas/result';
import type { GameState, Participant, TeamState } from '../schemas/state';
import type { RuleError } from './errors';
import { ruleError } from './errors';
import { explainRound } from './explain';
import { narrationLength } from './narration';
import { outcomeOf } from './outcome';
import { PrngStream, seedPrng, shuffled } from './prng';
import { resolveRound } from './resolve';
import { RULES } from './rules';
import { cleanText, isVisibleText, nameKey } from '../schemas/text';
import { deleteOwn, own, setOwn } from './ownRecord';
import { explainRoundV2 } from './v2/explainV2';
import { outcomeV2 } from './v2/outcomeV2';
import { bestPitch, settlePitches } from './v2/pitches';
import { resolveRoundV2 } from './v2/resolveV2';
import { RULES_V2 } from './v2/rulesV2';
import { applyPrediction, dropPrediction, openPredictions, predictionSplits, predictionsOn } from './v2/predictions';
import { applyHuddleSet, huddleSecondsOf, isHuddleRound, stakesFor, stakesSentences } from './v2/huddle';

export type ApplyResult = { ok: true; state: GameState } | RuleError;

function freshTeam(v2: boolean): TeamState {
  return {
    size: 0,
    inventory: { ...(v2 ? RULES_V2.startInventory : RULES.startInventory) },
    lives: v2 ? RULES_V2.startLives : RULES.startLives,
    position: 0,
    hitsAbsorbed: 0,
    shutDowns: 0,
    loops: 0,
    opportunities: 0,
  };
}

/** The state right after a `created` event: the card order is shuffled once from the seed. */
export function initialState(created: CreatedEvent): GameState {
  const rng = new PrngStream(seedPrng(created.seed));
  const known = new Set(created.deck.cards.map((c) => c.id));
  const picked = created.config.cardIds.filter((id) => known.has(id));
  const v2 = created.rules === 2;
  // v1 always shuffles; v2 deals the deck's curated arc unless the facilitator asks for a shuffle.
  const cardOrder = picked.length > 0 ? picked : !v2 || created.config.shuffle ? shuffled([...known], rng) : [...known];
  return {
    ...(v2 ? { rules: 2 as const } : {}),
    config: created.config,
    deck: created.deck,
    seed: created.seed,
    createdAt: created.at,
    phase: 'lobby',
    locked: false,
    participants: {},
    activeCount: 0,
    usedNames: {},
    bannedTokens: {},
    teams: { buyer: freshTeam(v2), provider: freshTeam(v2) },
    competitor: 0,
    stepChanges: 0,
    score: 0,
    cardOrder,
    roundsPlayed: 0,
    round: null,
    timer: { deadline: null, remainingMs: null, paused: false },
    history: [],
    outcome: null,
    endedAt: null,
    prng: rng.state,
  };
}

export function currentCard(state: GameState): Card | null {
  if (!state.round) return null;
  const id = state.round.cardId;
  return state.deck.cards.find((c) => c.id === id) ?? null;
}

const OK = null;
type Check = RuleError | null;

function activeParticipant(state: GameState, id: string): Participant | RuleError {
  const p = own(state.participants, id);
  if (!p || p.removed) return ruleError('NOT_A_PARTICIPANT');
  return p;
}
const isError = (x: unknown): x is RuleError => typeof x === 'object' && x !== null && (x as RuleError).ok === false;

// A name that looks like a taken one (case, invisible characters, look-alike letters) gets a number.
function uniqueName(state: GameState, raw: string): string {
  const base = cleanText(raw).slice(0, RULES.nameMaxChars);
  let name = base;
  for (let k = 2; own(state.usedNames, nameKey(name)); k++) name = `${base} ${k}`;
  return name;
}

// Forget a participant's vote and story vote in the current round (team change or removal).
function dropRoundActivity(state: GameState, p: Participant): void {
  const round = state.round;
  if (!round) return;
  const choice = own(round.choices, p.participantId);
  if (choice !== undefined) {
    deleteOwn(round.choices, p.participantId);
    const tally = round.tallies[p.team];
    const left = (own(tally, choice) ?? 0) - 1;
    if (left > 0) setOwn(tally, choice, left);
    else deleteOwn(tally, choice);
    round.voters[p.team] -= 1;
  }
  const voted = own(round.storyVotes, p.participantId);
  if (voted !== undefined) {
    deleteOwn(round.storyVotes, p.participantId);
    const story = own(round.stories, voted);
    if (story) story.votes -= 1;
    round.storyVoters[p.team] -= 1;
  }
  dropPrediction(round, p);
}

function startTimer(state: GameState, at: number, seconds: number): void {
  state.timer = { deadline: at + seconds * 1000, remainingMs: null, paused: false };
}
function stopTimer(state: GameState): void {
  state.timer = { deadline: null, remainingMs: null, paused: false };
}

// The round as both engines take it: the teams' states, tallies and voters, and the stories in order.
function roundInput(state: GameState, at: number) {
  const round = state.round!;
  const stories = Object.values(round.stories).sort((a, b) => a.at - b.at || (a.storyId < b.storyId ? -1 : 1));
  return {
    card: currentCard(state)!,
    index: round.index,
    startedAt: round.startedAt,
    resolvedAt: at,
    teams: {
      buyer: { state: state.teams.buyer, tally: round.tallies.buyer, voters: round.voters.buyer },
      provider: { state: state.teams.provider, tally: round.tallies.provider, voters: round.voters.provider },
    },
    competitor: state.competitor,
    stepChanges: state.stepChanges,
    stories: stories.map((s) => ({ ...s })),
  };
}

// Either engine's resolved round into the state: teams (keeping their sizes), score, history, the reveal.
function commitRound(state: GameState, out: { result: RoundResult; teams: GameState['teams']; competitor: number; stepChanges: number; score: number }): void {
  out.teams.buyer.size = state.teams.buyer.size;
  out.teams.provider.size = state.teams.provider.size;
  state.teams = out.teams;
  state.competitor = out.competitor;
  state.stepChanges = out.stepChanges;
  state.score = out.score;
  state.history.push(out.result);
  state.roundsPlayed += 1;
  state.phase = 'reveal';
  stopTimer(state);
}

function resolveCurrentRound(state: GameState, at: number): void {
  if (state.rules === 2) {
    settlePitches(state);
    const input = roundInput(state, at);
    const out = resolveRoundV2({ ...input, pitches: state.round!.pitches ?? { buyer: null, provider: null }, stakes: stakesFor(state, input.index) });
    out.result.explanation = [...explainRoundV2(out.result, input.card), ...stakesSentences(out.result)];
    // The prediction window's split goes with the round, for the reveal and the debrief.
    const splits = predictionSplits(state);
    if (splits) out.result.predictions = splits;
    return commitRound(state, out);
  }
  // v1: each team's best story (the same rule as a v2 pitch's) earns Stories after the vote.
  const round = state.round!;
  const best = (team: Team) => bestPitch(round.stories, team)?.storyId ?? null;
  const out = resolveRound({ ...roundInput(state, at), bestStories: { buyer: best('buyer'), provider: best('provider') }, prng: state.prng });
  out.result.explanation = explainRound(out.result);
  state.prng = out.prng;
  commitRound(state, out);
}

// Rules v2: the vote opens, after a timed cross-team huddle in a huddle round (v2/huddle.ts).
function openVoteV2(state: GameState, at: number): void {
  const huddle = state.phase !== 'huddle' && isHuddleRound(state, state.round!.index);
  state.phase = huddle ? 'huddle' : 'deciding';
  startTimer(state, at, huddle ? huddleSecondsOf(state.config) : state.config.decideSeconds);
}

// Rules v2: a paused round takes no votes, pitches or backing (v1 logs keep their old behaviour).
function pausedV2(state: GameState): boolean {
  return state.rules === 2 && state.timer.paused;
}

function hasStoryStage(state: GameState): boolean {
  return state.config.storyRounds && !!currentCard(state)?.storyPrompt;
}

// Each handler checks everything first and returns an error, or mutates and returns null.
type Handler<T extends GameEvent['type']> = (state: GameState, e: EventOf<T>) => Check;

const handlers: { [T in GameEvent['type']]: Handler<T> } = {
  created: () => ruleError('ALREADY_CREATED'),

  joined(state, e) {
    if (own(state.participants, e.participantId)) return ruleError('ALREADY_JOINED');
    if (own(state.bannedTokens, e.tokenHash)) return ruleError('BANNED');
    if (state.locked) return ruleError('ROOM_LOCKED');
    if (state.activeCount >= state.config.maxParticipants) return ruleError('ROOM_FULL');
    // The same cleaning as the protocol's, so that an imported log is held to it too.
    const trimmed = cleanText(e.name);
    if (trimmed.length < 1 || trimmed.length > RULES.nameMaxChars || !isVisibleText(trimmed)) return ruleError('BAD_NAME');
    const { buyer, provider } = state.teams;
    // Balanced assignment: the smaller team, Buyer on a tie. A requested team counts only with teamChoice.
    const team: Team = state.config.teamChoice && e.team ? e.team : buyer.size <= provider.size ? 'buyer' : 'provider';
    const name = uniqueName(state, trimmed);
    setOwn(state.usedNames, nameKey(name), true);
    setOwn(state.participants, e.participantId, {
      participantId: e.participantId,
      name,
      team,
      tokenHash: e.tokenHash,
      joinedAt: e.at,
      removed: false,
      banned: false,
    });
    state.teams[team].size += 1;
    state.activeCount += 1;
    return OK;
  },

  teamChosen(state, e) {
    if (!state.config.teamChoice) return ruleError('TEAM_CHOICE_OFF');
    if (state.phase !== 'lobby' && state.phase !== 'between') return ruleError('WRONG_PHASE');
    const p = activeParticipant(state, e.participantId);
    if (isError(p)) return p;
    if (p.team === e.team) return OK;
    moveTo(state, p, e.team);
    return OK;
  },

  moved(state, e) {
    if (state.phase === 'ended') return ruleError('ALREADY_ENDED');
    const p = activeParticipant(state, e.participantId);
    if (isError(p)) return p;
    if (p.team === e.team) return ruleError('SAME_TEAM');
    moveTo(state, p, e.team);
    return OK;
  },

  removed(state, e) {
    const p = own(state.participants, e.participantId);
    if (!p) return ruleError('NOT_A_PARTICIPANT');
    if (p.removed && (p.banned || !e.ban)) return ruleError('NOT_A_PARTICIPANT');
    if (!p.removed) {
      dropRoundActivity(state, p);
      // Their story stays in the record for the debrief, but hidden: it can no longer win.
      const storyId = state.round ? own(state.round.storyByParticipant, p.participantId) : undefined;
      const story = storyId !== undefined ? own(state.round!.stories, storyId) : undefined;
      if (story) story.hidden = true;
      state.teams[p.team].size -= 1;
      state.activeCount -= 1;
      p.removed = true;
    }
    if (e.ban) {
      p.banned = true;
      setOwn(state.bannedTokens, p.tokenHash, true);
    }
    return OK;
  },

  locked(state, e) {
    if (state.phase === 'ended') return ruleError('ALREADY_ENDED');
    state.locked = e.locked;
    return OK;
  },

  roundStarted(state, e) {
    if (state.phase === 'ended') return ruleError('ALREADY_ENDED');
    if (state.phase !== 'lobby' && state.phase !== 'reveal' && state.phase !== 'between') return ruleError('WRONG_PHASE');
    if (state.roundsPlayed >= state.config.rounds) return ruleError('NO_MORE_ROUNDS');
    const index = state.roundsPlayed;
    // Decks shorter than the session wrap around.
    const cardId = state.cardOrder[index % state.cardOrder.length];
    state.round = {
      index,
      cardId,
      startedAt: e.at,
      choices: {},
      tallies: { buyer: {}, provider: {} },
      voters: { buyer: 0, provider: 0 },
      stories: {},
      storyByParticipant: {},
      storyVotes: {},
      storyVoters: { buyer: 0, provider: 0 },
    };
    state.phase = 'card';
    stopTimer(state);
    return OK;
  },

  decidingStarted(state, e) {
    if (state.phase !== 'card') return ruleError(state.phase === 'ended' ? 'ALREADY_ENDED' : 'WRONG_PHASE');
    // Rules v2: on a story card the pitches come first, so the other team hears them before it votes.
    if (state.rules === 2 && hasStoryStage(state)) {
      state.phase = 'stories';
      startTimer(state, e.at, state.config.storySeconds);
      return OK;
    }
    if (state.rules === 2) {
      openVoteV2(state, e.at);
      return OK;
    }
    state.phase = 'deciding';
    startTimer(state, e.at, state.config.decideSeconds);
    return OK;
  },

  paused(state, e) {
    if (state.timer.paused) return ruleError('ALREADY_PAUSED');
    if (state.timer.deadline === null) return ruleError('NO_TIMER');
    state.timer = { deadline: null, remainingMs: Math.max(0, state.timer.deadline - e.at), paused: true };
    return OK;
  },

  resumed(state, e) {
    if (!state.timer.paused) return ruleError('NOT_PAUSED');
    state.timer = { deadline: e.at + (state.timer.remainingMs ?? 0), remainingMs: null, paused: false };
    return OK;
  },

  extended(state, e) {
    if (!(Number.isInteger(e.seconds) && e.seconds > 0)) return ruleError('BAD_EVENT', 'Seconds must be a positive integer.');
    const ms = e.seconds * 1000;
    if (state.timer.paused) state.timer.remainingMs = (state.timer.remainingMs ?? 0) + ms;
    else if (state.timer.deadline !== null) state.timer.deadline += ms;
    else return ruleError('NO_TIMER');
    return OK;
  },

  choiceMade(state, e) {
    // Votes cast in a huddle (rules v2) carry into the vote.
    if (state.phase !== 'deciding' && state.phase !== 'huddle') return ruleError(state.phase === 'ended' ? 'ALREADY_ENDED' : 'WRONG_PHASE');
    if (pausedV2(state)) return ruleError('PAUSED');
    const p = activeParticipant(state, e.participantId);
    if (isError(p)) return p;
    const option = currentCard(state)!.options.find((o) => o.id === e.optionId);
    if (!option) return ruleError('UNKNOWN_OPTION');
    if (option.team !== p.team) return ruleError('WRONG_TEAM');
    const round = state.round!;
    const tally = round.tallies[p.team];
    const previous = own(round.choices, p.participantId);
    if (previous === e.optionId) return OK;
    if (previous !== undefined) {
      const left = (own(tally, previous) ?? 0) - 1;
      if (left > 0) setOwn(tally, previous, left);
      else deleteOwn(tally, previous);
    } else round.voters[p.team] += 1;
    setOwn(tally, e.optionId, (own(tally, e.optionId) ?? 0) + 1);
    setOwn(round.choices, p.participantId, e.optionId);
    return OK;
  },

  timeUp(state, e) {
    const phase = state.phase;
    if (phase !== 'deciding' && phase !== 'stories' && phase !== 'storyVote' && phase !== 'huddle' && phase !== 'predicting')
      return ruleError(phase === 'ended' ? 'ALREADY_ENDED' : 'WRONG_PHASE');
    if (e.reason === 'timer') {
      if (state.timer.paused) return ruleError('PAUSED');
      if (state.timer.deadline === null || e.at < state.timer.deadline) return ruleError('TOO_EARLY');
    }
    if (state.rules === 2) {
      if (phase === 'stories') {
        state.phase = 'storyVote';
        startTimer(state, e.at, state.config.storyVoteSeconds);
      } else if (phase === 'storyVote' || phase === 'huddle') {
        settlePitches(state);
        openVoteV2(state, e.at);
      } else if (phase === 'deciding' && predictionsOn(state)) openPredictions(state, e.at);
      else resolveCurrentRound(state, e.at);
    } else if (phase === 'deciding' && hasStoryStage(state)) {
      state.phase = 'stories';
      startTimer(state, e.at, state.config.storySeconds);
    } else if (phase === 'stories') {
      state.phase = 'storyVote';
      startTimer(state, e.at, state.config.storyVoteSeconds);
    } else resolveCurrentRound(state, e.at);
    return OK;
  },

  storySubmitted(state, e) {
    if (state.phase !== 'stories') return ruleError(state.phase === 'ended' ? 'ALREADY_ENDED' : 'WRONG_PHASE');
    if (pausedV2(state)) return ruleError('PAUSED');
    const p = activeParticipant(state, e.participantId);
    if (isError(p)) return p;
    const text = cleanText(e.text);
    if (text.length < 1 || text.length > RULES.storyMaxChars || !isVisibleText(text)) return ruleError('BAD_STORY');
    const round = state.round!;
    const existing = own(round.stories, e.storyId);
    if (existing && existing.participantId !== p.participantId) return ruleError('DUPLICATE_STORY');
    const previous = own(round.storyByParticipant, p.participantId);
    if (previous !== undefined && previous !== e.storyId) deleteOwn(round.stories, previous);
    setOwn(round.stories, e.storyId, {
      storyId: e.storyId,
      participantId: p.participantId,
      author: p.name,
      team: p.team,
      text,
      at: e.at,
      votes: 0,
      hidden: existing?.hidden ?? false,
    });
    setOwn(round.storyByParticipant, p.participantId, e.storyId);
    return OK;
  },

  storyVoted(state, e) {
    if (state.phase !== 'storyVote') return ruleError(state.phase === 'ended' ? 'ALREADY_ENDED' : 'WRONG_PHASE');
    if (pausedV2(state)) return ruleError('PAUSED');
    const p = activeParticipant(state, e.participantId);
    if (isError(p)) return p;
    const round = state.round!;
    const story = own(round.stories, e.storyId);
    if (!story) return ruleError('UNKNOWN_STORY');
    if (story.hidden) return ruleError('HIDDEN_STORY');
    if (story.team === p.team) return ruleError('OWN_TEAM_STORY');
    const previous = own(round.storyVotes, p.participantId);
    if (previous === e.storyId) return OK;
    if (previous !== undefined) {
      const old = own(round.stories, previous);
      if (old) old.votes -= 1;
    } else round.storyVoters[p.team] += 1;
    story.votes += 1;
    setOwn(round.storyVotes, p.participantId, e.storyId);
    return OK;
  },

  // Moderation works on any story of the session, also after the end (for the debrief); a story
  // hidden before its round resolves cannot win the vote.
  storyHidden(state, e) {
    const live = state.round ? own(state.round.stories, e.storyId) : undefined;
    const past: StoryRecord[] = [];
    for (const r of state.history) for (const s of r.stories) if (s.storyId === e.storyId) past.push(s);
    if (!live && past.length === 0) return ruleError('UNKNOWN_STORY');
    if (live) live.hidden = e.hidden;
    for (const s of past) s.hidden = e.hidden;
    return OK;
  },

  revealed(state, e) {
    const phase = state.phase;
    // The facilitator may reveal at any time, also during (or instead of) the prediction window.
    if (phase !== 'deciding' && phase !== 'stories' && phase !== 'storyVote' && phase !== 'huddle' && phase !== 'predicting')
      return ruleError(phase === 'ended' ? 'ALREADY_ENDED' : 'WRONG_PHASE');
    resolveCurrentRound(state, e.at);
    // The narration starts at its first step; the room learns the rest step by step (issue 15 item 9).
    if (state.config.narrate) state.round!.narration = { step: 1, total: narrationLength(state.history[state.history.length - 1]), at: e.at };
    return OK;
  },

  // Steps only forward; a step the room has already seen (the clock and the facilitator at once) is no change.
  narrated(state, e) {
    const n = state.phase === 'reveal' ? state.round?.narration : undefined;
    if (!n) return ruleError(state.phase === 'ended' ? 'ALREADY_ENDED' : 'WRONG_PHASE');
    if (e.step > n.total) return ruleError('BAD_STEP');
    if (e.step > n.step) {
      n.step = e.step;
      n.at = e.at;
    }
    return OK;
  },

  roundClosed(state) {
    if (state.phase !== 'reveal') return ruleError(state.phase === 'ended' ? 'ALREADY_ENDED' : 'WRONG_PHASE');
    state.phase = 'between';
    return OK;
  },

  huddleSet: applyHuddleSet,
  predicted: applyPrediction,

  ended(state, e) {
    if (state.phase === 'ended') return ruleError('ALREADY_ENDED');
    // A round still being decided is dropped unresolved: only resolved rounds count.
    if (state.round && state.history.length <= state.round.index) state.round = null;
    state.phase = 'ended';
    state.endedAt = e.at;
    stopTimer(state);
    state.outcome = state.rules === 2 ? outcomeV2(state) : outcomeOf(state);
    return OK;
  },
};

function moveTo(state: GameState, p: Participant, team: Team): void {
  dropRoundActivity(state, p);
  state.teams[p.team].size -= 1;
  state.teams[team].size += 1;
  p.team = team;
}

/**
 * Applies one event to the state, mutating it. Every check runs before any mutation, so a rejection
 * leaves the state exactly as it was. Costs only what the event touches (never O(participants)).
 */
export function applyEventInPlace(state: GameState, event: GameEvent): ApplyResult {
  if (!event || typeof event !== 'object' || typeof event.at !== 'number' || !Number.isFinite(event.at))
    return ruleError('BAD_EVENT');
  const handler = (handlers as Record<string, Handler<GameEvent['type']> | undefined>)[event.type];
  if (!handler || !Object.prototype.hasOwnProperty.call(handlers, event.type)) return ruleError('BAD_EVENT');
  let error: Check;
  try {
    error = handler(state, event);
  } catch {
    // Only malformed input can throw, and every handler checks before it mutates.
    return ruleError('BAD_EVENT');
  }
  return error ?? { ok: true, state };
}

/** Validates untrusted input (e.g. an imported log line) into an event, with defaults applied. */
export function parseEvent(raw: unknown): { ok: true; event: GameEvent } | RuleError {
  const r = GameEventSchema.safeParse(raw);
  if (r.success) return { ok: true, event: r.data };
  return ruleError('BAD_EVENT', r.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; '));
}

/** Pure: returns a new state; the caller's state is never touched. Copies the state (O(size)). */
export function applyEvent(state: GameState, event: GameEvent): ApplyResult {
  const copy = JSON.parse(JSON.stringify(state)) as GameState;
  return applyEventInPlace(copy, event);
}

/** An event of a stored or imported log that the engine refuses: the log is not a game, and is never partly used. */
export class RefusedLogEvent extends Error {
  constructor(readonly seq: number, readonly eventType: string, readonly code: string) {
    super(`event ${seq} (${eventType}) does not apply: ${code}`);
  }
}

/**
 * The one fold policy for logs (import, export, restart, rollback, replay, CSV): every event after
 * `created` must apply, or the fold throws RefusedLogEvent naming it. Nothing is ever skipped.
 */
export function applyLoggedEvent(state: GameState, event: GameEvent, seq: number): void {
  const r = applyEventInPlace(state, event);
  if (!r.ok) throw new RefusedLogEvent(seq, String((event as { type?: unknown })?.type), r.code);
}

/** Folds a whole log: the first event must be `created`, and every later one must apply (see applyLoggedEvent). */
export function foldEvents(events: readonly GameEvent[]): GameState {
  const first = events[0];
  if (!first || first.type !== 'created') throw new Error('A log must start with a "created" event.');
  const state = initialState(first);
  for (let i = 1; i < events.length; i++) applyLoggedEvent(state, events[i], i + 1);
  return state;
}

