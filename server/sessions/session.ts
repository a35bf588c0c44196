import type { GameState } from '../../shared/schemas/state';
import type { GameEvent } from '../../shared/schemas/events';
import { applyEventInPlace } from '../../shared/engine/apply';
import { predictionsOn } from '../../shared/engine/v2/predictions';
import type { GroupCommitter } from '../store/groupCommitter';
import type { Store } from '../store/store';
import { FencedError } from '../store/store';
import type { Clock, TimerHandle } from './clock';
import { Presence } from './presence';
import { ERROR_CODES } from '../../shared/protocol/events';
import { loadState } from './loadState';
import { revealBeats, stepMs } from '../../shared/engine/narration';

import type { EventDraft } from '../../shared/protocol/hostCommandToEvent';
import { own } from '../../shared/engine/ownRecord';
export type { EventDraft };

export type SubmitResult = { ok: true; seq: number } | { ok: false; code: string; message: string };

/** Snapshot every this many events as well as at round boundaries, so restarts fold only a short tail. */
const SNAPSHOT_EVERY = 2000;
const BOUNDARY_EVENTS = new Set<GameEvent['type']>(['created', 'roundStarted', 'revealed', 'roundClosed', 'ended']);

export type SessionDeps = {
  store: Store;
  committer: GroupCommitter;
  clock: Clock;
  listener: SessionListener;
  onError(err: Error): void;
  /** The store refused an append: another node owns this session now. */
  onFenced?(session: Session): void;
  /** Multiplies how long each step of a reveal's narration is held (1: reading pace; tests use less). */
  narrationPace?: number;
};

export type SessionListener = {
  /** Called after events are stored; `touched` lists participants whose personal view may have changed. */
  changed(session: Session, touched: Iterable<string>): void;
};

/**
 * One writer per session: every state change of a room passes through `submit`, which validates it with
 * the shared engine, appends it to the log (group-committed) and only then acknowledges and announces it.
 * Node runs this synchronously, so two votes can never interleave.
 */
export class Session {
  seq: number;
  readonly presence = new Presence();
  private timer: TimerHandle | undefined;
  /** While the state is rebuilt from the store after a failed write, commands are refused (retryable). */
  private reloading = false;
  private sinceSnapshot = 0;
  private reloadNeeded = false;

  constructor(
    readonly code: string,
    public state: GameState,
    seq: number,
    public hostKeyHash: string,
    public replayTokenHash: string | null,
    private deps: SessionDeps,
    /** Imported sessions are for replay only: no timers, no new events. */
    readonly readOnly = false,
    /** The ownership epoch this node writes with (fencing; 0 on one node). */
    public epoch = 0,
  ) {
    this.seq = seq;
    this.lastUsed = deps.clock.now();
    this.indexTokens();
    this.armTimer();
  }

  /** When this session was last opened or changed: ended sessions idle for long are evicted from memory. */
  lastUsed: number;

  /** `at` is for the server's own events about the past (a restart's pause starts when the server went down). */
  submit(draft: EventDraft, done: (r: SubmitResult) => void, at?: number): void {
    if (this.readOnly) return done({ ok: false, code: ERROR_CODES.READ_ONLY, message: 'This session was imported for replay; it cannot change.' });
    if (this.reloading || this.disposed) return done({ ok: false, code: ERROR_CODES.STORAGE_FAILED, message: 'The server could not save that; nothing was changed. Please try again.' });
    this.lastUsed = this.deps.clock.now();
    const event = { ...draft, at: at ?? this.lastUsed } as GameEvent;
    const applied = applyEventInPlace(this.state, event);
    if (!applied.ok) return done({ ok: false, code: applied.code, message: applied.message });
    const seq = ++this.seq;
    this.armTimer();
    this.deps.committer.append(this.code, seq, event, (err) => {
      if (err) {
        // Refused by the fence while rebuilding after a failed write: queued behind that write, not moved.
        const moved = err instanceof FencedError && !this.reloading;
        this.rollBack(err, moved);
        if (moved) return done({ ok: false, code: ERROR_CODES.SESSION_MOVED, message: 'This session moved to another server; nothing was changed. Please try again.' });
        return done({ ok: false, code: ERROR_CODES.STORAGE_FAILED, message: 'The server could not save that; nothing was changed. Please try again.' });
      }
      // Stored: the caller hears back whatever the announcing does (a throwing listener is only logged).
      try {
        this.afterCommit(seq, event);
      } catch (e) {
        this.deps.onError(e as Error);
      }
      done({ ok: true, seq });
    }, this.epoch);
  }

  /** Token hash → participant: a rejoin is a lookup, not a scan of everyone (kept current on each join). */
  private tokens = new Map<string, string>();
  private indexTokens(): void {
    this.tokens.clear();
    for (const [id, p] of Object.entries(this.state.participants)) this.tokens.set(p.tokenHash, id);
  }

