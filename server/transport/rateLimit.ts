/** A token bucket: `capacity` at once, refilled at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(private capacity: number, private perSecond: number, now = Date.now()) {
    this.tokens = capacity;
    this.last = now;
  }
  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Buckets keyed by something (an IP address), forgotten after a quiet while so memory stays bounded. */
export class KeyedLimiter {
  private buckets = new Map<string, { bucket: TokenBucket; seen: number }>();
  constructor(private capacity: number, private perSecond: number, private maxKeys = 50_000) {}
  take(key: string, now = Date.now()): boolean {
    let entry = this.buckets.get(key);
    if (!entry) {
      if (this.buckets.size >= this.maxKeys) this.sweep(now);
      entry = { bucket: new TokenBucket(this.capacity, this.perSecond, now), seen: now };
      this.buckets.set(key, entry);
    }
    entry.seen = now;
    return entry.bucket.take(now);
  }
  private sweep(now: number): void {
    const quiet = (this.capacity / this.perSecond) * 1000;
    for (const [k, v] of this.buckets) if (now - v.seen > quiet) this.buckets.delete(k);
    if (this.buckets.size >= this.maxKeys) this.buckets.clear();
  }
}

/** The documented limits (docs/protocol.md, docs/security.md). */
export const LIMITS = {
  maxMessageBytes: 16_384,
  socketBurst: 30,
  socketPerSecond: 10,
  /** Sockets that keep hammering past the limit are disconnected. */
  socketDropsBeforeDisconnect: 200,
  failedLookupsBurst: 20,
  failedLookupsPerSecond: 0.2,
  createsBurst: 10,
  createsPerSecond: 0.1,
} as const;
