import type { TeamView, PersonalView } from '../../shared/schemas/views';
import type { Team } from '../../shared/schemas/common';
import { connect, request, type GameSocket } from './socket';
import { applyTeamPatch } from '../../shared/protocol/events';
import { loadToken, saveToken, forgetToken } from './tokenStore';

export type Connection = 'connecting' | 'online' | 'reconnecting';

export type ParticipantState = {
  code: string;
  connection: Connection;
  /** True once this device is in the session (joined or rejoined). */
  joined: boolean;
  /** True while an automatic rejoin from a saved token is in flight. */
  rejoining: boolean;
  view: TeamView | null;
  me: PersonalView | null;
  kicked: 'removed' | 'banned' | null;
  /** Why an automatic rejoin failed (shown on the join form). */
  notice: string | null;
};

type Result = { ok: true } | { ok: false; code: string; message: string };

/**
 * The participant's side of the protocol: join, automatic rejoin with the saved token on every
 * (re)connect, and the latest team view and personal view, ordered by seq.
 */
export class ParticipantSession {
  readonly socket: GameSocket;
  state: ParticipantState;
  private viewSeq = -1;
  private meSeq = -1;
  private listeners = new Set<() => void>();

  constructor(code: string) {
    this.state = { code, connection: 'connecting', joined: false, rejoining: !!(code && loadToken(code)), view: null, me: null, kicked: null, notice: null };
    this.socket = connect();
    this.socket.on('connect', () => {
      this.set({ connection: 'online' });
      void this.rejoin();
    });
    this.socket.on('disconnect', () => {
      if (!this.state.kicked) this.set({ connection: 'reconnecting' });
    });
    this.socket.on('view', ({ seq, view }) => {
      if (seq < this.viewSeq || view.kind !== 'team') return;
      this.viewSeq = seq;
      this.set({ view });
    });
    this.socket.on('patch', ({ seq, patch }) => {
      if (seq < this.viewSeq || !this.state.view) return;
      this.viewSeq = seq;
      this.set({ view: applyTeamPatch(this.state.view, patch) });
    });
    this.socket.on('me', ({ seq, me }) => {
      if (seq < this.meSeq) return;
      this.meSeq = seq;
      this.set({ me });
    });
    this.socket.on('kicked', ({ reason }) => {
      forgetToken(this.state.code);
      this.set({ kicked: reason, joined: false });
    });
    // A phone that wakes up may have missed views while its socket looked alive: ask for a fresh one.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.socket.connected && this.state.joined) void this.sync();
    });
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<ParticipantState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }

  private accept(seq: number, view: TeamView | undefined, me: PersonalView | undefined): void {
    const patch: Partial<ParticipantState> = {};
    if (view && seq >= this.viewSeq) {
      this.viewSeq = seq;
      patch.view = view;
    }
    if (me && seq >= this.meSeq) {
      this.meSeq = seq;
      patch.me = me;
    }
    this.set(patch);
  }

  async join(code: string, name: string): Promise<Result> {
    const r = await request(this.socket, 'participant:join', { code, name });
    if (!r.ok) return r;
    saveToken(code, { token: r.token, participantId: r.participantId });
    this.state.code = code;
    this.accept(r.seq, r.view, r.me);
    this.set({ joined: true, notice: null, kicked: null });
    return { ok: true };
  }

  /** On every (re)connect: back into the session with the saved token, or nothing to do. */
  private async rejoin(): Promise<void> {
    const code = this.state.code;
    const saved = code ? loadToken(code) : null;
    if (!saved || this.state.kicked) return;
    this.set({ rejoining: true });
    const r = await request(this.socket, 'participant:rejoin', { code, token: saved.token, lastSeq: Math.max(0, this.viewSeq) });
    if (r.ok) {
      this.accept(r.seq, r.view, r.me);
      this.set({ joined: true, rejoining: false });
      return;
    }
    if (r.code === 'TIMEOUT') return this.set({ rejoining: false });
    forgetToken(code);
    if (r.code === 'BANNED') return this.set({ kicked: 'banned', joined: false, rejoining: false });
    this.set({ joined: false, rejoining: false, view: null, me: null, notice: r.message });
  }

  private async sync(): Promise<void> {
    const r = await request(this.socket, 'sync', { lastSeq: Math.max(0, this.viewSeq) });
    if (r.ok && r.view && r.view.kind === 'team') this.accept(r.seq, r.view, r.me);
  }

  /** Sends a command; on success the caller may show the change at once, the next view confirms it. */
  async choose(optionId: string): Promise<Result> {
    const r = await request(this.socket, 'participant:choose', { optionId });
    if (r.ok && this.state.me) this.patchMe(r.seq, { myChoice: optionId });
    return r;
  }

  async story(text: string): Promise<Result> {
    const r = await request(this.socket, 'participant:story', { text });
    if (r.ok && this.state.me) this.patchMe(r.seq, { myStory: { storyId: r.storyId, text: text.trim() } });
    return r;
  }

  async storyVote(storyId: string): Promise<Result> {
    const r = await request(this.socket, 'participant:storyVote', { storyId });
    if (r.ok && this.state.me) this.patchMe(r.seq, { myStoryVote: storyId });
    return r;
  }

  async team(team: Team): Promise<Result> {
    return request(this.socket, 'participant:team', { team });
  }

  private patchMe(seq: number, patch: Partial<PersonalView>): void {
    if (seq < this.meSeq || !this.state.me) return;
    this.meSeq = seq;
    this.set({ me: { ...this.state.me, ...patch } });
  }

  /** After being removed (not banned), the person may join again as someone new. */
  reset(): void {
    this.viewSeq = -1;
    this.meSeq = -1;
    // The server dropped this socket; a fresh one has no role yet.
    if (!this.socket.connected) this.socket.connect();
    this.set({ kicked: null, joined: false, view: null, me: null, notice: null });
  }
}
