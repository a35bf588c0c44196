import type { GameEvent } from '../../shared/schemas/events';
import type { GameState } from '../../shared/schemas/state';
import { TEAM_NAME, plural } from '../dom/format';
import { own } from '../../shared/engine/ownRecord';
import { isHuddleRound } from '../../shared/engine/v2/huddle';

const quote = (s: string) => `\u201c${s}\u201d`;

/**
 * The event at the playhead in words, for the caption under the stage ("Ana chose 'Open a 90-day data
 * sandbox'"). `state` is the state right after the event; `names` the names the debrief may show.
 * Story texts are never quoted here: they are moderated in the stories list.
 */
export function describeEvent(e: GameEvent, state: GameState, names: Record<string, string>, previous?: GameEvent): string {
  const who = (id: string) => own(names, id) ?? 'Someone';
  const roundNo = state.round ? state.round.index + 1 : state.history.length;
  const card = state.round ? state.deck.cards.find((c) => c.id === state.round!.cardId) : undefined;
  const optionLabel = (id: string) => card?.options.find((o) => o.id === id)?.label ?? id;
  const storyAuthor = (storyId: string) => {
    const s = state.round ? own(state.round.stories, storyId) : undefined;
    return s ? `${who(s.participantId)}\u2019s story` : 'a story';
  };
  switch (e.type) {
    case 'created':
      return `Session ${quote(e.config.title)} created: ${plural(e.config.rounds, 'round')}`;
    case 'joined':
      return `${who(e.participantId)} joined the ${TEAM_NAME[own(state.participants, e.participantId)?.team ?? 'buyer']} team`;
    case 'teamChosen':
      return `${who(e.participantId)} picked the ${TEAM_NAME[e.team]} team`;
    case 'moved':
      return `The facilitator moved ${who(e.participantId)} to the ${TEAM_NAME[e.team]} team`;
    case 'removed':
      return `The facilitator removed ${who(e.participantId)}${e.ban ? ' and banned them' : ''}`;
    case 'locked':
      return e.locked ? 'The room was locked: no one new can join' : 'The room was unlocked';
    case 'roundStarted':
      return `Round ${roundNo} started: ${quote(card?.title ?? '')}`;
    case 'decidingStarted':
      return state.phase === 'huddle' ? `The cross-team huddle opened for round ${roundNo}` : `Voting opened for round ${roundNo}`;
    case 'paused':
      return e.reason === 'restart' ? 'The server stopped: the timer was paused' : 'The facilitator paused the timer';
    case 'resumed': {
      if (e.reason !== 'restart') return 'The facilitator resumed the timer';
      // The server's own pause over its downtime: paused when it went down, resumed when it was back.
      const down = previous?.type === 'paused' && previous.reason === 'restart' ? ` for ${((e.at - previous.at) / 1000).toFixed(1)} s` : '';
      return `Paused by a server restart${down}; the timer resumed with the time it had`;
    }
    case 'extended':
      return `The facilitator added ${plural(e.seconds, 'second')}`;
    case 'choiceMade':
      return `${who(e.participantId)} chose ${quote(optionLabel(e.optionId))}`;
    case 'timeUp': {
      const why = e.reason === 'timer' ? 'Time was up' : 'The facilitator moved on';
      if (state.phase === 'stories') return `${why}: story writing began`;
      if (state.phase === 'storyVote') return `${why}: story voting began`;
      if (state.phase === 'huddle') return `${why}: the cross-team huddle began`;
      if (state.phase === 'predicting') return `${why}: the vote closed, predictions opened`;
      if (state.phase === 'deciding' && state.round && isHuddleRound(state, state.round.index)) return `${why}: the huddle ended, voting opened`;
      return `${why}: round ${state.history.length} revealed`;
    }
    case 'storySubmitted':
      return `${who(e.participantId)} wrote a story`;
    case 'storyVoted':
      return `${who(e.participantId)} voted for ${storyAuthor(e.storyId)}`;
    case 'storyHidden':
      return e.hidden ? `The facilitator hid ${storyAuthor(e.storyId)}` : `The facilitator showed ${storyAuthor(e.storyId)} again`;
    case 'revealed':
      return `Round ${state.history.length} revealed`;
    case 'narrated':
      return state.round?.narration && e.step >= state.round.narration.total ? 'The reveal was told to its end' : `The reveal, step ${e.step}`;
    case 'roundClosed':
      return `Round ${state.history.length} closed: discussion`;
    case 'predicted':
      return `${who(e.participantId)} predicted: ${e.question === 'through' ? 'our move gets through' : 'a step change'} — ${e.expect ? 'yes' : 'no'}`;
    case 'huddleSet':
      return e.huddle ? `The facilitator made round ${e.round} a huddle round` : `The facilitator took the huddle off round ${e.round}`;
    case 'ended':
      return state.outcome ? `The session ended: ${state.outcome.name}` : 'The session ended';
  }
}
