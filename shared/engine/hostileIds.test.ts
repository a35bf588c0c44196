import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDeck, parseDeck } from '../deck/loadDeck';
import { isReservedKey, TEAMS } from '../schemas/common';
import { nameKey } from '../schemas/text';
import { SessionConfigSchema } from '../schemas/config';
import type { Deck } from '../schemas/deck';
import type { GameEvent } from '../schemas/events';
import type { GameState } from '../schemas/state';
import { applyEventInPlace, initialState, parseEvent } from './apply';
import { viewFor } from './views';
import { HostCommandSchema, ChooseSchema, StoryVoteSchema } from '../protocol/commands';

// Ids that plain objects already answer to. Any of them used as a record key in the engine used to
// reach Object.prototype: "__proto__" as a story id polluted every object in the process.
const HOSTILE = [...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype'];
const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

function prototypeIsClean(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_NAMES);
  expect(({} as Record<string, unknown>).hidden).toBeUndefined();
  expect(({} as Record<string, unknown>).votes).toBeUndefined();
}

afterEach(prototypeIsClean);

/** The default deck's first card, with option ids renamed to hostile ones (bypassing the schema). */
function hostileDeck(buyerIds: string[], providerIds: string[]): Deck {
  const deck = JSON.parse(JSON.stringify(defaultDeck)) as Deck;
  const card = deck.cards[0];
  let b = 0;
  let p = 0;
  for (const o of card.options) o.id = o.team === 'buyer' ? buyerIds[b++] : providerIds[p++];
  return { ...deck, cards: [card] };
}

function created(deck: Deck): Extract<GameEvent, { type: 'created' }> {
  return { type: 'created', at: 0, config: SessionConfigSchema.parse({ rounds: 2, decideSeconds: 60 }), deck, seed: 1 };
}

