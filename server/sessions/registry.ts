import type { FastifyBaseLogger } from 'fastify';
import { randomInt } from 'node:crypto';
import { newRoomCode, newSecret, hashSecret, secretMatches } from './keys';
import { replayLinkOf, storedReplayHash } from './replayLinkScope';
import { Session, type SessionDeps, type SessionListener, type SubmitResult } from './session';
import type { Store, SessionRow } from '../store/store';
import { GroupCommitter } from '../store/groupCommitter';
import { systemClock, type Clock, type TimerHandle } from './clock';
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

/** Several nodes: another node owns this session now; the command must run there. */
export class SessionElsewhere extends Error {
  constructor(readonly code: string, readonly node: string | undefined) {
    super(`session ${code} is owned by ${node ?? 'another node (moving)'}`);
  }
}

export type StorageHealth = { ok: true } | { ok: false; message: string };

export type RegistryOptions = {
  /** The store, made by the composition root (server/app.ts) and closed by the registry. */
  store: Store;
  log: Pick<FastifyBaseLogger, 'error' | 'warn' | 'info'>;
  clock?: Clock;
  /** This process's name in the store's liveness records ('local' on one node). */
  nodeId?: string;
  /** Tests only: shorter idle time and sweep interval for ended sessions. */
  endedIdleMs?: number;
  sweepMs?: number;
  /** Tests only: a faster reveal narration (SessionDeps.narrationPace). */
  narrationPace?: number;
};

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** All live sessions of this process, by room code, and the store they persist to. */
export class SessionRegistry {
  readonly store: Store;
  readonly committer: GroupCommitter;
  readonly clock: Clock;
  readonly nodeId: string;
  protected readonly logger: RegistryOptions['log'];
  private sessions = new Map<string, Session>();
  /** Sessions being loaded from the store: a second open waits for the same load. */
  private loading = new Map<string, Promise<Session | undefined>>();
  private heartbeat: TimerHandle;
  private sweeper: TimerHandle;
  private probed: { at: number; health: StorageHealth } | undefined;
  /** The last failure to store a new session, cleared by the next success. */
  private createFailure: string | undefined;
  listener: SessionListener = { changed: () => {} };

  constructor(private opts: RegistryOptions) {
    this.logger = opts.log;
    this.store = opts.store;
    this.clock = opts.clock ?? systemClock;
    this.nodeId = opts.nodeId ?? 'local';
    this.committer = new GroupCommitter((batch) => this.store.appendBatch(batch), (err) => opts.log.error({ err: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined }, 'acknowledgement after commit failed'));
    this.heartbeat = this.clock.setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.sweeper = this.clock.setInterval(() => this.evictIdle(), opts.sweepMs ?? 60_000);
  }

  private heartbeatFailing = false;
  private async beat(): Promise<void> {
    try {
      await this.store.heartbeat(this.nodeId, this.clock.now());
      if (this.heartbeatFailing) this.opts.log.warn('heartbeat writes work again');
      this.heartbeatFailing = false;
    } catch (err) {
      // Logged once per failing stretch (it runs 4 times a second).
      if (!this.heartbeatFailing) this.opts.log.error({ err: (err as Error).message }, 'heartbeat write failed');
      this.heartbeatFailing = true;
    }
  }

  /** Whether a new session can be stored now: a write probe (reused for PROBE_TTL_MS) and the last create. */
  async storageHealth(): Promise<StorageHealth> {
    const now = this.clock.now();
    if (!this.probed || now - this.probed.at > PROBE_TTL_MS) {
      let health: StorageHealth = { ok: true };
      try {
        await this.store.probe();
      } catch (err) {
        health = { ok: false, message: `The database takes no writes: ${(err as Error).message}` };
      }
      this.probed = { at: now, health };
    }
    if (!this.probed.health.ok) return this.probed.health;
    if (this.createFailure) return { ok: false, message: `New sessions cannot be stored: ${this.createFailure}` };
    return { ok: true };
  }

  protected deps(): SessionDeps {
    return {
      store: this.store,
      committer: this.committer,
      clock: this.clock,
      listener: { changed: (s: Session, t: Iterable<string>) => this.listener.changed(s, t) },
      onError: (err: Error) => this.opts.log.error({ err: err.message }, 'session error'),
      onFenced: (s: Session) => this.lost(s),
      narrationPace: this.opts.narrationPace,
    };
  }

  /** The store refused this node's append: another node owns the session now; it leaves memory here. */
  protected lost(s: Session): void {
    this.opts.log.warn({ code: s.code }, 'session written by another node now: dropped here');
    this.drop(s);
  }

