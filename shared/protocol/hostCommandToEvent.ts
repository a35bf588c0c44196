import type { GameEvent } from '../schemas/events';
import type { HostCommand } from './commands';

/** An event as a command produces it: the session stamps the time. */
export type EventDraft = GameEvent extends infer E ? (E extends GameEvent ? Omit<E, 'at'> : never) : never;

/** The engine event a facilitator command asks for; null for commands that are not game events (replay links). */
export function hostCommandToEvent(c: HostCommand): EventDraft | null {
  switch (c.type) {
    case 'startRound': return { type: 'roundStarted' };
    case 'startTimer': return { type: 'decidingStarted' };
    case 'pause': return { type: 'paused' };
    case 'resume': return { type: 'resumed' };
    case 'extend': return { type: 'extended', seconds: c.seconds };
    case 'skip': return { type: 'timeUp', reason: 'skip' };
    case 'reveal': return { type: 'revealed' };
    case 'closeRound': return { type: 'roundClosed' };
    case 'narrate': return { type: 'narrated', step: c.step };
    case 'end': return { type: 'ended' };
    case 'move': return { type: 'moved', participantId: c.participantId, team: c.team };
    case 'remove': return { type: 'removed', participantId: c.participantId, ban: c.ban };
    case 'lock': return { type: 'locked', locked: c.locked };
    case 'hideStory': return { type: 'storyHidden', storyId: c.storyId, hidden: c.hidden };
    case 'setHuddle': return { type: 'huddleSet', round: c.round, huddle: c.huddle };
    case 'createReplayLink':
    case 'revokeReplayLink':
      return null;
  }
}
