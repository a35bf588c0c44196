import { KeyedLimiter, type Limits } from '../transport/rateLimit';

/**
 * The per-address limiters shared by the socket handlers and the HTTP routes, so guessing room codes
 * over HTTP and over sockets draws on one budget.
 */
export class AbuseGuards {
  /** Failures only: wrong codes, wrong host keys, unknown tokens, refused log requests. */
  readonly failures: KeyedLimiter;
  /** Sessions created over the socket and logs imported over HTTP. */
  readonly creates: KeyedLimiter;

  constructor(readonly limits: Limits) {
    this.failures = new KeyedLimiter(limits.failedLookupsBurst, limits.failedLookupsPerSecond);
    this.creates = new KeyedLimiter(limits.createsBurst, limits.createsPerSecond);
  }

  /** An address that has used up its failures may not look up codes until the bucket refills. */
  guessingBlocked(ip: string): boolean {
    return this.failures.blocked(ip);
  }

  failed(ip: string): void {
    this.failures.take(ip);
  }
}