describe('hostile ids never reach Object.prototype', () => {
  it('the schemas refuse every reserved id, in events, commands, decks and configs', () => {
    for (const id of HOSTILE) {
      expect(isReservedKey(id)).toBe(true);
      expect(parseEvent({ type: 'storyHidden', at: 1, storyId: id, hidden: true }).ok).toBe(false);
      expect(parseEvent({ type: 'choiceMade', at: 1, participantId: 'p1', optionId: id }).ok).toBe(false);
      expect(parseEvent({ type: 'joined', at: 1, participantId: id, name: 'Ana', tokenHash: 't' }).ok).toBe(false);
      expect(parseEvent({ type: 'joined', at: 1, participantId: 'p1', name: 'Ana', tokenHash: id }).ok).toBe(false);
      expect(parseEvent({ type: 'storyVoted', at: 1, participantId: 'p1', storyId: id }).ok).toBe(false);
      expect(HostCommandSchema.safeParse({ type: 'hideStory', storyId: id, hidden: true }).success).toBe(false);
      expect(HostCommandSchema.safeParse({ type: 'remove', participantId: id }).success).toBe(false);
      expect(ChooseSchema.safeParse({ optionId: id }).success).toBe(false);
      expect(StoryVoteSchema.safeParse({ storyId: id }).success).toBe(false);
      expect(SessionConfigSchema.safeParse({ cardIds: [id] }).success).toBe(false);
    }
    const deck = JSON.parse(JSON.stringify(defaultDeck)) as Deck;
    deck.cards[0].options[0].id = 'constructor';
    const r = parseDeck(deck);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.errors.join(' ')).toMatch(/reserved/);
    expect(isReservedKey('data-door')).toBe(false);
  });

  it('an engine fed hostile ids directly (no schema) counts votes right and pollutes nothing', () => {
    // The audit's case: option id "constructor" lost its votes 3 to 1.
    const deck = hostileDeck(['constructor', 'isPrototypeOf', 'valueOf', '__proto__'], ['__defineGetter__', 'hasOwnProperty', 'toString', 'x']);
    const state = initialState(created(deck));
    const card = deck.cards[0];
    const buyerOpts = card.options.filter((o) => o.team === 'buyer');
    type Draft = GameEvent extends infer E ? (E extends GameEvent ? Omit<E, 'at'> : never) : never;
    const apply = (e: Draft) => {
      const r = applyEventInPlace(state, { at: 10, ...e } as GameEvent);
      if (!r.ok) throw new Error(`${e.type}: ${r.code}`);
    };
    for (const id of ['__proto__', 'constructor', 'toString', 'valueOf']) apply({ type: 'joined', participantId: id, name: id, tokenHash: id });
    apply({ type: 'roundStarted' });
    apply({ type: 'decidingStarted' });
    const buyers = Object.keys(state.participants).filter((id) => state.participants[id].team === 'buyer');
    expect(buyers.length).toBe(2);
    apply({ type: 'choiceMade', participantId: buyers[0], optionId: buyerOpts[0].id });
    apply({ type: 'choiceMade', participantId: buyers[1], optionId: buyerOpts[0].id });
    expect(state.round!.tallies.buyer[buyerOpts[0].id]).toBe(2);
    expect(Object.getPrototypeOf(state.participants)).toBe(Object.prototype);
    // A name that matches a reserved key is a name like any other: no "constructor 2".
    expect(Object.values(state.participants).map((p) => p.name).sort()).toEqual(['__proto__', 'constructor', 'toString', 'valueOf']);
    expect(applyEventInPlace(state, { type: 'storyHidden', at: 11, storyId: '__proto__', hidden: true }).ok).toBe(false);
    expect(applyEventInPlace(state, { type: 'storyVoted', at: 11, participantId: buyers[0], storyId: 'constructor' }).ok).toBe(false);
    const view = viewFor(state, { kind: 'participant', participantId: '__proto__' });
    expect(view?.me.name).toBe('__proto__');
    expect(viewFor(state, { kind: 'participant', participantId: 'hasOwnProperty' })).toBeNull();
    // The hostile keys are own data: they survive the JSON round trip a snapshot takes.
    expect(Object.keys(JSON.parse(JSON.stringify(state)).participants).sort()).toEqual(Object.keys(state.participants).sort());
  });

  it('property: random scripts with hostile ids keep tallies equal to the votes and the prototype clean', () => {
    const ids = ['__proto__', 'constructor', 'toString', 'p1', 'p2'];
    const deck = hostileDeck(['constructor', '__proto__', 'valueOf', 'a'], ['toString', 'hasOwnProperty', 'prototype', 'b']);
    const optionIds = deck.cards[0].options.map((o) => o.id);
    const storyIds = ['__proto__', 'constructor', 's1'];
    const step = fc.oneof(
      fc.record({ type: fc.constant('joined' as const), participantId: fc.constantFrom(...ids), name: fc.constantFrom(...ids), tokenHash: fc.constantFrom(...ids) }),
      fc.record({ type: fc.constant('moved' as const), participantId: fc.constantFrom(...ids), team: fc.constantFrom(...TEAMS) }),
      fc.record({ type: fc.constant('removed' as const), participantId: fc.constantFrom(...ids), ban: fc.boolean() }),
      fc.constantFrom({ type: 'roundStarted' as const }, { type: 'decidingStarted' as const }, { type: 'revealed' as const }, { type: 'roundClosed' as const }),
      fc.record({ type: fc.constant('timeUp' as const), reason: fc.constant('skip' as const) }),
      fc.record({ type: fc.constant('choiceMade' as const), participantId: fc.constantFrom(...ids), optionId: fc.constantFrom(...optionIds) }),
      fc.record({ type: fc.constant('storySubmitted' as const), participantId: fc.constantFrom(...ids), storyId: fc.constantFrom(...storyIds), text: fc.constant('A story') }),
      fc.record({ type: fc.constant('storyVoted' as const), participantId: fc.constantFrom(...ids), storyId: fc.constantFrom(...storyIds) }),
      fc.record({ type: fc.constant('storyHidden' as const), storyId: fc.constantFrom(...storyIds), hidden: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const log: GameEvent[] = [created(deck), ...steps.map((s, i) => ({ at: 10 + i, ...s }) as GameEvent)];
        // A random sequence, applied as live: refused events change nothing (foldEvents refuses such a log).
        const state: GameState = initialState(log[0] as Extract<GameEvent, { type: 'created' }>);
        for (const e of log.slice(1)) applyEventInPlace(state, e);
        prototypeIsClean();
        const round = state.round;
        if (round) {
          for (const team of TEAMS) {
            const counted: Record<string, number> = {};
            let voters = 0;
            for (const [pid, optionId] of Object.entries(round.choices))
              if (state.participants[pid].team === team) {
                counted[optionId] = (counted[optionId] ?? 0) + 1;
                voters++;
              }
            expect(Object.entries(round.tallies[team]).sort()).toEqual(Object.entries(counted).sort());
            expect(round.voters[team]).toBe(voters);
          }
          for (const s of Object.values(round.stories)) expect(typeof s.votes).toBe('number');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('names that look alike or look empty', () => {
  it('gives look-alike names a number, refuses invisible-only names, and holds imported logs to the same rule', () => {
    const state = initialState(created(defaultDeck));
    const names = ['Ana', 'ANA', 'A\u200bna', '\u0410na', 'Ana\u202e', 'Ａｎａ', ' Ana ', 'An\u0430'];
    names.forEach((name, i) => {
      const r = applyEventInPlace(state, { type: 'joined', at: i + 1, participantId: `p${i}`, name, tokenHash: `t${i}` });
      expect(r.ok, name).toBe(true);
    });
    const shown = Object.values(state.participants).map((p) => p.name);
    expect(new Set(shown.map((n) => nameKey(n.replace(/ \d+$/, '')))).size).toBe(1);
    expect(new Set(shown.map(nameKey)).size).toBe(names.length);
    expect(shown.filter((n) => / \d+$/.test(n)).length).toBe(names.length - 1);
    expect(shown.some((n) => /[\u200b\u202e]/.test(n))).toBe(false);
    for (const blank of ['', '   ', '\u200b\u200b', '\u3164', '\u2800\u2800', '\u0301']) {
      const r = applyEventInPlace(state, { type: 'joined', at: 99, participantId: 'blank', name: blank, tokenHash: 'tb' });
      expect(r, JSON.stringify(blank)).toMatchObject({ ok: false, code: 'BAD_NAME' });
    }
    // José is not Jose.
    expect(applyEventInPlace(state, { type: 'joined', at: 100, participantId: 'j1', name: 'Jos\u00e9', tokenHash: 'j1' }).ok).toBe(true);
    expect(applyEventInPlace(state, { type: 'joined', at: 101, participantId: 'j2', name: 'Jose', tokenHash: 'j2' }).ok).toBe(true);
    expect(state.participants.j2.name).toBe('Jose');
  });
});
