import Phaser from 'phaser';
import { chooseRenderer } from './chooseRenderer';
import { connectStage } from './connection';
import { SCENE, type SceneKey, type StageContext, type StageScene, sceneForPhase } from './context';
import { addQrTexture } from './qrTexture';
import { joinBase, joinUrlOn } from '../net/joinUrl';
import { BootScene } from './scenes/BootScene';
import { EndScene } from './scenes/EndScene';
import { LobbyScene } from './scenes/LobbyScene';
import { RoundScene } from './scenes/RoundScene';
import { ScoreboardScene } from './scenes/ScoreboardScene';
import { StatusScene } from './scenes/StatusScene';
import { COLOURS, STAGE_H, STAGE_W } from './theme';

export type StageHandle = { game: Phaser.Game; destroy(): void };

/** Hooks for browser tests and benchmarks (window.__stage). */
export type StageProbe = {
  game: Phaser.Game;
  scene(): SceneKey | null;
  objectCount(): number;
  tweenCount(): number;
  readonly lastSeq: number;
  phase(): string | null;
  beat(): { index: number; total: number };
  frameTimes(): number[];
};

declare global {
  interface Window {
    __stage?: StageProbe;
  }
}

function countObjects(list: Phaser.GameObjects.GameObject[]): number {
  let n = 0;
  for (const o of list) {
    n++;
    if (o instanceof Phaser.GameObjects.Container) n += countObjects(o.list);
  }
  return n;
}

const FRAME_SAMPLES = 600;

/**
 * Boots the Phaser stage inside `parent` (16:9, 1920×1080 scaled to fit) for room `code`. The stage only
 * renders what the server's StageView says; this director picks the scene for the view's phase and
 * starts a fresh scene per round, so nothing from one round survives into the next.
 */
export function bootStage(parent: HTMLElement, code: string, opts: { pace?: number } = {}): StageHandle {
  const ctx: StageContext = {
    code,
    joinUrl: joinUrlOn(location.origin, code),
    pace: opts.pace && opts.pace > 0 ? opts.pace : 1,
    view: null,
    seq: 0,
  };
  let booted = false;
  let current: SceneKey | null = null;
  let currentRound: number | null = null;
  const status = new StatusScene();

  const game = new Phaser.Game({
    type: chooseRenderer(),
    parent,
    width: STAGE_W,
    height: STAGE_H,
    backgroundColor: COLOURS.nightHex,
    pixelArt: true,
    scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
    scene: [
      new BootScene(() => setTimeout(onReady, 0)),
      new LobbyScene(),
      new RoundScene(),
      new ScoreboardScene(),
      new EndScene(),
      status,
    ],
  });

  function onReady(): void {
    booted = true;
    void joinBase().then((base) => {
      ctx.joinUrl = joinUrlOn(base, code);
      return addQrTexture(game.textures, code, ctx.joinUrl);
    });
    game.scene.stop(SCENE.boot);
    game.scene.start(SCENE.status);
    render();
  }

  function render(): void {
    const view = ctx.view;
    if (!booted || !view) return;
    const key = sceneForPhase(view.phase);
    const round = key === SCENE.round ? view.roundIndex : null;
    if (key !== current || round !== currentRound) {
      if (current) game.scene.stop(current);
      game.scene.start(key, { ctx });
      game.scene.bringToTop(SCENE.status);
      current = key;
      currentRound = round;
      return;
    }
    const scene = game.scene.getScene(key) as StageScene;
    if (scene.ready) scene.applyView(view);
  }

  const connection = connectStage(
    code,
    (seq, view) => {
      ctx.view = view;
      ctx.seq = seq;
      render();
    },
    (message) => status.show(message),
  );

  // Raw frame durations (not Phaser's smoothed delta), for frame-time percentiles in benchmarks.
  const frames: number[] = [];
  let lastFrame = 0;
  game.events.on(Phaser.Core.Events.POST_RENDER, () => {
    const now = performance.now();
    if (lastFrame) {
      frames.push(now - lastFrame);
      if (frames.length > FRAME_SAMPLES) frames.shift();
    }
    lastFrame = now;
  });

  const activeScene = (): Phaser.Scene | null => (current ? game.scene.getScene(current) : null);
  const probe: StageProbe = {
    game,
    scene: () => current,
    objectCount: () => {
      const s = activeScene();
      return s ? countObjects(s.children.list) : 0;
    },
    tweenCount: () => activeScene()?.tweens.getTweens().length ?? 0,
    get lastSeq() {
      return ctx.seq;
    },
    phase: () => ctx.view?.phase ?? null,
    beat: () => {
      const s = activeScene();
      return s instanceof RoundScene ? { index: s.beatIndex, total: s.beats.length } : { index: -1, total: 0 };
    },
    frameTimes: () => frames.slice(),
  };
  window.__stage = probe;

  return {
    game,
    destroy() {
      connection.close();
      game.destroy(true);
      if (window.__stage === probe) delete window.__stage;
    },
  };
}