  /** Who holds this token, unless the facilitator removed them. */
  participantByToken(tokenHash: string): string | undefined {
    const id = this.tokens.get(tokenHash);
    return id && own(this.state.participants, id)?.removed === false ? id : undefined;
  }

  private afterCommit(seq: number, event: GameEvent): void {
    this.sinceSnapshot++;
    if (event.type === 'joined') this.tokens.set(event.tokenHash, event.participantId);
    if (BOUNDARY_EVENTS.has(event.type) || this.sinceSnapshot >= SNAPSHOT_EVERY) {
      // The in-memory state may already hold later, uncommitted events; only snapshot when it matches seq.
      if (seq === this.seq) {
        this.sinceSnapshot = 0;
        this.deps.store.putSnapshot(this.code, seq, JSON.stringify(this.state)).catch((err: Error) => this.deps.onError(err));
      }
    }
    if (event.type === 'ended') {
      this.deps.store.setStatus(this.code, 'ended').catch((err: Error) => this.deps.onError(err));
    }
    // Whoever changed something of their own (a choice, a story, a story vote, a team) gets `me`: the ack
    // carries only `seq`. The broadcaster coalesces them per window, like views.
    // A new round clears everyone's own choice, story and story vote: every phone gets its fresh `me`
    // (otherwise a phone keeps showing the previous round's story as sent, issue 15 item 1).
    // The vote closing opens the prediction window: every phone's `me` now carries its (empty) taps.
    const everyone = event.type === 'roundStarted' || (event.type === 'timeUp' && predictionsOn(this.state));
    const touched = everyone
      ? Object.keys(this.state.participants).filter((id) => !this.state.participants[id].removed)
      : 'participantId' in event ? [event.participantId] : [];
    this.deps.listener.changed(this, touched);
  }

  /**
   * A failed write leaves memory ahead of disk: rebuild from what is stored, once per failed batch;
   * commands meanwhile are refused. Refused by the fence: another node owns the session, so this one
   * lets it go (the registry drops it) instead of rebuilding.
   */
  private rollBack(err: Error, moved: boolean): void {
    if (moved) {
      if (!this.disposed) {
        this.dispose();
        this.deps.onFenced?.(this);
      }
      return;
    }
    if (this.reloading) return;
    this.reloading = true;
    this.deps.onError(err);
    // After the rest of this batch was answered, and once the events already queued behind it are refused.
    void this.deps.committer.flush().then(async () => {
      try {
        const loaded = await loadState(this.deps.store, this.code);
        this.state = loaded.state;
        this.indexTokens();
        this.seq = loaded.seq;
      } catch (e) {
        this.deps.onError(e as Error);
      } finally {
        this.reloading = false;
        this.armTimer();
      }
    });
  }

  /** Server-side timers follow the state: re-armed after every event and after a restart or a takeover. */
  armTimer(): void {
    const clock = this.deps.clock;
    clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.readOnly || this.disposed) return;
    if (this.state.phase === 'reveal') return this.armNarration();
    const { deadline, paused } = this.state.timer;
    if (deadline === null || paused || this.state.phase === 'ended') return;
    const wait = Math.max(0, deadline - clock.now()) + 5;
    this.timer = clock.setTimeout(() => {
      this.timer = undefined;
      this.submit({ type: 'timeUp', reason: 'timer' }, (r) => {
        if (!r.ok && r.code !== 'WRONG_PHASE' && r.code !== ERROR_CODES.SESSION_MOVED) this.deps.onError(new Error(`timer event refused: ${r.code}`));
      });
    }, wait);
  }

  /**
   * The reveal's narration moves on at reading pace by itself (the facilitator may step or skip ahead):
   * each step is held for its sentence's reading time, counted from when it began (so a restart or a
   * takeover resumes on time), then the next step is appended as an event like any other.
   */
  private armNarration(): void {
    const n = this.state.round?.narration;
    const result = this.state.history[this.state.history.length - 1];
    if (!n || !result || n.step >= n.total) return;
    const beat = revealBeats(result)[n.step - 1];
    const hold = (beat ? stepMs(beat) : 3000) * (this.deps.narrationPace ?? 1);
    const step = n.step + 1;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined;
      this.submit({ type: 'narrated', step }, (r) => {
        if (!r.ok && r.code !== 'WRONG_PHASE' && r.code !== ERROR_CODES.SESSION_MOVED) this.deps.onError(new Error(`narration step refused: ${r.code}`));
      });
    }, Math.max(0, n.at + hold - this.deps.clock.now()));
  }

  private disposed = false;
  /** Stops the timer; a disposed session takes no new events (it left memory or moved to another node). */
  dispose(): void {
    this.disposed = true;
    this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
