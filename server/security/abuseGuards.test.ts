import { describe, it, expect } from 'vitest';
import { AbuseGuards } from './abuseGuards';
import { LIMITS } from '../transport/rateLimit';
import type { SharedBuckets, TakeResult } from './sharedBuckets';

/** One bucket store standing in for Redis, shared by two "nodes"' guards; `down` makes it fail like a lost Redis. */
function fakeRedis() {
  const tokens = new Map<string, number>();
  const listeners: ((key: string, ms: number) => void)[] = [];
  const state = { down: false, announced: [] as string[] };
  const node = (): SharedBuckets => ({
    async take(name, key, capacity): Promise<TakeResult> {
      if (state.down) throw new Error('redis down');
      const k = `${name}:${key}`;
      const left = tokens.get(k) ?? capacity;
      const ok = left >= 1;
      const after = ok ? left - 1 : left;
      tokens.set(k, after);
      return { ok, emptyForMs: after < 1 ? 5000 : 0 };
    },
    announceBlocked(key) {
      state.announced.push(key);
      for (const l of listeners) l(key, 5000);
    },
    onBlocked(l) {
      listeners.push(l);
    },
    async close() {},
  });
  return { node, state };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('AbuseGuards', () => {
  it('on one node: creations and guesses are limited in memory', async () => {
    const g = new AbuseGuards({ ...LIMITS, createsBurst: 2, failedLookupsBurst: 3 });
    expect([await g.creates.take('1.2.3.4'), await g.creates.take('1.2.3.4'), await g.creates.take('1.2.3.4')]).toEqual([true, true, false]);
    expect(await g.creates.take('5.6.7.8')).toBe(true);
    for (let i = 0; i < 3; i++) g.failed('1.2.3.4');
    expect(g.guessingBlocked('1.2.3.4')).toBe(true);
    expect(g.guessingBlocked('5.6.7.8')).toBe(false);
  });

  it('two nodes on one shared store: one budget of creations, and guesses counted on both block the address on both', async () => {
    const redis = fakeRedis();
    const limits = { ...LIMITS, createsBurst: 4, failedLookupsBurst: 6 };
    const a = new AbuseGuards(limits, redis.node());
    const b = new AbuseGuards(limits, redis.node());
    const takes = [await a.creates.take('ip'), await b.creates.take('ip'), await a.creates.take('ip'), await b.creates.take('ip')];
    expect(takes).toEqual([true, true, true, true]);
    // Each node alone has taken 2 of its 4, but the budget is one: both refuse now.
    expect(await a.creates.take('ip')).toBe(false);
    expect(await b.creates.take('ip')).toBe(false);

    for (let i = 0; i < 5; i++) (i % 2 ? b : a).failed('ip');
    await settle();
    expect(a.guessingBlocked('ip') || b.guessingBlocked('ip')).toBe(false);
    b.failed('ip'); // the sixth: a has seen 3, b 3
    await settle();
    expect(redis.state.announced).toEqual(['ip']);
    expect(a.guessingBlocked('ip')).toBe(true);
    expect(b.guessingBlocked('ip')).toBe(true);
    expect(a.guessingBlocked('other')).toBe(false);
  });

  it('Redis out of reach: the node\u2019s own buckets answer, so the limits hold per node instead of lifting', async () => {
    const redis = fakeRedis();
    redis.state.down = true;
    const g = new AbuseGuards({ ...LIMITS, createsBurst: 2, failedLookupsBurst: 2 }, redis.node());
    expect([await g.creates.take('ip'), await g.creates.take('ip'), await g.creates.take('ip')]).toEqual([true, true, false]);
    g.failed('ip');
    g.failed('ip');
    await settle();
    expect(g.guessingBlocked('ip')).toBe(true);
  });

  it('named limiters (the deck routes) share the same way', async () => {
    const redis = fakeRedis();
    const a = new AbuseGuards(LIMITS, redis.node()).limiter('deckCreates', 3, 1 / 60);
    const b = new AbuseGuards(LIMITS, redis.node()).limiter('deckCreates', 3, 1 / 60);
    expect([await a.take('ip'), await b.take('ip'), await a.take('ip'), await b.take('ip')]).toEqual([true, true, true, false]);
  });
});
