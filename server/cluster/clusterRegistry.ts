import { SessionRegistry, SessionElsewhere, type RegistryOptions } from '../sessions/registry';
import { Session } from '../sessions/session';
import { loadStateInSteps } from '../sessions/loadState';
import type { SessionRow } from '../store/store';
import type { Ownership } from './ownership';
import type { TimerHandle } from '../sessions/clock';

/** How often a node looks for running sessions nobody owns (a node died): takeover within LEASE_MS + this. */
export const TAKEOVER_SWEEP_MS = 500;
/** How long a node trusts what it learnt about another node's session before asking Redis again. */
const OWNER_CACHE_MS = 1000;

/**
 * The registry of one node among several (REDIS_URL): a session is in memory here only while this node
 * holds its lease (Ownership). Opening a session another node owns throws SessionElsewhere for commands
 * (they are forwarded) and gives a read-only copy for HTTP reads; a running session nobody owns (its node
 * died, or stopped) is taken over by the first node whose sweep finds it: lease, then the store's claim
 * (fencing), then snapshot + tail, then the timer gets back the time the session had no owner.
 */
export class ClusterRegistry extends SessionRegistry {
  private sweepTimer: TimerHandle;
  private owners = new Map<string, { node: string; until: number }>();
  /** Told when this node took a session over (the socket layer rebuilds its presence from the cluster). */
  onAdopted: (session: Session) => void = () => {};
  private closing = false;

  constructor(opts: RegistryOptions, readonly ownership: Ownership) {
    super({ ...opts, nodeId: ownership.nodeId });
    ownership.onLost = (code) => {
      const s = this.get(code);
      if (s) this.lost(s);
    };
    this.sweepTimer = this.clock.setInterval(() => void this.sweep(), TAKEOVER_SWEEP_MS);
  }

  /** A new session is this node's from the start: its lease is taken before it is stored. */
  override create(config: Parameters<SessionRegistry['create']>[0], deck: Parameters<SessionRegistry['create']>[1]) {
    return super.create(config, deck, (code) => this.ownership.acquire(code));
  }

  /** Starting: no restart bookkeeping of its own; the sweep takes whatever running session nobody owns. */
  override async recover(): Promise<number> {
    await this.store.dropUnfinishedImports().catch(() => 0);
    return this.sweep();
  }

  private sweeping = false;
  /** Takes over every running session whose lease nobody holds. Answers how many it took. */
  async sweep(): Promise<number> {
    if (this.sweeping || this.closing) return 0;
    this.sweeping = true;
    let n = 0;
    try {
      for (const row of await this.store.runningSessions()) {
        if (this.get(row.code) || this.ownership.holds(row.code)) continue;
        if (await this.ownership.ownerOf(row.code)) continue;
        try {
          if (await this.openOwned(row.code)) n++;
        } catch (err) {
          if (!(err instanceof SessionElsewhere)) this.log.error({ code: row.code, err: (err as Error).message }, 'takeover failed');
        }
      }
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'takeover sweep failed');
    } finally {
      this.sweeping = false;
    }
    return n;
  }

  /** Where a session's commands go now: this node (undefined) or another. */
  async ownerElsewhere(code: string): Promise<string | undefined> {
    if (this.get(code) && this.ownership.holds(code)) return undefined;
    const cached = this.owners.get(code);
    if (cached && cached.until > this.clock.now()) return cached.node;
    const node = await this.ownership.ownerOf(code);
    if (node && node !== this.nodeId) {
      this.owners.set(code, { node, until: this.clock.now() + OWNER_CACHE_MS });
      return node;
    }
    return undefined;
  }

  /** What this node learnt is stale (a forward found the session gone from there). */
  forgetOwner(code: string): void {
    this.owners.delete(code);
  }

  override async openOwned(code: string): Promise<Session | undefined> {
    const live = this.get(code);
    if (live) return live;
    const elsewhere = await this.ownerElsewhere(code);
    if (elsewhere) throw new SessionElsewhere(code, elsewhere);
    // Not `this.open`: if another node takes the lease between these two reads, that would hand a command
    // the read-only copy (READ_ONLY, a lost vote, seen at takeover under load). `load` takes the lease or
    // throws SessionElsewhere, so the command is forwarded to whoever won.
    return super.open(code);
  }

  /** HTTP reads: this node's session, or a read-only copy of one another node owns (never cached, no timers). */
  override async open(code: string, opts: { inSteps?: boolean } = {}): Promise<Session | undefined> {
    const live = this.get(code);
    if (live) return live;
    const node = await this.ownership.ownerOf(code);
    if (node && node !== this.nodeId) {
      const row = await this.store.getSession(code);
      if (!row || row.status === 'importing') return undefined;
      const { state, seq } = await loadStateInSteps(this.store, code);
      return new Session(row.code, state, seq, row.hostKeyHash, row.replayTokenHash, this.deps(), true, row.epoch);
    }
    return super.open(code, opts);
  }

  /** Takes the lease, claims the session in the store (fencing), then loads it. */
  protected override async load(row: SessionRow, inSteps: boolean): Promise<Session | undefined> {
    if (this.closing) throw new SessionElsewhere(row.code, undefined);
    const epoch = await this.ownership.acquire(row.code);
    if (epoch === undefined) throw new SessionElsewhere(row.code, await this.ownership.ownerOf(row.code));
    try {
      const claim = await this.store.claim(row.code, epoch, this.nodeId);
      if (!claim.ok) throw new SessionElsewhere(row.code, undefined);
      const fresh = (await this.store.getSession(row.code))!;
      let session: Session;
      if (fresh.status === 'running') {
        // Down since the previous owner's last heartbeat (or the session's last event, if later).
        const aliveAt = claim.previousNode ? await this.store.lastAliveAt(claim.previousNode) : undefined;
        session = await this.resume(fresh, aliveAt, epoch);
        if (claim.previousNode && claim.previousNode !== this.nodeId) this.log.warn({ code: row.code, from: claim.previousNode, epoch }, 'session taken over');
        this.onAdopted(session);
      } else {
        const s = await super.load(fresh, inSteps);
        if (!s) throw new Error('not loadable');
        s.epoch = epoch;
        session = s;
      }
      this.owners.delete(row.code);
      return session;
    } catch (err) {
      await this.ownership.release(row.code);
      throw err;
    }
  }

  protected override drop(s: Session): void {
    super.drop(s);
    void this.ownership.release(s.code);
  }

  protected override lost(s: Session): void {
    this.ownership.forget(s.code);
    super.lost(s);
  }

  private get log() {
    return this.logger;
  }

  override async close(): Promise<void> {
    this.closing = true;
    this.clock.clearTimeout(this.sweepTimer);
    // Pending events are stored first, then the leases go: another node takes over at once, not after LEASE_MS.
    await super.close({ beforeStoreClose: () => this.ownership.close() });
  }
}

