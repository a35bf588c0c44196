import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { KeyedLimiter, TokenBucket } from './rateLimit';

describe('TokenBucket', () => {
  it('charges a cost: a message worth 13 tokens passes twice from a burst of 30, not three times', () => {
    const b = new TokenBucket(30, 10, 0);
    expect([b.take(0, 13), b.take(0, 13), b.take(0, 13)]).toEqual([true, true, false]);
    expect(b.take(0, 4)).toBe(true);
    expect(b.take(1000, 10)).toBe(true); // refilled at 10 a second
  });
});

// Issue 13, item 12: once the limiter tracked 50,000 addresses it forgot all of them, the blocked ones too.
describe('KeyedLimiter', () => {
  it('keeps refusing a blocked address that keeps trying while fresh addresses fill the table', () => {
    const l = new KeyedLimiter(3, 0.01, 100);
    let t = 0;
    for (let i = 0; i < 99; i++) l.take(`quiet-${i}`, t++);
    for (let i = 0; i < 10; i++) l.take('attacker', t++);
    expect(l.blocked('attacker', t)).toBe(true);
    for (let i = 0; i < 1_000; i++) {
      l.take(`fresh-${i}`, t++);
      if (i % 10 === 0) {
        expect(l.take('attacker', t++)).toBe(false);
        expect(l.blocked('attacker', t)).toBe(true);
      }
      expect(l.size).toBeLessThanOrEqual(100);
    }
  });

  it('forgets the least recently used first: a bucket that refilled goes before a busy one', () => {
    const l = new KeyedLimiter(1, 1, 2);
    l.take('old', 0);
    l.take('busy', 0);
    l.take('newcomer', 500); // table full: 'old' (least recently used) goes, 'busy' stays blocked
    expect(l.blocked('busy', 500)).toBe(true);
    expect(l.size).toBe(2);
  });

  it('property: never holds more than maxKeys, and the most recently used key is never evicted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 400 }), (max, keys) => {
        const l = new KeyedLimiter(2, 0.001, max);
        let t = 0;
        for (const k of keys) {
          l.take(`k${k}`, t);
          t += 1;
          expect(l.size).toBeLessThanOrEqual(max);
        }
        if (keys.length) {
          const last = `k${keys[keys.length - 1]}`;
          // Three takes in a row from a bucket of 2: blocked, and still remembered as blocked.
          l.take(last, t);
          l.take(last, t);
          expect(l.blocked(last, t)).toBe(true);
        }
      }),
    );
  });
});
