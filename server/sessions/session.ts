import type { GameState } from '../../shared/schemas/state';
import type { GameEvent } from '../../shared/schemas/events';
import { applyEventInPlace } from '../../shared/engine/apply';
import type { GroupCommitter } from '../store/groupCommitter';
import type { SqliteStore } from '../store/sqliteStore';
import type { Clock } from './clock';
import { Presence } from './presence';
import { ERROR_CODES } from '../../shared/protocol/events';
import { loadState } from './loadState';

import type { EventDraft } from '../../shared/protocol/hostCommandToEvent';
import { own } from '../../shared/engine/ownRecord';
export type { EventDraft };

export type SubmitResult = { ok: true; seq: number } | { ok: false; code: string; message: string };

/** Snapshot every this many events as well as at round boundaries, so restarts fold only a short tail. */
const SNAPSHOT_EVERY = 2000;
const BOUNDARY_EVENTS = new Set<GameEvent['type']>(['created', 'roundStarted', 'revealed', 'roundClosed', 'ended']);

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
  private timer: NodeJS.Timeout | undefined;
  private sinceSnapshot = 0;
  private reloadNeeded = false;

  constructor(
    readonly code: string,
    public state: GameState,
    seq: number,
    public hostKeyHash: string,
    public replayTokenHash: string | null,
    private deps: { store: SqliteStore; committer: GroupCommitter; clock: Clock; listener: SessionListener; onError(err: Error): void },
    /** Imported sessions are for replay only: no timers, no new events. */
    readonly readOnly = false,
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
    this.lastUsed = this.deps.clock.now();
    const event = { ...draft, at: at ?? this.lastUsed } as GameEvent;
    const applied = applyEventInPlace(this.state, event);
    if (!applied.ok) return done({ ok: false, code: applied.code, message: applied.message });
    const seq = ++this.seq;
    this.armTimer();
    this.deps.committer.append(this.code, seq, event, (err) => {
      if (err) {
        this.rollBack(err);
        return done({ ok: false, code: ERROR_CODES.STORAGE_FAILED, message: 'The server could not save that; nothing was changed. Please try again.' });
      }
      this.afterCommit(seq, event);
      done({ ok: true, seq });
    });
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
        try {
          this.deps.store.putSnapshot(this.code, seq, JSON.stringify(this.state));
          this.sinceSnapshot = 0;
        } catch (err) {
          this.deps.onError(err as Error);
        }
      }
    }
    if (event.type === 'ended') {
      try {
        this.deps.store.setStatus(this.code, 'ended');
      } catch (err) {
        this.deps.onError(err as Error);
      }
    }
    // Whoever changed something of their own (a choice, a story, a story vote, a team) gets `me`: the ack
    // carries only `seq`. The broadcaster coalesces them per window, like views.
    const touched = 'participantId' in event ? [event.participantId] : [];
    this.deps.listener.changed(this, touched);
  }

  /** A failed write leaves memory ahead of disk: rebuild from what is stored, once per failed batch. */
  private rollBack(err: Error): void {
    if (!this.reloadNeeded) {
      this.reloadNeeded = true;
      this.deps.onError(err);
      queueMicrotask(() => {
        this.reloadNeeded = false;
        try {
          const loaded = loadState(this.deps.store, this.code);
          this.state = loaded.state;
          this.indexTokens();
          this.seq = loaded.seq;
        } catch (e) {
          this.deps.onError(e as Error);
        }
        this.armTimer();
      });
    }
  }

  /** Server-side timers follow the state: re-armed after every event and after a restart. */
  armTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const { deadline, paused } = this.state.timer;
    if (deadline === null || paused || this.state.phase === 'ended' || this.readOnly) return;
    const wait = Math.max(0, deadline - this.deps.clock.now()) + 5;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.submit({ type: 'timeUp', reason: 'timer' }, (r) => {
        if (!r.ok && r.code !== 'WRONG_PHASE') this.deps.onError(new Error(`timer event refused: ${r.code}`));
      });
    }, wait);
    this.timer.unref?.();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
