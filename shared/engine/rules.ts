import type { Inventory } from '../schemas/common';
import { NAME_MAX_CHARS, STORY_MAX_CHARS } from '../schemas/text';

// Every tunable number of the game in one place; docs/rules.md quotes them.
export const RULES = {
  startInventory: { courage: 3, budget: 3, stories: 3 } as Inventory,
  // No one can stockpile forever: inventories are capped.
  inventoryCap: 6,
  startLives: 1,
  maxLives: 3,
  // Holding this many more of one power-up than of the scarcest is hoarding: round the loop you go.
  hoardGap: 4,
  // A team through the gate opens a "?" block: this many of its scarcest power-up (Courage first on a tie).
  gateReward: 1,
  // Step change (both teams through the gate together): extra steps per team and partnership points.
  starSteps: 2,
  starScore: 5,
  starLives: 1,
  // Each team's best story (most votes from the other team, at least one) earns Stories.
  storyReward: 1,
  // The competitor runner: base steps per round plus a seeded draw of 0..competitorSpread.
  competitorBase: 1,
  competitorSpread: 2,
  // A participant's story is one line.
  storyMaxChars: STORY_MAX_CHARS,
  nameMaxChars: NAME_MAX_CHARS,
} as const;
