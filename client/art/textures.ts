/**
 * Loads the project's own pixel art (assets/generated/*.png, built by assets/build-sprites.ts)
 * and defines its animations. Call loadArt(scene) in preload() and createArtAnimations(scene) in create().
 * The game config should use pixelArt: true; createArtAnimations also sets NEAREST filtering per texture.
 */
import Phaser from 'phaser';
import blockQuestionUrl from '../../assets/generated/block-question.png?url';
import blockUsedUrl from '../../assets/generated/block-used.png?url';
import cloudUrl from '../../assets/generated/cloud.png?url';
import crowdUrl from '../../assets/generated/crowd.png?url';
import flagFinishUrl from '../../assets/generated/flag-finish.png?url';
import gateInnovationUrl from '../../assets/generated/gate-innovation.png?url';
import hazardRedtapeUrl from '../../assets/generated/hazard-redtape.png?url';
import loopImprovementUrl from '../../assets/generated/loop-improvement.png?url';
import powerupBudgetUrl from '../../assets/generated/powerup-budget.png?url';
import powerupCourageUrl from '../../assets/generated/powerup-courage.png?url';
import powerupStoriesUrl from '../../assets/generated/powerup-stories.png?url';
import runnerBuyerUrl from '../../assets/generated/runner-buyer.png?url';
import runnerCompetitorUrl from '../../assets/generated/runner-competitor.png?url';
import runnerProviderUrl from '../../assets/generated/runner-provider.png?url';
import starBurstUrl from '../../assets/generated/star-burst.png?url';
import tileBrickUrl from '../../assets/generated/tile-brick.png?url';
import tileGroundUrl from '../../assets/generated/tile-ground.png?url';

/** Texture keys (same as the PNG names and assets/generated/manifest.json). */
export const ART = {
  runnerBuyer: 'runner-buyer',
  runnerProvider: 'runner-provider',
  runnerCompetitor: 'runner-competitor',
  blockQuestion: 'block-question',
  blockUsed: 'block-used',
  powerupCourage: 'powerup-courage',
  powerupBudget: 'powerup-budget',
  powerupStories: 'powerup-stories',
  hazard: 'hazard-redtape',
  starBurst: 'star-burst',
  gate: 'gate-innovation',
  loop: 'loop-improvement',
  tileGround: 'tile-ground',
  tileBrick: 'tile-brick',
  cloud: 'cloud',
  flag: 'flag-finish',
  crowd: 'crowd',
} as const;
export type ArtKey = (typeof ART)[keyof typeof ART];

/** Animation keys. */
export const ANIM = {
  buyerStand: 'buyer-stand',
  buyerRun: 'buyer-run',
  buyerJump: 'buyer-jump',
  providerStand: 'provider-stand',
  providerRun: 'provider-run',
  providerJump: 'provider-jump',
  competitorRun: 'competitor-run',
  blockIdle: 'block-question-idle',
  hazardWalk: 'hazard-walk',
  starBurst: 'star-burst',
  loopSpin: 'loop-spin',
  flagWave: 'flag-wave',
} as const;
export type AnimKey = (typeof ANIM)[keyof typeof ANIM];

/** Power-up kind → icon texture key. */
export const POWER_UP_ART = {
  courage: ART.powerupCourage,
  budget: ART.powerupBudget,
  stories: ART.powerupStories,
} as const;

/** Crowd spritesheet frames per team (pick one per participant, e.g. by a hash of their id). */
export const CROWD_FRAMES = {
  buyer: [0, 1, 2, 3],
  provider: [4, 5, 6, 7],
  competitor: [8],
} as const;

