import type { FastifyBaseLogger } from 'fastify';
import { randomInt } from 'node:crypto';
import { newRoomCode, newSecret, hashSecret, secretMatches } from './keys';
import { Session, type SessionListener } from './session';
import { SqliteStore } from '../store/sqliteStore';
import { GroupCommitter } from '../store/groupCommitter';
import { systemClock, type Clock } from './clock';
import { loadState } from './loadState';
import { initialState, foldEvents } from '../../shared/engine/apply';
import type { CreatedEvent, GameEvent } from '../../shared/schemas/events';
import type { SessionConfig } from '../../shared/schemas/config';
import type { Deck } from '../../shared/schemas/deck';

const HEARTBEAT_MS = 1000;

/** All live sessions of this process, by room code, and the store they persist to. */
export class SessionRegistry {
  readonly store: SqliteStore;
  readonly committer: GroupCommitter;
  private sessions = new Map<string, Session>();
  private heartbeat: NodeJS.Timeout;
  listener: SessionListener = { changed: () => {} };

  constructor(private opts: { dataDir: string; log: FastifyBaseLogger; clock?: Clock }) {
    this.store = new SqliteStore(opts.dataDir);
    this.committer = new GroupCommitter(this.store.appendBatch, (err) => opts.log.error({ err: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined }, 'acknowledgement after commit failed'));
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get clock(): Clock {
    return this.opts.clock ?? systemClock;
  }

  private beat(): void {
    try {
      this.store.heartbeat(this.clock.now());
    } catch (err) {
      this.opts.log.error({ err }, 'heartbeat write failed');
    }
  }

  private deps() {
    return {
      store: this.store,
      committer: this.committer,
      clock: this.clock,
      listener: { changed: (s: Session, t: Iterable<string>) => this.listener.changed(s, t) },
      onError: (err: Error) => this.opts.log.error({ err: err.message }, 'session error'),
    };
  }

  /**
   * Brings back every running session after a start: snapshot + tail of the log. Timers are re-armed
   * with the time they had left when the server went down (the downtime is given back by an event).
   */
  recover(): number {
    const downSince = this.store.lastAliveAt();
    let n = 0;
    for (const row of this.store.runningSessions()) {
      try {
        const { state, seq } = loadState(this.store, row.code);
        const session = new Session(row.code, state, seq, row.hostKeyHash, row.replayTokenHash, this.deps());
        // Everyone's sockets dropped when the previous process went down: "away" from then, not "gone".
        if (downSince !== undefined) session.presence.assumeLeftAt(Math.min(downSince, this.clock.now()));
        this.sessions.set(row.code, session);
        n++;
        const t = state.timer;
        if (downSince !== undefined && t.deadline !== null && !t.paused) {
          const lost = Math.ceil((this.clock.now() - downSince) / 1000);
          if (lost > 0) session.submit({ type: 'extended', seconds: Math.min(lost, 3600) }, () => {});
        }
      } catch (err) {
        this.opts.log.error({ code: row.code, err: (err as Error).message }, 'could not recover session');
      }
    }
    this.beat();
    return n;
  }

  create(config: SessionConfig, deck: Deck): { code: string; hostKey: string; session: Session } {
    let code = newRoomCode();
    while (this.store.codeExists(code)) code = newRoomCode();
    const hostKey = newSecret();
    const now = this.clock.now();
    const created: CreatedEvent = { type: 'created', at: now, config, deck, seed: randomInt(2 ** 31) };
    const state = initialState(created);
    const hostKeyHash = hashSecret(hostKey);
    // Stored synchronously before the facilitator hears about it.
    this.store.db.transaction(() => {
      this.store.createSession(code, hostKeyHash, now);
      this.store.appendBatch([{ code, seq: 1, event: created }]);
      this.store.putSnapshot(code, 1, JSON.stringify(state));
    })();
    const session = new Session(code, state, 1, hostKeyHash, null, this.deps());
    this.sessions.set(code, session);
    return { code, hostKey, session };
  }

  /** Stores an exported log as a new, read-only session (for replay); the caller has validated it. */
  importLog(events: GameEvent[]): { code: string; hostKey: string } {
    let code = newRoomCode();
    while (this.store.codeExists(code)) code = newRoomCode();
    const hostKey = newSecret();
    const state = foldEvents(events);
    this.store.db.transaction(() => {
      this.store.createSession(code, hashSecret(hostKey), this.clock.now(), 'imported');
      this.store.appendBatch(events.map((event, i) => ({ code, seq: i + 1, event })));
      this.store.putSnapshot(code, events.length, JSON.stringify(state));
    })();
    return { code, hostKey };
  }

  /** Live sessions, or an ended one loaded from the store (for replay and exports). */
  get(code: string): Session | undefined {
    const live = this.sessions.get(code);
    if (live) return live;
    const row = this.store.getSession(code);
    if (!row) return undefined;
    const { state, seq } = loadState(this.store, code);
    const session = new Session(code, state, seq, row.hostKeyHash, row.replayTokenHash, this.deps(), row.status === 'imported');
    this.sessions.set(code, session);
    return session;
  }

  isHost(session: Session, hostKey: string): boolean {
    return secretMatches(hostKey, session.hostKeyHash);
  }

  isReplayViewer(session: Session, token: string): boolean {
    return session.replayTokenHash !== null && secretMatches(token, session.replayTokenHash);
  }

  createReplayLink(session: Session): string {
    const token = newSecret();
    session.replayTokenHash = hashSecret(token);
    this.store.setReplayTokenHash(session.code, session.replayTokenHash);
    return token;
  }

  revokeReplayLink(session: Session): void {
    session.replayTokenHash = null;
    this.store.setReplayTokenHash(session.code, null);
  }

  all(): IterableIterator<Session> {
    return this.sessions.values();
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.committer.flush();
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    this.store.close();
  }
}
