/** A token bucket: `capacity` at once, refilled at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(private capacity: number, private perSecond: number, now = Date.now()) {
    this.tokens = capacity;
    this.last = now;
  }
  private refill(now: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + (Math.max(0, now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }
  take(now = Date.now()): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
  /** True when a `take` would fail now (nothing is taken). */
  empty(now = Date.now()): boolean {
    this.refill(now);
    return this.tokens < 1;
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
  /** True when this key has used up its bucket (a key never seen is not blocked). */
  blocked(key: string, now = Date.now()): boolean {
    return this.buckets.get(key)?.bucket.empty(now) ?? false;
  }
  private sweep(now: number): void {
    const quiet = (this.capacity / this.perSecond) * 1000;
    for (const [k, v] of this.buckets) if (now - v.seen > quiet) this.buckets.delete(k);
    if (this.buckets.size >= this.maxKeys) this.buckets.clear();
  }
}

/** The documented limits (docs/security.md lists every one of them). */
export const LIMITS = {
  /**
   * Largest socket.io message; a bigger one closes the connection. Sized for an uploaded deck (60 cards);
   * every other payload is bounded far lower by its schema.
   */
  maxMessageBytes: 262_144,
  /** Per socket: 30 messages at once, then 10 a second. */
  socketBurst: 30,
  socketPerSecond: 10,
  /** Sockets that keep hammering past the limit are disconnected. */
  socketDropsBeforeDisconnect: 200,
  /**
   * Per address, only failures count: wrong room codes, wrong host keys, unknown tokens, refused log requests.
   * Once used up, every code lookup from that address is refused (so a right guess cannot get through),
   * except a rejoin with a valid token. Successful joins never count: a whole workshop may share one NAT address.
   */
  failedLookupsBurst: 20,
  failedLookupsPerSecond: 0.2,
  /** Per address: sessions created (socket) and logs imported (HTTP). */
  createsBurst: 10,
  createsPerSecond: 0.1,
  /** Largest HTTP request body, except the log import route (its own limit). */
  httpBodyBytes: 1_000_000,
} as const;

export type Limits = { [K in keyof typeof LIMITS]: number };
