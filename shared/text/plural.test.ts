import { describe, it, expect } from 'vitest';
import { plural, countOf } from './plural';

describe('plural', () => {
  it('uses the singular for exactly one and the plural otherwise, zero included', () => {
    expect(plural(1, 'player')).toBe('1 player');
    expect(plural(0, 'player')).toBe('0 players');
    expect(plural(2, 'player')).toBe('2 players');
    expect(plural(-1, 'step')).toBe('-1 steps');
  });
  it('takes an irregular plural', () => {
    expect(plural(1, 'person', 'people')).toBe('1 person');
    expect(plural(30, 'person', 'people')).toBe('30 people');
    expect(plural(2, 'story', 'stories')).toBe('2 stories');
  });
});

describe('countOf', () => {
  it('agrees the noun with the whole it counts out of', () => {
    expect(countOf(1, 1, 'round')).toBe('1 of 1 round');
    expect(countOf(0, 1, 'vote')).toBe('0 of 1 vote');
    expect(countOf(1, 3, 'vote')).toBe('1 of 3 votes');
    expect(countOf(0, 0, 'round')).toBe('0 of 0 rounds');
    expect(countOf(2, 2, 'person', 'people')).toBe('2 of 2 people');
  });
});
