import type { Inventory } from '../../schemas/common';

// Every tunable number of rules v2 in one place; docs/rules.md quotes them.
export const RULES_V2 = {
  startInventory: { courage: 2, budget: 2, stories: 2 } as Inventory,
  inventoryCap: 3,
  startLives: 1,
  maxLives: 3,
  // Step change (Courage, Budget and Stories all used this round): steps per team, points, lives.
  starSteps: 2,
  starScore: 5,
  starLives: 1,
  // A team's best pitch, backed by at least one member of the other team, earns its team Stories.
  pitchReward: 1,
  // Each pitch backed by at least this share of the other team: the joint move gives each team an extra step.
  backedShare: 0.5,
  backedSteps: 1,
  // The competitor's pace, known in advance (round 1, 2 …; the last value repeats).
  competitorPace: [2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4],
  // Each team that waits hands the competitor a step; a round in which neither team used anything hands it one more.
  competitorPerWait: 1,
  competitorWhenNothingUsed: 1,
  // Cross-team huddle (shared/engine/v2/huddle.ts): the rounds the host form proposes, the huddle's
  // length when the config gives none, and a step change's points in a huddle round (times starScore).
  huddleRoundsProposed: [3, 5],
  huddleSeconds: 60,
  huddleStarMultiplier: 2,
} as const;

export function competitorPaceAt(index: number): number {
  const pace = RULES_V2.competitorPace;
  return pace[Math.min(index, pace.length - 1)];
}
