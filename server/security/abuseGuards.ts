import { KeyedLimiter, type Limits } from '../transport/rateLimit';
import type { SharedBuckets } from './sharedBuckets';

/** A per-address budget that may be shared with other nodes, so taking from it is async. */
export type AddressLimiter = { take(ip: string): Promise<boolean> };

/** Addresses remembered as blocked by another node's bucket (bounded like KeyedLimiter). */
const MAX_BLOCKED = 50_000;

/**
 * The per-address limiters shared by the socket handlers and the HTTP routes, so guessing room codes
 * over HTTP and over sockets draws on one budget. On one node they are in memory. With REDIS_URL
 * (`shared`), the budgets are one across every node (sharedBuckets.ts); the node's own buckets are still
 * kept and answer when Redis does not, so a Redis outage never lifts the limits, it only makes them per node.
 *
 * Guesses are checked without waiting for Redis (a session in memory is found in the same turn, which keeps
 * one socket's messages in order): each failure is counted in Redis as well, and the node whose count
 * empties an address's bucket tells every node, which then refuses that address until it refills.
 */
export class AbuseGuards {
  /** Failures only: wrong codes, wrong host keys, unknown tokens, refused log requests. */
  private readonly failures: KeyedLimiter;
  /** Sessions created over the socket and logs imported over HTTP. */
  readonly creates: AddressLimiter;
  /** Until when (ms, this node's clock) another node's count blocks an address from guessing. */
  private blockedUntil = new Map<string, number>();

  constructor(readonly limits: Limits, private shared?: SharedBuckets) {
    this.failures = new KeyedLimiter(limits.failedLookupsBurst, limits.failedLookupsPerSecond);
    this.creates = this.limiter('creates', limits.createsBurst, limits.createsPerSecond);
    shared?.onBlocked((ip, ms) => this.block(ip, ms));
  }

  /** A named per-address budget (`burst` at once, refilled at `perSecond`), shared across nodes with Redis. */
  limiter(name: string, burst: number, perSecond: number): AddressLimiter {
    const local = new KeyedLimiter(burst, perSecond);
    const shared = this.shared;
    return {
      async take(ip) {
        const mine = local.take(ip);
        if (!shared) return mine;
        try {
          return (await shared.take(name, ip, burst, perSecond)).ok;
        } catch {
          return mine;
        }
      },
    };
  }

  /** An address that has used up its failures may not look up codes until the bucket refills. */
  guessingBlocked(ip: string): boolean {
    if (this.failures.blocked(ip)) return true;
    const until = this.blockedUntil.get(ip);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.blockedUntil.delete(ip);
    return false;
  }

  failed(ip: string): void {
    this.failures.take(ip);
    const shared = this.shared;
    if (!shared) return;
    shared
      .take('failures', ip, this.limits.failedLookupsBurst, this.limits.failedLookupsPerSecond)
      .then((r) => {
        if (r.emptyForMs <= 0) return;
        this.block(ip, r.emptyForMs);
        shared.announceBlocked(ip, r.emptyForMs);
      })
      // Redis out of reach: this node's own bucket (above) still counts.
      .catch(() => {});
  }

  private block(ip: string, ms: number): void {
    this.blockedUntil.delete(ip);
    if (this.blockedUntil.size >= MAX_BLOCKED) this.blockedUntil.delete(this.blockedUntil.keys().next().value!);
    this.blockedUntil.set(ip, Date.now() + ms);
  }
}