/** Frame sizes in source pixels (scale them up on stage; keep pixelArt on). */
export const ART_SIZES: Record<ArtKey, { url: string; frameWidth: number; frameHeight: number; frames: number }> = {
  [ART.runnerBuyer]: { url: runnerBuyerUrl, frameWidth: 16, frameHeight: 24, frames: 6 },
  [ART.runnerProvider]: { url: runnerProviderUrl, frameWidth: 16, frameHeight: 24, frames: 6 },
  [ART.runnerCompetitor]: { url: runnerCompetitorUrl, frameWidth: 16, frameHeight: 24, frames: 2 },
  [ART.blockQuestion]: { url: blockQuestionUrl, frameWidth: 16, frameHeight: 16, frames: 2 },
  [ART.blockUsed]: { url: blockUsedUrl, frameWidth: 16, frameHeight: 16, frames: 1 },
  [ART.powerupCourage]: { url: powerupCourageUrl, frameWidth: 16, frameHeight: 16, frames: 1 },
  [ART.powerupBudget]: { url: powerupBudgetUrl, frameWidth: 16, frameHeight: 16, frames: 1 },
  [ART.powerupStories]: { url: powerupStoriesUrl, frameWidth: 16, frameHeight: 16, frames: 1 },
  [ART.hazard]: { url: hazardRedtapeUrl, frameWidth: 16, frameHeight: 16, frames: 2 },
  [ART.starBurst]: { url: starBurstUrl, frameWidth: 16, frameHeight: 16, frames: 3 },
  [ART.gate]: { url: gateInnovationUrl, frameWidth: 32, frameHeight: 32, frames: 1 },
  [ART.loop]: { url: loopImprovementUrl, frameWidth: 32, frameHeight: 32, frames: 2 },
  [ART.tileGround]: { url: tileGroundUrl, frameWidth: 16, frameHeight: 16, frames: 1 },
  [ART.tileBrick]: { url: tileBrickUrl, frameWidth: 16, frameHeight: 16, frames: 1 },
  [ART.cloud]: { url: cloudUrl, frameWidth: 32, frameHeight: 16, frames: 1 },
  [ART.flag]: { url: flagFinishUrl, frameWidth: 16, frameHeight: 48, frames: 2 },
  [ART.crowd]: { url: crowdUrl, frameWidth: 10, frameHeight: 10, frames: 9 },
};

/** Queue every PNG. Call in a scene's preload(). Safe to call again (loaded keys are skipped). */
export function loadArt(scene: Phaser.Scene): void {
  for (const [key, a] of Object.entries(ART_SIZES)) {
    if (scene.textures.exists(key)) continue;
    if (a.frames === 1) scene.load.image(key, a.url);
    else scene.load.spritesheet(key, a.url, { frameWidth: a.frameWidth, frameHeight: a.frameHeight });
  }
}

/** Define the global animations (idempotent) and force crisp NEAREST filtering. Call in create(). */
export function createArtAnimations(scene: Phaser.Scene): void {
  for (const key of Object.keys(ART_SIZES)) {
    if (scene.textures.exists(key)) scene.textures.get(key).setFilter(Phaser.Textures.FilterMode.NEAREST);
  }
  const defs: { key: AnimKey; texture: ArtKey; frames: number[]; frameRate: number; repeat: number }[] = [
    { key: ANIM.buyerStand, texture: ART.runnerBuyer, frames: [0], frameRate: 1, repeat: 0 },
    { key: ANIM.buyerRun, texture: ART.runnerBuyer, frames: [1, 2, 3, 4], frameRate: 10, repeat: -1 },
    { key: ANIM.buyerJump, texture: ART.runnerBuyer, frames: [5], frameRate: 1, repeat: 0 },
    { key: ANIM.providerStand, texture: ART.runnerProvider, frames: [0], frameRate: 1, repeat: 0 },
    { key: ANIM.providerRun, texture: ART.runnerProvider, frames: [1, 2, 3, 4], frameRate: 10, repeat: -1 },
    { key: ANIM.providerJump, texture: ART.runnerProvider, frames: [5], frameRate: 1, repeat: 0 },
    { key: ANIM.competitorRun, texture: ART.runnerCompetitor, frames: [0, 1], frameRate: 6, repeat: -1 },
    { key: ANIM.blockIdle, texture: ART.blockQuestion, frames: [0, 0, 0, 1], frameRate: 4, repeat: -1 },
    { key: ANIM.hazardWalk, texture: ART.hazard, frames: [0, 1], frameRate: 4, repeat: -1 },
    { key: ANIM.starBurst, texture: ART.starBurst, frames: [0, 1, 1, 2], frameRate: 10, repeat: 0 },
    { key: ANIM.loopSpin, texture: ART.loop, frames: [0, 1], frameRate: 6, repeat: -1 },
    { key: ANIM.flagWave, texture: ART.flag, frames: [0, 1], frameRate: 3, repeat: -1 },
  ];
  for (const d of defs) {
    if (scene.anims.exists(d.key) || !scene.textures.exists(d.texture)) continue;
    scene.anims.create({
      key: d.key,
      frames: scene.anims.generateFrameNumbers(d.texture, { frames: d.frames }),
      frameRate: d.frameRate,
      repeat: d.repeat,
    });
  }
}
