import { describe, it, expect } from 'vitest';
import { DECKS_KEY, findDeck, forgetDeck, rememberDeck, savedDecks } from './deckKeys';

function memory(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('saved deck keys (this browser)', () => {
  it('remembers, replaces, lists newest first and forgets', () => {
    const s = memory();
    rememberDeck({ id: 'a', editKey: 'ka', title: 'A', savedAt: 1 }, s);
    rememberDeck({ id: 'b', editKey: 'kb', title: 'B', savedAt: 2 }, s);
    rememberDeck({ id: 'a', editKey: 'ka', title: 'A2', savedAt: 3 }, s);
    expect(savedDecks(s).map((d) => d.title)).toEqual(['A2', 'B']);
    expect(findDeck('b', s)?.editKey).toBe('kb');
    forgetDeck('a', s);
    expect(savedDecks(s).map((d) => d.id)).toEqual(['b']);
  });
  it('survives damaged storage and no storage', () => {
    const s = memory();
    s.data.set(DECKS_KEY, '{not json');
    expect(savedDecks(s)).toEqual([]);
    s.data.set(DECKS_KEY, JSON.stringify([{ id: 1 }, { id: 'x', editKey: 'k', title: 't', savedAt: 0 }]));
    expect(savedDecks(s).map((d) => d.id)).toEqual(['x']);
    expect(savedDecks(null)).toEqual([]);
    rememberDeck({ id: 'a', editKey: 'k', title: 't', savedAt: 0 }, null);
  });
});
