import { describe, expect, it } from 'vitest';
import { stableStringify, stateHash } from './hash';
import { nextRandom, seedPrng } from './prng';

describe('stateHash', () => {
  it('ignores key order and distinguishes values', () => {
    expect(stateHash({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(stateHash({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(stateHash({ a: 1 })).not.toBe(stateHash({ a: 2 }));
    expect(stableStringify({ b: 1, a: null })).toBe('{"a":null,"b":1}');
  });
});

describe('prng', () => {
  it('is deterministic, in [0,1), and spreads nearby seeds', () => {
    const a = nextRandom(seedPrng(1));
    expect(nextRandom(seedPrng(1))).toEqual(a);
    expect(a[0]).toBeGreaterThanOrEqual(0);
    expect(a[0]).toBeLessThan(1);
    expect(nextRandom(seedPrng(2))[0]).not.toBe(a[0]);
    let s = seedPrng(9);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const [v, n] = nextRandom(s);
      sum += v;
      s = n;
    }
    expect(sum / 10_000).toBeGreaterThan(0.48);
    expect(sum / 10_000).toBeLessThan(0.52);
  });
});
