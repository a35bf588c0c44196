import type { FastifyBaseLogger } from 'fastify';
import { randomInt } from 'node:crypto';
import { newRoomCode, newSecret, hashSecret, secretMatches } from './keys';
import { Session, type SessionListener, type SubmitResult } from './session';
import { SqliteStore, type StoreOptions } from '../store/sqliteStore';
import { GroupCommitter } from '../store/groupCommitter';
import { systemClock, type Clock } from './clock';
import { loadState, loadStateInSteps, type Loaded } from './loadState';
import { initialState } from '../../shared/engine/apply';
import type { CreatedEvent, GameEvent } from '../../shared/schemas/events';
import type { GameState } from '../../shared/schemas/state';
import type { SessionConfig } from '../../shared/schemas/config';
import type { Deck } from '../../shared/schemas/deck';

/**
 * How often the store records that the server is alive. After a crash, the downtime given back to a
 * running timer starts at the last of these (or the session's last event, if later): at most this much
 * is given back too much. A clean stop records its exact moment.
 */
export const HEARTBEAT_MS = 250;
/** An ended (or imported) session nobody opened for this long leaves memory; it reloads from the store when opened. */
export const ENDED_IDLE_MS = 10 * 60_000;
/** Writes in one turn of the event loop while an import is stored: a turn stays well under 50 ms. */
export const IMPORT_CHUNK = 1000;
/** How long a storage probe's answer is reused by /healthz. */
const PROBE_TTL_MS = 2000;

export type StorageHealth = { ok: true } | { ok: false; message: string };

export type RegistryOptions = {
  dataDir: string;
  log: FastifyBaseLogger;
  clock?: Clock;
  store?: StoreOptions;
  /** Tests only: shorter idle time and sweep interval for ended sessions. */
  endedIdleMs?: number;
  sweepMs?: number;
};

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** All live sessions of this process, by room code, and the store they persist to. */
export class SessionRegistry {
  readonly store: SqliteStore;
  readonly committer: GroupCommitter;
  private sessions = new Map<string, Session>();
  private heartbeat: NodeJS.Timeout;
  private sweeper: NodeJS.Timeout;
  private probed: { at: number; health: StorageHealth } | undefined;
  /** The last failure to store a new session, cleared by the next success. */
  private createFailure: string | undefined;
  listener: SessionListener = { changed: () => {} };

  constructor(private opts: RegistryOptions) {
    this.store = new SqliteStore(opts.dataDir, opts.store);
    this.committer = new GroupCommitter(this.store.appendBatch, (err) => opts.log.error({ err: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined }, 'acknowledgement after commit failed'));
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
    this.sweeper = setInterval(() => this.evictIdle(), opts.sweepMs ?? 60_000);
    this.sweeper.unref();
  }

  get clock(): Clock {
    return this.opts.clock ?? systemClock;
  }

  private heartbeatFailing = false;
  private beat(): void {
    try {
      this.store.heartbeat(this.clock.now());
      if (this.heartbeatFailing) this.opts.log.warn('heartbeat writes work again');
      this.heartbeatFailing = false;
    } catch (err) {
      // Logged once per failing stretch (it runs 4 times a second).
      if (!this.heartbeatFailing) this.opts.log.error({ err: (err as Error).message }, 'heartbeat write failed');
      this.heartbeatFailing = true;
    }
  }