  /**
   * Brings back every running session after a start: snapshot + tail of the log. A running timer gets
   * back exactly the time the server was down, recorded as what it is: a `paused` (reason `restart`)
   * stamped when the server went down and a `resumed` stamped now. Unfinished imports are deleted.
   */
  async recover(): Promise<number> {
    const dropped = await this.store.dropUnfinishedImports();
    if (dropped) this.opts.log.warn({ dropped }, 'unfinished imports (interrupted by a stop) deleted');
    const aliveAt = await this.store.lastAliveAt(this.nodeId);
    let n = 0;
    for (const row of await this.store.runningSessions()) {
      try {
        await this.resume(row, aliveAt, row.epoch);
        n++;
      } catch (err) {
        this.opts.log.error({ code: row.code, err: (err as Error).message }, 'could not recover session');
      }
    }
    await this.beat();
    return n;
  }

  /**
   * Loads a running session whose writer went away (this process before a restart, or another node) and
   * gives its timer back the time it was down: from the last sign of life (`aliveAt`, or the session's
   * last event if later) to now.
   */
  protected async resume(row: SessionRow, aliveAt: number | undefined, epoch: number): Promise<Session> {
    const { state, seq, skipped } = await loadState(this.store, row.code);
    if (skipped.length) this.opts.log.error({ code: row.code, skipped }, 'damaged snapshots skipped; rebuilt from the log');
    const session = new Session(row.code, state, seq, row.hostKeyHash, row.replayTokenHash, this.deps(), false, epoch);
    // Everyone's sockets dropped when the previous writer went down: "away" from then, not "gone".
    if (aliveAt !== undefined) session.presence.assumeLeftAt(Math.min(aliveAt, this.clock.now()));
    this.sessions.set(row.code, session);
    const t = state.timer;
    if (t.deadline !== null && !t.paused) {
      const downAt = Math.max(aliveAt ?? 0, (await this.store.lastEventAt(row.code)) ?? 0);
      const now = this.clock.now();
      if (downAt > 0 && downAt < now) {
        const report = (r: SubmitResult) => {
          if (!r.ok) this.opts.log.error({ code: row.code, err: r.code }, 'could not give the downtime back to the timer');
        };
        session.submit({ type: 'paused', reason: 'restart' }, report, downAt);
        session.submit({ type: 'resumed', reason: 'restart' }, report, now);
      }
    }
    return session;
  }

  private async freshCode(): Promise<string> {
    let code = newRoomCode();
    while (this.sessions.has(code) || (await this.store.codeExists(code))) code = newRoomCode();
    return code;
  }

  /** `epoch`: the ownership epoch this node took for the new code (several nodes; 0 on one). */
  async create(config: SessionConfig, deck: Deck, reserve?: (code: string) => Promise<number | undefined>): Promise<{ code: string; hostKey: string; session: Session }> {
    let code = await this.freshCode();
    let epoch = 0;
    if (reserve) {
      for (let tries = 0; ; tries++) {
        const e = await reserve(code);
        if (e !== undefined) {
          epoch = e;
          break;
        }
        if (tries > 10) throw new Error('could not reserve a room code');
        code = await this.freshCode();
      }
    }
    const hostKey = newSecret();
    const now = this.clock.now();
    // The rules follow the deck: a deck written for v2 (the default) plays v2; an uploaded v1 deck plays v1.
    const created: CreatedEvent = { type: 'created', at: now, config, deck, seed: randomInt(2 ** 31), ...(deck.rules === 2 ? { rules: 2 as const } : {}) };
    const state = initialState(created);
    const hostKeyHash = hashSecret(hostKey);
    // Stored (one transaction) before the facilitator hears about it.
    try {
      await this.store.createSession({ code, hostKeyHash, createdAt: now, epoch, node: this.nodeId, first: { event: created, snapshotJson: JSON.stringify(state) } });
      this.createFailure = undefined;
    } catch (err) {
      this.createFailure = (err as Error).message;
      throw err;
    }
    const session = new Session(code, state, 1, hostKeyHash, null, this.deps(), false, epoch);
    this.sessions.set(code, session);
    return { code, hostKey, session };
  }

  /**
   * Stores a validated log (every event applies, folded to `state`) as a new, read-only session for replay.
   * Written IMPORT_CHUNK events per transaction with a turn of the event loop between, so votes in other
   * sessions are stored in between; the session is invisible (`importing`) until the last write.
   * `events` may be handed out a chunk at a time (`slice` called in order, IMPORT_CHUNK at a time: an import
   * validated in a worker thread, server/http/importJob.ts); `state` may be its snapshot's JSON text already.
   */
  async importLog(events: Pick<GameEvent[], 'length' | 'slice'>, state: GameState | string): Promise<{ code: string; hostKey: string }> {
    const code = await this.freshCode();
    const hostKey = newSecret();
    await this.store.createSession({ code, hostKeyHash: hashSecret(hostKey), createdAt: this.clock.now(), status: 'importing' });
    try {
      for (let i = 0; i < events.length; i += IMPORT_CHUNK) {
        await nextTurn();
        await this.store.appendImportChunk(code, events.slice(i, i + IMPORT_CHUNK).map((event, k) => ({ seq: i + k + 1, event })));
      }
      await nextTurn();
      const snapshot = typeof state === 'string' ? state : JSON.stringify(state); // ~35 ms for the largest legitimate log: a turn of its own
      await this.store.finishImport(code, events.length, snapshot, nextTurn);
    } catch (err) {
      try {
        await this.store.deleteSession(code);
      } catch {
        // Left as `importing`: invisible, and deleted at the next start.
      }
      throw err;
    }
    return { code, hostKey };
  }

