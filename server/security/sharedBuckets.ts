import type { Redis } from 'ioredis';

/**
 * Token buckets kept in Redis, so that the per-address abuse limits are one budget across every node
 * (REDIS_URL): an address that spreads its guesses or its creations over N nodes gets the budget of one.
 * The same bucket as the in-memory KeyedLimiter (`capacity` at once, refilled at `perSecond`), taken
 * atomically by a Lua script on Redis's own clock (nodes' clocks may differ); the key expires once the
 * bucket would be full again, so idle addresses cost Redis nothing. A bucket, not INCR with a fixed
 * window: it keeps the documented limits exactly as on one node (no double burst at a window's edge).
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2]) / 1000
local h = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(h[1]) or cap
local at = tonumber(h[2]) or now
tokens = math.min(cap, tokens + math.max(0, now - at) * rate)
local ok = 0
if tokens >= 1 then
  tokens = tokens - 1
  ok = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((cap - tokens) / rate) + 1000)
local emptyFor = 0
if tokens < 1 then emptyFor = math.ceil((1 - tokens) / rate) end
return { ok, emptyFor }
`;

/** Where a node hears that an address used up a bucket on another node (guesses are checked without a round trip). */
export const BLOCKED_CHANNEL = 'powerup:limits:blocked';
const keyOf = (name: string, key: string) => `powerup:limit:${name}:${key}`;

export type TakeResult = { ok: boolean; /** ms until the bucket holds a token again (0: it still does). */ emptyForMs: number };

export interface SharedBuckets {
  take(name: string, key: string, capacity: number, perSecond: number): Promise<TakeResult>;
  /** Tells every node that `key` may not guess for `ms`. */
  announceBlocked(key: string, ms: number): void;
  /** Called on this node when any node announces a block. */
  onBlocked(listener: (key: string, ms: number) => void): void;
  close(): Promise<void>;
}

/** A Redis answer slower than this falls back to the node's own buckets (a limit never stalls a request). */
export const SHARED_TIMEOUT_MS = 1000;

type TakeCommand = { powerupTakeToken(key: string, capacity: number, perSecond: number): Promise<[number, number]> };

export class RedisBuckets implements SharedBuckets {
  private sub: Redis;
  private listeners: ((key: string, ms: number) => void)[] = [];

  constructor(private redis: Redis) {
    // EVALSHA with the script's hash, sending the script itself only the first time.
    if (!('powerupTakeToken' in redis)) redis.defineCommand('powerupTakeToken', { numberOfKeys: 1, lua: TAKE });
    this.sub = redis.duplicate();
    this.sub.on('error', () => {});
    this.sub.on('message', (channel: string, text: string) => {
      if (channel !== BLOCKED_CHANNEL) return;
      const m = /^(\d+) (.+)$/.exec(text);
      if (!m) return;
      for (const l of this.listeners) l(m[2], Number(m[1]));
    });
  }

  async start(): Promise<void> {
    await this.sub.subscribe(BLOCKED_CHANNEL);
  }

  async take(name: string, key: string, capacity: number, perSecond: number): Promise<TakeResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('redis did not answer in time')), SHARED_TIMEOUT_MS);
    });
    try {
      const [ok, emptyFor] = (await Promise.race([(this.redis as unknown as TakeCommand).powerupTakeToken(keyOf(name, key), capacity, perSecond), timeout])) as [number, number];
      return { ok: ok === 1, emptyForMs: Number(emptyFor) };
    } finally {
      clearTimeout(timer);
    }
  }

  announceBlocked(key: string, ms: number): void {
    this.redis.publish(BLOCKED_CHANNEL, `${Math.ceil(ms)} ${key}`).catch(() => {});
  }

  onBlocked(listener: (key: string, ms: number) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    this.sub.disconnect();
  }
}
