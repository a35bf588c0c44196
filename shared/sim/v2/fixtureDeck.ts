// A small rules v2 deck for the harness's own tests while (or if) no default v2 deck exists: the engine's
// fixture card with its power-ups rotated and its hazard aimed differently, so that cards differ.
import type { PowerUp } from '../../schemas/common';
import type { Card, Deck } from '../../schemas/deck';
import { fixtureCard, fixtureDeckV2 } from '../../engine/v2/fixtureV2';

const ROTATE: Record<PowerUp, PowerUp>[] = [
  { courage: 'courage', budget: 'budget', stories: 'stories' },
  { courage: 'budget', budget: 'stories', stories: 'courage' },
  { courage: 'stories', budget: 'courage', stories: 'budget' },
];
const HITS = ['buyer', 'provider', 'both'] as const;

function variant(i: number): Card {
  return fixtureCard(`fixture-${i + 1}`, (c) => {
    const r = ROTATE[i % 3];
    c.title = `Fixture card ${i + 1}`;
    for (const o of c.options) {
      const e = o.effects;
      o.effects = { courage: 0, budget: 0, stories: 0 };
      for (const p of ['courage', 'budget', 'stories'] as const) o.effects[r[p]] = e[p];
    }
    c.hazard.strikes = r[c.hazard.strikes];
    c.hazard.hits = HITS[i % 3];
    c.hazard.damage = i % 2 === 0 ? 1 : 2;
    c.opportunity.bonus = 1 + (i % 3);
    if (i % 2 === 1) delete c.storyPrompt;
  });
}

export function harnessFixtureDeck(cards = 8): Deck {
  return fixtureDeckV2(Array.from({ length: cards }, (_, i) => variant(i)));
}
