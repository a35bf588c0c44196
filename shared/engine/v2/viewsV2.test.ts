import { describe, expect, it } from 'vitest';
import { SessionConfigSchema } from '../../schemas/config';
import type { GameEvent } from '../../schemas/events';
import { defaultDeck } from '../../deck/loadDeck';
import { applyEventInPlace, initialState } from '../apply';
import { viewFor } from '../views';
import { fixtureDeckV2 } from './fixtureV2';
import { RULES_V2 } from './rulesV2';

function session(rules?: 2) {
  const created = { type: 'created' as const, at: 0, config: SessionConfigSchema.parse({ storyRounds: false }), deck: rules ? fixtureDeckV2() : defaultDeck, seed: 77, ...(rules ? { rules } : {}) };
  const state = initialState(created);
  let at = 0;
  const ok = (e: object) => {
    const r = applyEventInPlace(state, { at: (at += 10), ...e } as GameEvent);
    if (!r.ok) throw new Error(r.code);
  };
  return { state, ok };
}

describe('views', () => {
  it('v2: players see the competitor pace and who backs the joint move; no view has the seed or draws', () => {
    const { state, ok } = session(2);
    for (let i = 0; i < 4; i++) ok({ type: 'joined', participantId: `x${i}`, name: `P${i}`, tokenHash: `t${i}` });
    ok({ type: 'roundStarted' });
    ok({ type: 'decidingStarted' });
    ok({ type: 'choiceMade', participantId: 'x0', optionId: 'sandbox' });
    ok({ type: 'choiceMade', participantId: 'x1', optionId: 'polish' });
    const phone = viewFor(state, { kind: 'participant', participantId: 'x1' })!;
    expect(phone.rules).toBe(2);
    expect(phone.competitorNext).toBe(RULES_V2.competitorPace[0]);
    expect(phone.jointBacking).toEqual({ buyer: 1, provider: 0 });
    ok({ type: 'revealed' });
    for (const v of [viewFor(state, { kind: 'facilitator' })!, viewFor(state, { kind: 'stage' })!, viewFor(state, { kind: 'participant', participantId: 'x0' })!]) {
      const json = JSON.stringify(v);
      expect(json).not.toMatch(/"seed"|"draws"|"prng"/);
    }
  });

  it('v2: a participant sees its own team\u2019s stake and the joint move, never the other team\u2019s stake or brief', () => {
    const { state, ok } = session(2);
    for (let i = 0; i < 4; i++) ok({ type: 'joined', participantId: `x${i}`, name: `P${i}`, tokenHash: `t${i}` });
    ok({ type: 'roundStarted' });
    const card = state.deck.cards[0];
    const stakes = card.stakes!;
    for (const [id, mine, theirs] of [['x0', 'buyer', 'provider'], ['x1', 'provider', 'buyer']] as const) {
      const phone = viewFor(state, { kind: 'participant', participantId: id })!;
      expect(phone.team).toBe(mine);
      expect(phone.stake).toBe(stakes[mine].text);
      expect(phone.card!.joint).toEqual(card.joint);
      const json = JSON.stringify(phone);
      expect(json).not.toContain(stakes[theirs].text);
      expect(json).not.toContain(card.briefs[theirs]);
      // Only the stake's text: not which option it pulls towards.
      expect(json).not.toContain('"optionId"');
    }
    const stage = JSON.stringify(viewFor(state, { kind: 'stage' }));
    for (const t of ['buyer', 'provider'] as const) {
      expect(stage).not.toContain(stakes[t].text);
      expect(stage).not.toContain(card.briefs[t]);
    }
    // The facilitator has the full card, both stakes included.
    expect(viewFor(state, { kind: 'facilitator' })!.fullCard!.stakes).toEqual(stakes);
    // A removed participant sees neither brief nor stake.
    ok({ type: 'removed', participantId: 'x0', ban: false });
    const gone = viewFor(state, { kind: 'participant', participantId: 'x0' })!;
    expect(gone.brief).toBeNull();
    expect(gone.stake).toBeNull();
  });

  it('v1: the raw PRNG draws and the seed reach no view (they would reveal every later hazard)', () => {
    const { state, ok } = session();
    ok({ type: 'joined', participantId: 'a', name: 'Ana', tokenHash: 't' });
    ok({ type: 'roundStarted' });
    ok({ type: 'decidingStarted' });
    ok({ type: 'revealed' });
    expect(state.history[0].draws).toBeDefined();
    for (const v of [viewFor(state, { kind: 'facilitator' })!, viewFor(state, { kind: 'stage' })!, viewFor(state, { kind: 'replay' })!, viewFor(state, { kind: 'participant', participantId: 'a' })!]) {
      const json = JSON.stringify(v);
      expect(json).not.toMatch(/"seed"|"draws"|"prng"/);
      expect(v.rules).toBeUndefined();
    }
  });
});
