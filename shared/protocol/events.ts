import type { Ack } from './ack';
import type { FacilitatorView, StageView, ReplayView, TeamView, PersonalView } from '../schemas/views';
import type { PresenceState } from './presence';

/**
 * The socket.io event maps: the one definition of the protocol that the server, the client, the bots
 * and the tests all type-check against. Payload schemas are in ./commands.ts; docs/protocol.md explains both.
 */

/** Stable error codes of the transport; rule errors from the engine (shared/engine/errors.ts) come through as well. */
export const ERROR_CODES = {
  BAD_PAYLOAD: 'BAD_PAYLOAD',
  BAD_DECK: 'BAD_DECK',
  UNKNOWN_EVENT: 'UNKNOWN_EVENT',
  RATE_LIMITED: 'RATE_LIMITED',
  NO_SUCH_SESSION: 'NO_SUCH_SESSION',
  NOT_HOST: 'NOT_HOST',
  NOT_PARTICIPANT: 'NOT_PARTICIPANT',
  NOT_ATTACHED: 'NOT_ATTACHED',
  ALREADY_ATTACHED: 'ALREADY_ATTACHED',
  UNKNOWN_TOKEN: 'UNKNOWN_TOKEN',
  BANNED: 'BANNED',
  STORAGE_FAILED: 'STORAGE_FAILED',
  INTERNAL: 'INTERNAL',
  READ_ONLY: 'READ_ONLY',
  /** A vote for an option the team cannot pay (nor, for a v2 joint part, the two teams' pooled power-ups). */
  CANNOT_AFFORD: 'CANNOT_AFFORD',
  /** Several nodes: the session is moving to (or owned by) another node that could not be reached now. Retry. */
  SESSION_MOVED: 'SESSION_MOVED',
} as const;

/**
 * Refusals that mean "not now, nothing was changed": the same request may be sent again in a moment (the
 * session is moving to another node, the store could not write). Clients retry these; they never give up
 * a seat or a tap over them.
 */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set([ERROR_CODES.SESSION_MOVED, ERROR_CODES.STORAGE_FAILED, ERROR_CODES.INTERNAL]);

/** The facilitator's view plus transport facts the engine does not know: who is connected. */
export type HostView = FacilitatorView & { presence: Record<string, PresenceState> };

type Cb<T extends object> = (r: Ack<T>) => void;
type Seq = { seq: number };

export interface ClientToServerEvents {
  'session:create': (payload: unknown, ack: (r: Ack<{ code: string; hostKey: string }> & { errors?: string[] }) => void) => void;
  'host:attach': (payload: unknown, ack: Cb<Seq & { view: HostView }>) => void;
  'host:command': (payload: unknown, ack: Cb<Seq & { replayToken?: string }>) => void;
  'participant:join': (payload: unknown, ack: Cb<Seq & { participantId: string; token: string; view: TeamView; me: PersonalView }>) => void;
  'participant:rejoin': (payload: unknown, ack: Cb<Seq & { participantId: string; view?: TeamView; me: PersonalView }>) => void;
  'participant:choose': (payload: unknown, ack: Cb<Seq>) => void;
  'participant:story': (payload: unknown, ack: Cb<Seq & { storyId: string }>) => void;
  'participant:storyVote': (payload: unknown, ack: Cb<Seq>) => void;
  'participant:team': (payload: unknown, ack: Cb<Seq>) => void;
  'participant:predict': (payload: unknown, ack: Cb<Seq>) => void;
  'viewer:attach': (payload: unknown, ack: Cb<Seq & { view: StageView }>) => void;
  sync: (payload: unknown, ack: Cb<Seq & { view?: HostView | StageView | TeamView; me?: PersonalView }>) => void;
}

/**
 * The fields of a TeamView that change many times a second during a vote or while people join. When only
 * these changed since the last full view, the server sends them alone (`patch`), a few hundred bytes
 * instead of the whole card and last result, to every member of the team.
 */
export const LIVE_TEAM_FIELDS = ['voted', 'storiesSubmitted', 'timer', 'teamSizes', 'teams', 'locked'] as const;
export type TeamViewPatch = Pick<TeamView, (typeof LIVE_TEAM_FIELDS)[number]>;

/** Applies a patch to the view it belongs to (same seq order); the caller's view is not changed. */
export function applyTeamPatch(view: TeamView, patch: TeamViewPatch): TeamView {
  return { ...view, ...patch };
}

export interface ServerToClientEvents {
  /** The role's view of the session (team view for participants), sent at most every 50 ms per room. */
  view: (msg: { seq: number; view: HostView | StageView | TeamView }) => void;
  /** Only the live fields of the team view changed: merge them into the last full view. */
  patch: (msg: { seq: number; patch: TeamViewPatch }) => void;
  /** A participant's own part: choice, story, vote, name and team. */
  me: (msg: { seq: number; me: PersonalView }) => void;
  /** This participant was removed (or banned) by the facilitator. */
  kicked: (msg: { reason: 'removed' | 'banned' }) => void;
}

export type SocketData =
  | { role: 'none' }
  | { role: 'host'; code: string }
  | { role: 'stage'; code: string }
  | { role: 'replay'; code: string }
  | { role: 'participant'; code: string; participantId: string };

export type { ReplayView };
