// A small rules v2 deck for the engine's own tests, independent of the default deck's tuning.
import type { Card, Deck } from '../../schemas/deck';
import { DeckSchema } from '../../schemas/deck';

const zero = { courage: 0, budget: 0, stories: 0 };

export function fixtureCard(id = 'data-door', mutate?: (c: Card) => void): Card {
  const card: Card = {
    id,
    title: 'The data door',
    situation: 'The provider has a prototype that needs a year of the buyer\u2019s dispute records.',
    briefs: { buyer: 'Legal is nervous.', provider: 'The prototype only works on real data.' },
    stakes: {
      buyer: { text: 'Your bonus depends on zero legal incidents this year.', optionId: 'synthetic' },
      provider: { text: 'Your margin target rewards billable hours, not pilots.', optionId: 'polish' },
    },
    options: [
      { id: 'sandbox', team: 'buyer', label: 'Open a 90-day sandbox', text: 'Share masked records in a locked sandbox.', effects: { courage: -1, budget: 0, stories: -1 }, progress: 2, competitor: 0, wait: false, joint: true },
      { id: 'synthetic', team: 'buyer', label: 'Fund a synthetic trial', text: 'Pay for a trial on generated data.', effects: { courage: 0, budget: -2, stories: 1 }, progress: 3, competitor: 0, wait: false },
      { id: 'ask-demo', team: 'buyer', label: 'Ask for a demo first', text: 'Collect evidence from another client.', effects: { courage: 0, budget: 0, stories: 1 }, progress: 1, competitor: 0, wait: false },
      { id: 'decline', team: 'buyer', label: 'Decline', text: 'Not in the contract.', effects: zero, progress: 0, competitor: 1, wait: true },
      { id: 'cofund', team: 'provider', label: 'Co-fund the pilot', text: 'Put your own money in.', effects: { courage: 0, budget: -2, stories: 0 }, progress: 2, competitor: 0, wait: false, joint: true },
      { id: 'show-tell', team: 'provider', label: 'Show and tell', text: 'The delivery lead walks them through it.', effects: { courage: 1, budget: 0, stories: -2 }, progress: 3, competitor: 0, wait: false },
      { id: 'polish', team: 'provider', label: 'Polish the slides', text: 'Tidy the prototype deck.', effects: { courage: 0, budget: 1, stories: 0 }, progress: 1, competitor: 0, wait: false },
      { id: 'wait-ask', team: 'provider', label: 'Wait to be asked', text: 'Keep it in the drawer.', effects: zero, progress: 0, competitor: 1, wait: true },
    ],
    joint: { title: 'Sandbox plus co-funded pilot', text: 'Real data, shared risk.' },
    hazard: { title: 'Legal veto', text: 'Strikes a Buyer that spends no Courage on the data.', strikes: 'courage', damage: 1, hits: 'buyer', why: 'Legal blocked the data: nobody on the Buyer side argued for it.' },
    opportunity: { title: 'Disputes halved', text: 'The model catches disputes before invoicing.', bonus: 2 },
    storyPrompt: 'Pitch the sandbox to the other side in one line.',
    debrief: 'Who in your organisation can say yes to an idea like this?',
    themes: [],
  };
  mutate?.(card);
  return card;
}

export function fixtureDeckV2(cards: Card[] = [fixtureCard()]): Deck {
  return DeckSchema.parse({ id: 'fixture-v2', title: 'Fixture v2', rules: 2, cards });
}
