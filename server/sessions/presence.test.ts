import { describe, it, expect } from 'vitest';
import { Presence, GONE_AFTER_MS } from './presence';

// Issue 13, item 17: after a restart everyone showed as gone at once.
describe('Presence', () => {
  it('shows someone this process never saw as away until GONE_AFTER_MS after the assumed departure', () => {
    const p = new Presence(1_000);
    expect(new Presence().stateOf('p1', 0)).toBe('gone'); // never seen, not recovered: gone
    expect(p.stateOf('p1', 1_000 + 5_000)).toBe('away');
    expect(p.stateOf('p1', 1_000 + GONE_AFTER_MS)).toBe('gone');
    p.assumeLeftAt(50_000);
    expect(p.stateOf('p1', 50_000 + GONE_AFTER_MS - 1)).toBe('away');
  });

  it('follows connections: connected, then away from the moment the last socket left, then gone', () => {
    const p = new Presence(0);
    p.connect('p1');
    p.connect('p1');
    p.disconnect('p1', 10);
    expect(p.stateOf('p1', 10)).toBe('connected');
    p.disconnect('p1', 20);
    expect(p.stateOf('p1', 20 + GONE_AFTER_MS - 1)).toBe('away');
    expect(p.stateOf('p1', 20 + GONE_AFTER_MS)).toBe('gone');
  });
});
