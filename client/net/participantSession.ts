import type { TeamView, PersonalView } from '../../shared/schemas/views';
import type { Team } from '../../shared/schemas/common';
import type { PredictionQuestion } from '../../shared/schemas/predictions';
import { connect, request, retryDelay, sleep, type GameSocket } from './socket';
import { applyTeamPatch, ERROR_CODES, RETRYABLE_CODES } from '../../shared/protocol/events';
import { loadToken, saveToken, forgetToken, loadPreviousToken, retireToken, isBannedHere, markBanned } from './tokenStore';

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
  /** Taps made while offline (or while the rejoin is in flight), kept on this phone and sent after the rejoin. */
  queued: { choose?: string; story?: string; storyVote?: string };
  /** Why a tap kept offline could not be sent once back (voting had closed, …). */
  queuedError: string | null;
};

type Result = { ok: true; queued?: boolean } | { ok: false; code: string; message: string };
type Action = keyof ParticipantState['queued'];
const ACTIONS: Action[] = ['choose', 'story', 'storyVote'];

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
  /** True once this connection is in the session (join or rejoin acknowledged); false again on disconnect. */
  private attached = false;

  constructor(code: string) {
    // A device banned from this room stays out after a reload (the server refuses it too: previousToken).
    const banned = !!code && isBannedHere(code);
    this.state = { code, connection: 'connecting', joined: false, rejoining: !banned && !!(code && loadToken(code)), view: null, me: null, kicked: banned ? 'banned' : null, notice: null, queued: {}, queuedError: null };
    this.socket = connect();
    this.socket.on('connect', () => {
      this.set({ connection: 'online' });
      void this.rejoin();
    });
    this.socket.on('disconnect', () => {
      this.attached = false;
      if (!this.state.kicked) this.set({ connection: 'reconnecting' });
    });
    this.socket.on('view', ({ seq, view }) => {
      if (seq < this.viewSeq || view.kind !== 'team') return;
      this.viewSeq = seq;
      this.set({ view, ...this.newRound(seq, view) });
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
      retireToken(this.state.code, reason === 'banned');
      this.set({ kicked: reason, joined: false, queued: {} });
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

  /**
   * My choice, story and story vote belong to one round: a view of another round than the `me` held
   * (older than the view) clears them, so a phone never shows last round's story as sent.
   */
  private newRound(seq: number, view: TeamView): Partial<ParticipantState> {
    const me = this.state.me;
    const before = this.state.view;
    if (!me || !before || before.roundIndex === view.roundIndex || this.meSeq >= seq) return {};
    const lost = ACTIONS.some((a) => this.state.queued[a] !== undefined);
    return {
      me: { ...me, myChoice: null, myStory: null, myStoryVote: null },
      queued: {},
      queuedError: lost ? 'What you tapped while offline was not sent: that round ended meanwhile.' : null,
    };
  }

  private accept(seq: number, view: TeamView | undefined, me: PersonalView | undefined): void {
    const patch: Partial<ParticipantState> = {};
    if (view && seq >= this.viewSeq) {
      this.viewSeq = seq;
      patch.view = view;
      Object.assign(patch, this.newRound(seq, view));
    }
    if (me && seq >= this.meSeq) {
      this.meSeq = seq;
      patch.me = me;
    }
    this.set(patch);
  }

  async join(code: string, name: string): Promise<Result> {
    if (isBannedHere(code)) {
      this.set({ kicked: 'banned' });
      return { ok: false, code: 'BANNED', message: 'The facilitator removed this device from that session.' };
    }
    // This device's last token for the room, if any: the server refuses a join from a banned device.
    const previousToken = loadPreviousToken(code);
    const r = await request(this.socket, 'participant:join', previousToken ? { code, name, previousToken } : { code, name });
    if (!r.ok) {
      if (r.code === 'BANNED') {
        markBanned(code);
        this.set({ kicked: 'banned', joined: false });
      }
      return r;
    }
    saveToken(code, { token: r.token, participantId: r.participantId });
    this.state.code = code;
    this.attached = true;
    this.accept(r.seq, r.view, r.me);
    this.set({ joined: true, notice: null, kicked: null });
    return { ok: true };
  }

  private rejoinLoop: Promise<void> | null = null;

  /**
   * On every (re)connect: back into the session with the saved token, or nothing to do. An answer that
   * means "not now" (none in time, or the session is moving to another server after its server died)
   * keeps the seat and asks again while connected; only a definite refusal gives the token up.
   */
  private rejoin(): Promise<void> {
    this.rejoinLoop ??= (async () => {
      for (let attempt = 0; ; attempt++) {
        if (!(await this.rejoinOnce()) || !this.socket.connected || this.attached) return;
        await sleep(retryDelay(attempt));
        if (!this.socket.connected || this.attached) return;
      }
    })().finally(() => (this.rejoinLoop = null));
    return this.rejoinLoop;
  }

  /** One rejoin; answers true when it should be tried again. */
  private async rejoinOnce(): Promise<boolean> {
    const code = this.state.code;
    const saved = code ? loadToken(code) : null;
    if (!saved || this.state.kicked) return false;
    this.set({ rejoining: true });
    const r = await request(this.socket, 'participant:rejoin', { code, token: saved.token, lastSeq: Math.max(0, this.viewSeq) });
    if (r.ok) {
      this.attached = this.socket.connected;
      this.accept(r.seq, r.view, r.me);
      // What was tapped offline still shows as mine until it is sent (just below).
      this.set({ joined: true, rejoining: false, ...(this.state.me ? { me: { ...this.state.me, ...this.queuedMe() } } : {}) });
      await this.sendQueued();
      return false;
    }
    if (r.code === 'TIMEOUT' || RETRYABLE_CODES.has(r.code)) return true;
    if (r.code === 'BANNED') {
      retireToken(code, true);
      this.set({ kicked: 'banned', joined: false, rejoining: false, queued: {} });
      return false;
    }
    forgetToken(code);
    this.set({ joined: false, rejoining: false, view: null, me: null, notice: r.message, queued: {} });
    return false;
  }

  /** The personal view as the queued taps will make it. */
  private queuedMe(): Partial<PersonalView> {
    const q = this.state.queued;
    const patch: Partial<PersonalView> = {};
    if (q.choose !== undefined) patch.myChoice = q.choose;
    if (q.story !== undefined) patch.myStory = { storyId: this.state.me?.myStory?.storyId ?? '', text: q.story };
    if (q.storyVote !== undefined) patch.myStoryVote = q.storyVote;
    return patch;
  }

  /** After a rejoin: the taps kept offline, in the order of the round (pitch, backing, choice). */
  private async sendQueued(): Promise<void> {
    const q = this.state.queued;
    if (!ACTIONS.some((a) => q[a] !== undefined)) return;
    const failures: string[] = [];
    for (const a of ['story', 'storyVote', 'choose'] as const) {
      const value = this.state.queued[a];
      if (value === undefined) continue;
      const r = await this.send(a, value);
      // Lost again on the way: it stays queued for the next rejoin.
      if (!r.ok && (r.code === 'TIMEOUT' || !this.attached)) return r.code === 'TIMEOUT' ? this.resendSoon() : undefined;
      // The session is moving to another server: it stays queued and is sent again in a moment.
      if (!r.ok && r.code === ERROR_CODES.SESSION_MOVED) return this.resendSoon();
      const { [a]: _sent, ...rest } = this.state.queued;
      this.set({ queued: rest });
      if (!r.ok) failures.push(r.message);
    }
    if (failures.length) {
      // Refused now (the vote had closed, …): say so, and show what the server holds.
      this.set({ queuedError: `What you tapped while offline could not be sent: ${failures[0]}` });
      void this.sync();
    }
  }

  private async send(a: Action, value: string): Promise<Result> {
    if (a === 'choose') {
      const r = await request(this.socket, 'participant:choose', { optionId: value });
      if (r.ok) this.patchMe(r.seq, { myChoice: value });
      return r;
    }
    if (a === 'story') {
      const r = await request(this.socket, 'participant:story', { text: value });
      if (r.ok) this.patchMe(r.seq, { myStory: { storyId: r.storyId, text: value.trim() } });
      return r;
    }
    const r = await request(this.socket, 'participant:storyVote', { storyId: value });
    if (r.ok) this.patchMe(r.seq, { myStoryVote: value });
    return r;
  }

  /**
   * A tap: sent at once when this connection is in the session; otherwise (offline, or the rejoin still in
   * flight) kept on the phone, shown as mine, and sent once the rejoin completes. A tap lost on the way
   * (no answer, or the server no longer knows this connection) is kept the same way.
   */
  private async act(a: Action, value: string): Promise<Result> {
    if (this.state.queuedError) this.set({ queuedError: null });
    if (!this.attached || !this.socket.connected) return this.keep(a, value);
    const r = await this.send(a, value);
    if (!r.ok && (r.code === 'TIMEOUT' || r.code === 'NOT_PARTICIPANT') && this.state.joined) {
      if (r.code === 'NOT_PARTICIPANT') {
        // The server lost this connection's role (a reconnect it has not seen the end of): rejoin first.
        this.attached = false;
        void this.rejoin();
      } else this.resendSoon(); // no answer but still connected: try again in a moment
      return this.keep(a, value);
    }
    if (!r.ok && r.code === ERROR_CODES.SESSION_MOVED) {
      // Its server died and another one is taking the session over: kept, and sent again in a moment.
      const kept = this.keep(a, value);
      this.resendSoon();
      return kept;
    }
    return r;
  }

  private resendTimer: ReturnType<typeof setTimeout> | undefined;
  private resendAttempt = 0;

  /** Sends the kept taps again after a short wait (a rejoin sends them anyway if the connection drops). */
  private resendSoon(): void {
    if (this.resendTimer) return;
    this.resendTimer = setTimeout(() => {
      this.resendTimer = undefined;
      if (!this.attached || !this.socket.connected) return;
      this.resendAttempt++;
      void this.sendQueued().then(() => {
        if (!ACTIONS.some((a) => this.state.queued[a] !== undefined)) this.resendAttempt = 0;
      });
    }, retryDelay(this.resendAttempt));
  }

  private keep(a: Action, value: string): Result {
    this.set({ queued: { ...this.state.queued, [a]: value } });
    if (this.state.me) this.set({ me: { ...this.state.me, ...this.queuedMe() } });
    return { ok: true, queued: true };
  }

  /** True while a tap of this kind waits on the phone for the connection. */
  isQueued(a: Action): boolean {
    return this.state.queued[a] !== undefined;
  }

  private async sync(): Promise<void> {
    const r = await request(this.socket, 'sync', { lastSeq: Math.max(0, this.viewSeq) });
    if (r.ok && r.view && r.view.kind === 'team') this.accept(r.seq, r.view, r.me);
  }

  /** Sends a command (or keeps it while offline); on success the caller may show the change at once. */
  choose(optionId: string): Promise<Result> {
    return this.act('choose', optionId);
  }

  story(text: string): Promise<Result> {
    return this.act('story', text);
  }

  storyVote(storyId: string): Promise<Result> {
    return this.act('storyVote', storyId);
  }

  /** Rules v2 prediction window: one tap on one question (sent at once; a phone offline just taps again). */
  async predict(question: PredictionQuestion, expect: boolean): Promise<Result> {
    const me = this.state.me;
    if (!me) return { ok: false, code: 'NOT_PARTICIPANT', message: 'Join the session first.' };
    const r = await request(this.socket, 'participant:predict', { team: me.team, question, expect });
    if (r.ok) this.patchMe(r.seq, { myPrediction: { ...(this.state.me?.myPrediction ?? { through: null, step: null }), [question]: expect } });
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
    this.set({ kicked: null, joined: false, view: null, me: null, notice: null, queued: {}, queuedError: null });
  }
}
