import { crowd } from './crowd';
import { brick, budget, cloud, courage, flag, gate, ground, hazard, loop, qBlock, qBlockUsed, starBurst, stories } from './items';
import { buyerRunner, competitorRunner, providerRunner } from './runners';
import type { SpriteDef } from './types';

export const ALL_SPRITES: readonly SpriteDef[] = [
  buyerRunner,
  providerRunner,
  competitorRunner,
  qBlock,
  qBlockUsed,
  courage,
  budget,
  stories,
  hazard,
  starBurst,
  gate,
  loop,
  ground,
  brick,
  cloud,
  flag,
  crowd,
];
