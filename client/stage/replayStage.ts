import Phaser from 'phaser';
import { chooseRenderer } from './chooseRenderer';
import type { StageView } from '../../shared/schemas/views';
import type { StageProbe } from './bootStage';
import { SCENE, type SceneKey, type StageContext, type StageScene, sceneForPhase } from './context';
import { addQrTexture } from './qrTexture';
import { BootScene } from './scenes/BootScene';
import { EndScene } from './scenes/EndScene';
import { LobbyScene } from './scenes/LobbyScene';
import { RoundScene } from './scenes/RoundScene';
import { ScoreboardScene } from './scenes/ScoreboardScene';
import { StatusScene } from './scenes/StatusScene';
import { COLOURS, STAGE_H, STAGE_W } from './theme';
import { sfx } from '../audio/sfx';

/** Reveals replay at twice the facilitator's pace: the replay page has its own speed control. */
const REPLAY_PACE = 0.5;

export type ReplayStageHandle = { game: Phaser.Game; show(view: StageView, seq: number): void; destroy(): void };

/**
 * The stage for the replay page: the live stage's scenes, fed StageViews the replay computes from
 * the log instead of views from a socket. Same director rules as bootStage (scene per phase, a fresh
 * scene per round); in addition a seek backwards restarts the scene, since scenes only move forward.
 */
export function bootReplayStage(parent: HTMLElement, code: string): ReplayStageHandle {
  // Scrubbing at 16× would be a cacophony; this silence is not saved, unlike the mute switch.
  sfx.silence(true);
  const ctx: StageContext = { code, joinUrl: `${location.origin}/join?code=${encodeURIComponent(code)}`, pace: REPLAY_PACE, view: null, seq: 0 };
  let booted = false;
  let current: SceneKey | null = null;
  let currentRound: number | null = null;
  let shownSeq = 0;

  const game = new Phaser.Game({
    type: chooseRenderer(),
    parent,
    width: STAGE_W,
    height: STAGE_H,
    backgroundColor: COLOURS.nightHex,
    pixelArt: true,
    scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
    scene: [new BootScene(() => setTimeout(onReady, 0)), new LobbyScene(), new RoundScene(), new ScoreboardScene(), new EndScene(), new StatusScene()],
  });

  function onReady(): void {
    booted = true;
    void addQrTexture(game.textures, code, ctx.joinUrl);
    game.scene.stop(SCENE.boot);
    render(false);
  }

  function render(backwards: boolean): void {
    const view = ctx.view;
    if (!booted || !view) return;
    const key = sceneForPhase(view.phase);
    const round = key === SCENE.round ? view.roundIndex : null;
    if (key !== current || round !== currentRound || backwards) {
      if (current) game.scene.stop(current);
      game.scene.start(key, { ctx });
      current = key;
      currentRound = round;
      return;
    }
    const scene = game.scene.getScene(key) as StageScene;
    if (scene.ready) scene.applyView(view);
  }

  const activeScene = (): Phaser.Scene | null => (current ? game.scene.getScene(current) : null);
  const probe: StageProbe = {
    game,
    scene: () => current,
    objectCount: () => activeScene()?.children.list.length ?? 0,
    tweenCount: () => activeScene()?.tweens.getTweens().length ?? 0,
    get lastSeq() {
      return ctx.seq;
    },
    phase: () => ctx.view?.phase ?? null,
    beat: () => {
      const s = activeScene();
      return s instanceof RoundScene ? { index: s.beatIndex, total: s.beats.length } : { index: -1, total: 0 };
    },
    frameTimes: () => [],
  };
  window.__stage = probe;

  return {
    game,
    show(view, seq) {
      if (seq === shownSeq && ctx.view) return;
      const backwards = seq < shownSeq;
      shownSeq = seq;
      ctx.view = view;
      ctx.seq = seq;
      render(backwards);
    },
    destroy() {
      sfx.silence(false);
      game.destroy(true);
      if (window.__stage === probe) delete window.__stage;
    },
  };
}
