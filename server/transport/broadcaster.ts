import type { Server } from 'socket.io';
import type { Session, SessionListener } from '../sessions/session';
import type { SessionRegistry } from '../sessions/registry';
import type { TimerHandle } from '../sessions/clock';
import type { Team } from '../../shared/schemas/common';
import { viewFor, teamViewFor, personalViewFor } from '../../shared/engine/views';
import { LIVE_TEAM_FIELDS, type HostView, type ClientToServerEvents, type ServerToClientEvents, type SocketData, type TeamViewPatch } from '../../shared/protocol/events';
import type { TeamView, PersonalView, StageView } from '../../shared/schemas/views';

type IO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Coalescing window: a vote burst sends each room at most one view per window, whatever the vote rate. */
export const BROADCAST_INTERVAL_MS = 50;
/**
 * The facilitator's view is the largest (everyone, every vote: ~500 KB and ~10 ms to build for 2,000
 * people), so it is refreshed less often as the room grows: every 100 ms for a workshop of up to 200,
 * stretching to once a second for 2,000 and more.
 */
export function hostIntervalMs(participants: number): number {
  return Math.min(1000, Math.max(100, participants / 2));
}

/** Splits a team view into its live fields (sent as patches) and the JSON of everything else. */
function splitTeamView(view: TeamView): { heavy: string; patch: TeamViewPatch } {
  const heavy: Record<string, unknown> = { ...view };
  const patch = {} as Record<string, unknown>;
  for (const k of LIVE_TEAM_FIELDS) {
    patch[k] = view[k];
    delete heavy[k];
  }
  return { heavy: JSON.stringify(heavy), patch: patch as TeamViewPatch };
}

export const rooms = {
  host: (code: string) => `${code}:host`,
  stage: (code: string) => `${code}:stage`,
  all: (code: string) => `${code}:all`,
  team: (code: string, team: Team) => `${code}:${team}`,
  participant: (code: string, id: string) => `${code}:p:${id}`,
};

type Pending = { views: boolean; host: boolean; touched: Set<string>; timer?: TimerHandle; hostTimer?: TimerHandle; lastFlush: number; lastHostFlush: number };

/**
 * Turns committed changes into messages. Acks are immediate (in the session); views are coalesced per
 * room so a 2,000-person burst costs one message per room per window, not one per vote per person.
 */
export class Broadcaster implements SessionListener {
  private pending = new Map<string, Pending>();
  /** Per team room, the JSON of the last full view's slow-changing part. */
  private lastHeavy = new Map<string, string>();

  /** `clustered`: other nodes hold sockets of the room too (Redis adapter), so this node cannot see who is in it. */
  constructor(private io: IO, private registry: SessionRegistry, private opts: { clustered?: boolean } = {}) {}

  private entry(code: string): Pending {
    let p = this.pending.get(code);
    if (!p) {
      p = { views: false, host: false, touched: new Set(), lastFlush: 0, lastHostFlush: 0 };
      this.pending.set(code, p);
    }
    return p;
  }

  changed(session: Session, touched: Iterable<string>): void {
    const p = this.entry(session.code);
    p.views = true;
    p.host = true;
    for (const id of touched) p.touched.add(id);
    this.schedule(session, p);
  }

  presenceChanged(session: Session): void {
    const p = this.entry(session.code);
    p.host = true;
    this.schedule(session, p);
  }

  private schedule(session: Session, p: Pending): void {
    const now = this.registry.clock.now();
    if (p.views && !p.timer) {
      p.timer = this.registry.clock.setTimeout(() => this.flushViews(session), Math.max(0, p.lastFlush + BROADCAST_INTERVAL_MS - now));
    }
    if (p.host && !p.hostTimer) {
      p.hostTimer = this.registry.clock.setTimeout(() => this.flushHost(session), Math.max(0, p.lastHostFlush + hostIntervalMs(session.state.activeCount) - now));
    }
  }

  private flushViews(session: Session): void {
    const p = this.entry(session.code);
    p.timer = undefined;
    p.lastFlush = this.registry.clock.now();
    if (!p.views) return;
    p.views = false;
    const { code, seq } = session;
    const adapter = this.io.of('/').adapter;
    const hasMembers = (room: string) => this.opts.clustered || (adapter.rooms.get(room)?.size ?? 0) > 0;
    if (hasMembers(rooms.stage(code))) this.io.to(rooms.stage(code)).emit('view', { seq, view: this.stageView(session) });
    for (const team of ['buyer', 'provider'] as const) {
      const room = rooms.team(code, team);
      if (!hasMembers(room)) continue;
      const view = this.teamView(session, team);
      const { heavy, patch } = splitTeamView(view);
      // Everyone in the room has the heavy part already (from the last full view or their join ack).
      if (this.lastHeavy.get(room) === heavy) this.io.to(room).emit('patch', { seq, patch });
      else {
        this.lastHeavy.set(room, heavy);
        this.io.to(room).emit('view', { seq, view });
      }
    }
    const touched = p.touched;
    p.touched = new Set();
    for (const id of touched) {
      const room = rooms.participant(code, id);
      if (!hasMembers(room)) continue;
      const me = this.personalView(session, id);
      if (me) this.io.to(room).emit('me', { seq, me });
    }
  }

  private flushHost(session: Session): void {
    const p = this.entry(session.code);
    p.hostTimer = undefined;
    p.lastHostFlush = this.registry.clock.now();
    if (!p.host) return;
    p.host = false;
    const room = rooms.host(session.code);
    if (!this.opts.clustered && (this.io.of('/').adapter.rooms.get(room)?.size ?? 0) === 0) return;
    this.io.to(room).emit('view', { seq: session.seq, view: this.hostView(session) });
  }

  hostView(session: Session): HostView {
    const base = viewFor(session.state, { kind: 'facilitator' })!;
    const now = this.registry.clock.now();
    const presence: HostView['presence'] = {};
    for (const id of Object.keys(session.state.participants)) presence[id] = session.presence.stateOf(id, now);
    return { ...base, presence };
  }

  stageView(session: Session): StageView {
    return viewFor(session.state, { kind: 'stage' })!;
  }

  teamView(session: Session, team: Team): TeamView {
    return teamViewFor(session.state, team);
  }

  personalView(session: Session, participantId: string): PersonalView {
    return personalViewFor(session.state, participantId)!;
  }

  /** After a team change, the participant's sockets follow to the other team's room. */
  moveSockets(session: Session, participantId: string): void {
    const team = session.state.participants[participantId]?.team;
    if (!team) return;
    const { code } = session;
    const other = team === 'buyer' ? 'provider' : 'buyer';
    this.io.in(rooms.participant(code, participantId)).socketsLeave(rooms.team(code, other));
    this.io.in(rooms.participant(code, participantId)).socketsJoin(rooms.team(code, team));
    // Patches assume the last full view of the team: the newcomer gets it now.
    this.io.to(rooms.participant(code, participantId)).emit('view', { seq: session.seq, view: this.teamView(session, team) });
    this.changed(session, [participantId]);
  }

  kick(session: Session, participantId: string, reason: 'removed' | 'banned'): void {
    const room = rooms.participant(session.code, participantId);
    this.io.to(room).emit('kicked', { reason });
    this.io.in(room).disconnectSockets(true);
  }
}
