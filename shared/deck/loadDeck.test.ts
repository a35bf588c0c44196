import { describe, expect, it } from 'vitest';
import { defaultDeck, parseDeck } from './loadDeck';
import json from './default-deck.json';

const copy = () => JSON.parse(JSON.stringify(json));

describe('the default deck', () => {
  it('is valid and has at least 12 cards, several with a story prompt', () => {
    expect(parseDeck(json).ok).toBe(true);
    expect(defaultDeck.cards.length).toBeGreaterThanOrEqual(12);
    expect(defaultDeck.cards.filter((c) => c.storyPrompt).length).toBeGreaterThanOrEqual(4);
  });
  it('gives every team 3–4 options and exactly one wait option on every card', () => {
    for (const c of defaultDeck.cards)
      for (const t of ['buyer', 'provider'] as const) {
        const mine = c.options.filter((o) => o.team === t);
        expect(mine.length).toBeGreaterThanOrEqual(3);
        expect(mine.length).toBeLessThanOrEqual(4);
        expect(mine.filter((o) => o.wait)).toHaveLength(1);
      }
  });
  it('covers the themes of the source text', () => {
    const ids = defaultDeck.cards.map((c) => c.id);
    for (const id of ['data-door', 'three-years-in', 'no-ideas', 'prototype-fund', 'show-and-tell', 'shut-it-down', 'egos-at-the-door', 'competitor-move', 'culture-check'])
      expect(ids).toContain(id);
  });
});

describe('parseDeck', () => {
  it('names the card and the field path of a bad value', () => {
    const bad = copy();
    bad.cards[0].options[2].effects.courage = 'lots';
    const r = parseDeck(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^card "data-door" \(The data door\): options\.2\.effects\.courage: .*expected number/);
  });
  it('rejects duplicate card ids, duplicate option ids and wrong option counts', () => {
    const dup = copy();
    dup.cards[1].id = dup.cards[0].id;
    const r1 = parseDeck(dup);
    expect(!r1.ok && r1.errors.join('\n')).toMatch(/duplicate card id "data-door"/);
    const dupOpt = copy();
    dupOpt.cards[0].options[1].id = dupOpt.cards[0].options[0].id;
    const r2 = parseDeck(dupOpt);
    expect(!r2.ok && r2.errors.join('\n')).toMatch(/card "data-door" \(The data door\): options\.1\.id: duplicate option id/);
    const few = copy();
    few.cards[0].options = few.cards[0].options.filter((o: { team: string; wait: boolean }) => o.team === 'provider' || o.wait);
    const r3 = parseDeck(few);
    expect(r3.ok).toBe(false);
    if (!r3.ok) expect(r3.errors.join('\n')).toMatch(/card "data-door"/);
  });
  it('reports a deck that is not an object', () => {
    const r = parseDeck(42);
    expect(r.ok).toBe(false);
  });
});
