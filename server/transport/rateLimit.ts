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
  /** Takes `cost` tokens (a large message costs more than a small one); nothing is taken when short. */
  take(now = Date.now(), cost = 1): boolean {
    this.refill(now);
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
  /** True when a `take` would fail now (nothing is taken). */
  empty(now = Date.now()): boolean {
    this.refill(now);
    return this.tokens < 1;
  }
}

/**
 * Buckets keyed by something (an IP address), at most `maxKeys` of them so memory stays bounded. The map is
 * kept in order of last use: when it is full, keys quiet long enough to be full again go first, then the
 * least recently used. It never forgets everyone at once (an attacker who fills it with fresh addresses
 * only pushes out the addresses that were quiet the longest, not the one still being refused).
 */
export class KeyedLimiter {
  private buckets = new Map<string, { bucket: TokenBucket; seen: number }>();
  constructor(private capacity: number, private perSecond: number, private maxKeys = 50_000) {}
  take(key: string, now = Date.now()): boolean {
    let entry = this.buckets.get(key);
    if (entry) this.buckets.delete(key); // re-inserted below: most recently used last
    else {
      if (this.buckets.size >= this.maxKeys) this.evict(now);
      entry = { bucket: new TokenBucket(this.capacity, this.perSecond, now), seen: now };
    }
    this.buckets.set(key, entry);
    entry.seen = now;
    return entry.bucket.take(now);
  }
  get size(): number {
    return this.buckets.size;
  }
  /** True when this key has used up its bucket (a key never seen is not blocked). */
  blocked(key: string, now = Date.now()): boolean {
    return this.buckets.get(key)?.bucket.empty(now) ?? false;
  }
  /** Drops, oldest first, the keys whose bucket has refilled, and as many more as needed to make room for one. */
  private evict(now: number): void {
    const quiet = (this.capacity / this.perSecond) * 1000;
    for (const [k, v] of this.buckets) {
      if (this.buckets.size < this.maxKeys && now - v.seen <= quiet) break;
      this.buckets.delete(k);
    }
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
  /**
   * Every inbound message costs 1 token plus 1 per this many bytes on the wire (known events or not), so a
   * socket sending 250 KB frames gets one through every ~1.7 s instead of ten a second. The largest message
   * (an uploaded deck) costs 17 tokens and still fits in the burst.
   */
  socketBytesPerToken: 16_384,
  /** Sockets that keep hammering past the limit are disconnected (a refused message counts its cost). */
  socketDropsBeforeDisconnect: 200,
  /** No real client sends an unknown event: a socket that sends this many is disconnected. */
  unknownEventsBeforeDisconnect: 20,
  /**
   * Concurrent connections (sockets) per address. A workshop room behind one NAT shares an address, so this
   * is sized for several hundred people with a phone and a laptop tab each; MAX_CONNECTIONS_PER_ADDRESS
   * overrides it (0: no limit, e.g. behind a reverse proxy where every connection has the proxy's address).
   */
  connectionsPerAddress: 600,
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
  /**
   * Time to receive a whole HTTP request, headers and body: a body dribbled in slower is cut off (408). Sized
   * for the largest log import over a poor Wi-Fi (~300 KB/s).
   */
  httpRequestTimeoutMs: 120_000,
} as const;

export type Limits = { [K in keyof typeof LIMITS]: number };
