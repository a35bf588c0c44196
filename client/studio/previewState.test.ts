import { describe, it, expect } from 'vitest';
import { defaultDeck, defaultDeckV2 } from '../../shared/deck/loadDeck';
import { previewViews } from './previewState';

describe('studio preview views', () => {
  it('are the engine\u2019s own views of a session playing the card: each phone sees only its team\u2019s brief and stake', () => {
    const card = defaultDeckV2.cards[3];
    const v = previewViews(defaultDeckV2, card);
    expect(v.state.phase).toBe('card');
    expect(v.host.fullCard).toEqual(card);
    expect(v.stage.card?.title).toBe(card.title);
    for (const team of ['buyer', 'provider'] as const) {
      const { view, me } = v.phone[team];
      expect(me.team).toBe(team);
      expect(view.brief).toBe(card.briefs[team]);
      expect(view.stake).toBe(card.stakes![team].text);
      expect(JSON.stringify(view)).not.toContain(card.briefs[team === 'buyer' ? 'provider' : 'buyer']);
    }
    expect(JSON.stringify(v.stage)).not.toContain(card.briefs.buyer);
  });

  it('plays a rules v1 deck by the v1 rules', () => {
    const v = previewViews(defaultDeck, defaultDeck.cards[0]);
    expect(v.state.rules).toBeUndefined();
    expect(v.phone.buyer.view.card?.id).toBe(defaultDeck.cards[0].id);
  });
});
