import type { Redis } from 'ioredis';
import type { Clock, TimerHandle } from '../sessions/clock';

/**
 * Who owns each running session across nodes: a lease in Redis. `powerup:owner:<code>` holds
 * `<node>:<epoch>` with an expiry (LEASE_MS), renewed by its owner every third of it; `powerup:epoch:<code>`
 * counts takeovers. A node takes a session only when nobody holds the lease, and gets the next epoch,
 * which it then writes into the store (Store.claim): from that moment the store refuses appends with an
 * older epoch, so a node that lost its lease (paused, cut off from Redis) cannot write even before it
 * notices. Redis decides who may try; the store's fence decides who can write.
 */
const ACQUIRE = `
if redis.call('exists', KEYS[1]) == 1 then return nil end
local e = redis.call('incr', KEYS[2])
redis.call('set', KEYS[1], ARGV[1] .. ':' .. e, 'PX', ARGV[2])
return e`;
const RENEW = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

const ownerKey = (code: string) => `powerup:owner:${code}`;
const epochKey = (code: string) => `powerup:epoch:${code}`;

export class Ownership {
  private held = new Map<string, { epoch: number; renewedAt: number }>();
  private timer: TimerHandle;
  /** Told when this node lost a session's lease (expired, or taken by another node). */
  onLost: (code: string) => void = () => {};

  constructor(
    private redis: Redis,
    readonly nodeId: string,
    readonly leaseMs: number,
    private clock: Clock,
    private log: { warn(o: object, m: string): void },
  ) {
    this.timer = clock.setInterval(() => void this.renewAll(), Math.max(100, Math.floor(leaseMs / 3)));
  }

  /** Takes the lease if nobody holds it: the new epoch, or undefined. */
  async acquire(code: string): Promise<number | undefined> {
    const e = (await this.redis.eval(ACQUIRE, 2, ownerKey(code), epochKey(code), this.nodeId, String(this.leaseMs))) as number | null;
    if (e === null || e === undefined) return undefined;
    this.held.set(code, { epoch: Number(e), renewedAt: this.clock.now() });
    return Number(e);
  }

  holds(code: string): boolean {
    return this.held.has(code);
  }

  /** The node holding the lease now, if any. */
  async ownerOf(code: string): Promise<string | undefined> {
    const v = await this.redis.get(ownerKey(code));
    return v ? v.slice(0, v.lastIndexOf(':')) : undefined;
  }

  async release(code: string): Promise<void> {
    const h = this.held.get(code);
    if (!h) return;
    this.held.delete(code);
    await this.redis.eval(RELEASE, 1, ownerKey(code), `${this.nodeId}:${h.epoch}`).catch(() => {});
  }

  /** Forgets a lease without telling Redis (the session was taken over). */
  forget(code: string): void {
    this.held.delete(code);
  }

  private async renewAll(): Promise<void> {
    const now = this.clock.now();
    await Promise.all(
      [...this.held].map(async ([code, h]) => {
        let ok: boolean;
        try {
          ok = Number(await this.redis.eval(RENEW, 1, ownerKey(code), `${this.nodeId}:${h.epoch}`, String(this.leaseMs))) === 1;
          if (ok) h.renewedAt = now;
        } catch {
          // Redis unreachable: the lease may run out meanwhile; past its length it is given up here.
          ok = now - h.renewedAt < this.leaseMs;
        }
        if (!ok && this.held.get(code) === h) {
          this.held.delete(code);
          this.log.warn({ code }, 'session lease lost');
          this.onLost(code);
        }
      }),
    );
  }

  async close(): Promise<void> {
    this.clock.clearTimeout(this.timer);
    await Promise.all([...this.held.keys()].map((code) => this.release(code)));
  }
}