  /** A session in memory (live, or recently opened), or undefined. */
  get(code: string): Session | undefined {
    const live = this.sessions.get(code);
    if (live) live.lastUsed = this.clock.now();
    return live;
  }

  /**
   * `get`, or loads the session from the store (an ended or imported session, or, on several nodes, one
   * this node takes over). `inSteps`: a big snapshot is read a part per turn (HTTP requests).
   */
  async open(code: string, opts: { inSteps?: boolean } = {}): Promise<Session | undefined> {
    const live = this.get(code);
    if (live) return live;
    const pending = this.loading.get(code);
    if (pending) return pending;
    const load = (async () => {
      const row = await this.store.getSession(code);
      if (!row || row.status === 'importing') return undefined;
      return this.load(row, opts.inSteps ?? false);
    })();
    this.loading.set(code, load);
    try {
      return await load;
    } finally {
      this.loading.delete(code);
    }
  }

  /**
   * For commands: the session, run by this node. One node: `open`. Several nodes: throws SessionElsewhere
   * when another node owns it (the command is forwarded there).
   */
  openOwned(code: string): Promise<Session | undefined> {
    return this.open(code);
  }

  /** Brings a stored session into memory (overridden on several nodes, where the lease decides). */
  protected async load(row: SessionRow, inSteps: boolean): Promise<Session | undefined> {
    if (row.status === 'running') return this.resume(row, await this.store.lastAliveAt(this.nodeId), row.epoch);
    const { state, seq, skipped } = inSteps ? await loadStateInSteps(this.store, row.code) : await loadState(this.store, row.code);
    if (skipped.length) this.opts.log.error({ code: row.code, skipped }, 'damaged snapshots skipped; rebuilt from the log');
    const session = new Session(row.code, state, seq, row.hostKeyHash, row.replayTokenHash, this.deps(), row.status === 'imported', row.epoch);
    this.sessions.set(row.code, session);
    return session;
  }

  /**
   * Ended and imported sessions nobody opened for ENDED_IDLE_MS leave memory (they are all on disk and
   * reload on the next `open`): memory holds the running sessions plus the recently used ones.
   */
  evictIdle(now = this.clock.now()): number {
    const idle = this.opts.endedIdleMs ?? ENDED_IDLE_MS;
    let n = 0;
    for (const [code, s] of this.sessions) {
      if ((s.readOnly || s.state.phase === 'ended') && now - s.lastUsed >= idle) {
        this.drop(s);
        n++;
      }
    }
    return n;
  }

  /** Takes a session out of memory (its timer stops). */
  protected drop(s: Session): void {
    s.dispose();
    if (this.sessions.get(s.code) === s) this.sessions.delete(s.code);
  }

  isHost(session: Session, hostKey: string): boolean {
    return secretMatches(hostKey, session.hostKeyHash);
  }

  isReplayViewer(session: Session, token: string): boolean {
    const link = replayLinkOf(session.replayTokenHash);
    return link !== null && secretMatches(token, link.tokenHash);
  }

  /** Whether the session's read-only link shares names and per-person exports (see replayLinkScope). */
  replaySharesNamed(session: Session): boolean {
    return replayLinkOf(session.replayTokenHash)?.shareNamed ?? false;
  }

  /** Stored before it is answered: a link that was handed out works after a restart. */
  async createReplayLink(session: Session, shareNamed = false): Promise<string> {
    const token = newSecret();
    const hash = storedReplayHash(hashSecret(token), shareNamed);
    await this.store.setReplayTokenHash(session.code, hash);
    session.replayTokenHash = hash;
    return token;
  }

  async revokeReplayLink(session: Session): Promise<void> {
    await this.store.setReplayTokenHash(session.code, null);
    session.replayTokenHash = null;
  }

  all(): IterableIterator<Session> {
    return this.sessions.values();
  }

  /** Stops timers, answers what is pending, records the exact moment of a clean stop, closes the store. */
  async close(hooks: { beforeStoreClose?: () => Promise<void> } = {}): Promise<void> {
    this.clock.clearTimeout(this.heartbeat);
    this.clock.clearTimeout(this.sweeper);
    for (const s of this.sessions.values()) s.dispose();
    await this.committer.flush();
    await this.beat(); // a clean stop records its exact moment: the next start gives back exactly the downtime
    this.sessions.clear();
    await hooks.beforeStoreClose?.();
    await this.store.close();
  }
}
