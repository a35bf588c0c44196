import { describe, it, expect } from 'vitest';
import defaultDeckV2Json from '../../shared/deck/default-deck-v2.json';
import { parseDeck } from '../../shared/deck/loadDeck';
import {
  addCard, blankCard, deleteAt, duplicateCard, duplicateOption, exportDeckJson, getAt, importDeckJson, issuesPerCard, move, newDeck,
  parseThemes, plainMessage, setAt, slotFor, uniqueId, validateDraft, type DraftDeck,
} from './draft';

const fresh = () => newDeck(defaultDeckV2Json as unknown as DraftDeck);

describe('deck studio draft', () => {
  it('starts from the default v2 deck as a copy, which validates', () => {
    const d = fresh();
    expect(d).toEqual(defaultDeckV2Json);
    d.cards[0].title = 'changed';
    expect((defaultDeckV2Json as { cards: { title: string }[] }).cards[0].title).not.toBe('changed');
    expect(validateDraft(fresh()).ok).toBe(true);
  });

  it('reports each issue at the path of its field, with the server schema', () => {
    const d = fresh();
    d.cards[2].options[1].label = '';
    setAt(d, ['cards', 2, 'hazard', 'damage'], 'two');
    const r = validateDraft(d);
    expect(r.ok).toBe(false);
    expect(r.issues.get('cards.2.options.1.label')).toEqual(['Required: write something here.']);
    expect(r.issues.get('cards.2.hazard.damage')).toEqual(['Expected a whole number.']);
    expect(issuesPerCard(r.issues).get(2)).toBe(2);
    // The server refuses the same deck.
    const server = parseDeck(d);
    expect(server.ok).toBe(false);
  });

  it('places a rule spanning fields on the nearest slot', () => {
    const slots = new Set(['', 'cards', 'cards.1', 'cards.1.options', 'cards.1.options.2', 'cards.1.options.2.label']);
    expect(slotFor('cards.1.options.2.label', slots)).toBe('cards.1.options.2.label');
    expect(slotFor('cards.1.options.2.effects', slots)).toBe('cards.1.options.2');
    expect(slotFor('cards.1.joint', slots)).toBe('cards.1');
    expect(slotFor('title', slots)).toBe('');
    expect(slotFor('', slots)).toBe('');
  });

  it('a v2 rule broken by an edit is reported on the option it concerns', () => {
    const d = fresh();
    const wait = d.cards[0].options.findIndex((o) => o.wait === true);
    setAt(d, ['cards', 0, 'options', wait, 'effects', 'budget'], 1);
    const r = validateDraft(d);
    expect([...r.issues.keys()]).toContain(`cards.0.options.${wait}`);
  });

  it('a new card has the v2 structure; only its texts are missing', () => {
    const d = fresh();
    const i = addCard(d, 1);
    expect(i).toBe(1);
    const r = validateDraft(d);
    const keys = [...r.issues.keys()];
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.startsWith('cards.1.'))).toBe(true);
    expect(keys.every((k) => /(title|situation|briefs\.\w+|text|label|debrief|why)$/.test(k))).toBe(true);
    // Filling in every text makes it valid.
    const fill = (o: unknown, path: (string | number)[] = []) => {
      if (typeof o === 'string' && o === '') setAt(d.cards[1], path, 'Something');
      else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) fill(v, [...path, Array.isArray(o) ? Number(k) : k]);
    };
    fill(structuredClone(d.cards[1]));
    setAt(d.cards[1], ['hazard', 'why'], 'Nobody spoke up.');
    expect(validateDraft(d).issues).toEqual(new Map());
  });

  it('duplicates a card with a fresh id next to it; moves and deletes', () => {
    const d = fresh();
    const n = d.cards.length;
    const at = duplicateCard(d, 0);
    expect(at).toBe(1);
    expect(d.cards.length).toBe(n + 1);
    expect(d.cards[1].id).toBe(`${String(d.cards[0].id)}-copy`);
    expect(d.cards[1].title).toBe(`${String(d.cards[0].title)} (copy)`);
    expect(validateDraft(d).ok).toBe(true);
    expect(duplicateCard(d, 0)).toBe(1);
    expect(d.cards[1].id).toBe(`${String(d.cards[0].id)}-copy-2`);
    const third = d.cards[3].id;
    expect(move(d.cards, 3, 0)).toBe(0);
    expect(d.cards[0].id).toBe(third);
    expect(move(d.cards, 0, -5)).toBe(0);
    expect(move(d.cards, 0, 999)).toBe(d.cards.length - 1);
  });

  it('a duplicated option is neither the wait option nor a joint part', () => {
    const d = fresh();
    const joint = d.cards[0].options.findIndex((o) => o.joint === true);
    const at = duplicateOption(d.cards[0], joint);
    expect(d.cards[0].options[at].joint).toBeUndefined();
    expect(d.cards[0].options[at].wait).toBe(false);
    expect(d.cards[0].options[at].id).toBe(`${String(d.cards[0].options[joint].id)}-copy`);
  });

  it('setAt / deleteAt keep absent optional fields absent', () => {
    const o: Record<string, unknown> = { a: { b: 1 } };
    setAt(o, ['x', 'y'], 2);
    expect(getAt(o, ['x', 'y'])).toBe(2);
    deleteAt(o, ['x', 'y']);
    expect(o).toEqual({ a: { b: 1 }, x: {} });
    setAt(o, ['a', 'b'], undefined);
    expect(o).toEqual({ a: {}, x: {} });
    expect(getAt(o, ['__proto__'])).toBeUndefined();
  });

  it('exports and imports a deck unchanged', () => {
    const d = fresh();
    const text = exportDeckJson(d);
    const back = importDeckJson(text);
    expect(back.ok && back.deck).toEqual(d);
    expect(back.ok && exportDeckJson(back.deck)).toBe(text);
    expect(importDeckJson('{').ok).toBe(false);
    expect(importDeckJson('[]').ok).toBe(false);
    expect(importDeckJson('{"cards": 3}').ok).toBe(false);
  });

  it('small helpers', () => {
    expect(uniqueId('a', ['a', 'a-2'])).toBe('a-3');
    expect(uniqueId('Hello World', [])).toBe('hello-world');
    expect(parseThemes(' a, b ,, c ')).toEqual(['a', 'b', 'c']);
    expect(plainMessage('Too big: expected string to have <=80 characters')).toBe('Too long: at most 80 characters.');
    expect(blankCard(['new-card']).id).toBe('new-card-2');
  });
});