  /** Whether a new session can be stored now: a write probe (reused for PROBE_TTL_MS) and the last create. */
  storageHealth(): StorageHealth {
    const now = this.clock.now();
    if (!this.probed || now - this.probed.at > PROBE_TTL_MS) {
      let health: StorageHealth = { ok: true };
      try {
        this.store.probe();
      } catch (err) {
        health = { ok: false, message: `The database takes no writes: ${(err as Error).message}` };
      }
      this.probed = { at: now, health };
    }
    if (!this.probed.health.ok) return this.probed.health;
    if (this.createFailure) return { ok: false, message: `New sessions cannot be stored: ${this.createFailure}` };
    return { ok: true };
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
   * Brings back every running session after a start: snapshot + tail of the log. A running timer gets
   * back exactly the time the server was down, recorded as what it is: a `paused` (reason `restart`)
   * stamped when the server went down and a `resumed` stamped now. Unfinished imports are deleted.
   */
  recover(): number {
    const dropped = this.store.dropUnfinishedImports();
    if (dropped) this.opts.log.warn({ dropped }, 'unfinished imports (interrupted by a stop) deleted');
    const aliveAt = this.store.lastAliveAt();
    let n = 0;
    for (const row of this.store.runningSessions()) {
      try {
        const { state, seq, skipped } = loadState(this.store, row.code);
        if (skipped.length) this.opts.log.error({ code: row.code, skipped }, 'damaged snapshots skipped; rebuilt from the log');
        const session = new Session(row.code, state, seq, row.hostKeyHash, row.replayTokenHash, this.deps());
        // Everyone's sockets dropped when the previous process went down: "away" from then, not "gone".
        if (aliveAt !== undefined) session.presence.assumeLeftAt(Math.min(aliveAt, this.clock.now()));
        this.sessions.set(row.code, session);
        n++;
        const t = state.timer;
        if (t.deadline !== null && !t.paused) {
          // Down since the last sign of life: the heartbeat, or this session's last event if later.
          const downAt = Math.max(aliveAt ?? 0, this.store.lastEventAt(row.code) ?? 0);
          const now = this.clock.now();
          if (downAt > 0 && downAt < now) {
            const report = (r: SubmitResult) => {
              if (!r.ok) this.opts.log.error({ code: row.code, err: r.code }, 'could not give the downtime back to the timer');
            };
            session.submit({ type: 'paused', reason: 'restart' }, report, downAt);
            session.submit({ type: 'resumed', reason: 'restart' }, report, now);
          }
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
    // The rules follow the deck: a deck written for v2 (the default) plays v2; an uploaded v1 deck plays v1.
    const created: CreatedEvent = { type: 'created', at: now, config, deck, seed: randomInt(2 ** 31), ...(deck.rules === 2 ? { rules: 2 as const } : {}) };
    const state = initialState(created);
    const hostKeyHash = hashSecret(hostKey);
    // Stored synchronously before the facilitator hears about it.
    try {
      this.store.db.transaction(() => {
        this.store.createSession(code, hostKeyHash, now);
        this.store.appendBatch([{ code, seq: 1, event: created }]);
        this.store.putSnapshot(code, 1, JSON.stringify(state));
      })();
      this.createFailure = undefined;
    } catch (err) {
      this.createFailure = (err as Error).message;
      throw err;
    }
    const session = new Session(code, state, 1, hostKeyHash, null, this.deps());
    this.sessions.set(code, session);
    return { code, hostKey, session };
  }

  /**
   * Stores a validated log (every event applies, folded to `state`) as a new, read-only session for replay.
   * Written IMPORT_CHUNK events per transaction with a turn of the event loop between, so votes in other
   * sessions are stored in between; the session is invisible (`importing`) until the last write.
   */
  async importLog(events: GameEvent[], state: GameState): Promise<{ code: string; hostKey: string }> {
    let code = newRoomCode();
    while (this.store.codeExists(code)) code = newRoomCode();
    const hostKey = newSecret();
    this.store.createSession(code, hashSecret(hostKey), this.clock.now(), 'importing');
    try {
      for (let i = 0; i < events.length; i += IMPORT_CHUNK) {
        await nextTurn();
        this.store.appendImportChunk(code, events.slice(i, i + IMPORT_CHUNK).map((event, k) => ({ seq: i + k + 1, event })));
      }
      await nextTurn();
      const snapshot = JSON.stringify(state); // ~35 ms for the largest legitimate log: a turn of its own
      await this.store.finishImport(code, events.length, snapshot, nextTurn);
    } catch (err) {
      try {
        this.store.deleteSession(code);
      } catch {
        // Left as `importing`: invisible, and deleted at the next start.
      }
      throw err;
    }
    return { code, hostKey };
  }

  /** Live sessions, or an ended one loaded from the store (for replay and exports). */
  get(code: string): Session | undefined {
    const live = this.sessions.get(code);
    if (live) {
      live.lastUsed = this.clock.now();
      return live;
    }
    const row = this.store.getSession(code);
    if (!row || row.status === 'importing') return undefined;
    return this.adopt(row, loadState(this.store, code));
  }

  /** `get` for HTTP routes: a session not in memory is loaded without holding the event loop (a big one takes several turns). */
  async open(code: string): Promise<Session | undefined> {
    if (this.sessions.has(code)) return this.get(code);
    const row = this.store.getSession(code);
    if (!row || row.status === 'importing') return undefined;
    const loaded = await loadStateInSteps(this.store, code);
    return this.sessions.get(code) ?? this.adopt(row, loaded); // someone may have loaded it meanwhile
  }

  private adopt(row: NonNullable<ReturnType<SqliteStore['getSession']>>, { state, seq, skipped }: Loaded): Session {
    if (skipped.length) this.opts.log.error({ code: row.code, skipped }, 'damaged snapshots skipped; rebuilt from the log');
    const session = new Session(row.code, state, seq, row.hostKeyHash, row.replayTokenHash, this.deps(), row.status === 'imported');
    this.sessions.set(row.code, session);
    return session;
  }

  /**
   * Ended and imported sessions nobody opened for ENDED_IDLE_MS leave memory (they are all on disk and
   * reload on the next `get`): memory holds the running sessions plus the recently used ones.
   */
  evictIdle(now = this.clock.now()): number {
    const idle = this.opts.endedIdleMs ?? ENDED_IDLE_MS;
    let n = 0;
    for (const [code, s] of this.sessions) {
      if ((s.readOnly || s.state.phase === 'ended') && now - s.lastUsed >= idle) {
        s.dispose();
        this.sessions.delete(code);
        n++;
      }
    }
    return n;
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
    clearInterval(this.sweeper);
    this.committer.flush();
    this.beat(); // a clean stop records its exact moment: the next start gives back exactly the downtime
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    this.store.close();
  }
}
