import Phaser from 'phaser';
import type { Phase } from '../../shared/schemas/common';
import type { StageView } from '../../shared/schemas/views';

/** What every stage scene may read: the room, the newest view, and the reveal pace. */
export type StageContext = {
  code: string;
  joinUrl: string;
  /** Multiplies every reveal beat's length (1 = facilitator pace; the tests use less). */
  pace: number;
  view: StageView | null;
  seq: number;
  /** The live stage: the reveal moves on with the server's narration step (the replay paces itself). */
  followNarration: boolean;
  /** Told when the reveal shows step `step` of round `roundIndex` (`step` = the number of steps once it has ended). */
  onBeat?: (roundIndex: number, step: number) => void;
};

export const SCENE = { boot: 'boot', lobby: 'lobby', round: 'round', between: 'between', end: 'end', status: 'status' } as const;
export type SceneKey = (typeof SCENE)[keyof typeof SCENE];

/** Which scene shows a phase: every phase of a round plays out on the round's level. */
export function sceneForPhase(phase: Phase): SceneKey {
  switch (phase) {
    case 'lobby':
      return SCENE.lobby;
    case 'between':
      return SCENE.between;
    case 'ended':
      return SCENE.end;
    default:
      return SCENE.round;
  }
}

/**
 * A scene that draws a StageView: build() once when it starts, applyView() for every later view.
 * Everything it makes belongs to the scene, so stopping the scene frees it (no leaks between rounds).
 */
export abstract class StageScene extends Phaser.Scene {
  protected ctx!: StageContext;
  ready = false;

  init(data: { ctx: StageContext }): void {
    this.ctx = data.ctx;
    this.ready = false;
  }

  create(): void {
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      this.ready = false;
      this.teardown();
    });
    if (this.ctx.view) this.build(this.ctx.view);
    this.ready = true;
  }

  protected abstract build(view: StageView): void;
  abstract applyView(view: StageView): void;
  /** Drop references to objects and anything outside the scene (the scene destroys its own objects). */
  protected teardown(): void {}
}
