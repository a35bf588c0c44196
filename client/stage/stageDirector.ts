import Phaser from 'phaser';
import type { StageView } from '../../shared/schemas/views';
import { onReducedMotionChange, reducedMotion } from './anim';
import { chooseRenderer } from './chooseRenderer';
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

export type StageDirector = {
  game: Phaser.Game;
  status: StatusScene;
  /** Renders a view; `restart` rebuilds the current scene (a replay seeking backwards). */
  show(view: StageView, seq: number, opts?: { restart?: boolean }): void;
  destroy(): void;
};

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
 * The Phaser stage (16:9, 1920×1080 scaled to fit) and the one rule that drives it: the scene follows
 * the view's phase, and every round gets a fresh scene, so nothing from one round survives into the
 * next. The live stage feeds it views from the socket, the replay views folded from the log.
 */
export function createStageDirector(
  parent: HTMLElement,
  code: string,
  pace: number,
  hooks: { onBeat?: StageContext['onBeat']; followNarration?: boolean; onFirstScene?: () => void; onScene?: (key: SceneKey) => void } = {},
): StageDirector {
  const ctx: StageContext = { code, joinUrl: joinUrlOn(location.origin, code), pace, view: null, seq: 0, onBeat: hooks.onBeat, followNarration: hooks.followNarration ?? false };
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
    scene: [new BootScene(() => setTimeout(onReady, 0)), new LobbyScene(), new RoundScene(), new ScoreboardScene(), new EndScene(), status],
  });

  // Reduced motion: sprite animations (walk cycles, spinning loops, waving flags) hold their first frame.
  const stillAnims = () => (reducedMotion() ? game.anims.pauseAll() : game.anims.resumeAll());
  const offMotion = onReducedMotionChange(stillAnims);

  function onReady(): void {
    booted = true;
    stillAnims();
    void joinBase().then((base) => {
      ctx.joinUrl = joinUrlOn(base, code);
      return addQrTexture(game.textures, code, ctx.joinUrl);
    });
    game.scene.stop(SCENE.boot);
    game.scene.start(SCENE.status);
    render(false);
  }

  function render(restart: boolean): void {
    const view = ctx.view;
    if (!booted || !view) return;
    const key = sceneForPhase(view.phase);
    const round = key === SCENE.round ? view.roundIndex : null;
    if (key !== current || round !== currentRound || restart) {
      if (current) game.scene.stop(current);
      game.scene.start(key, { ctx });
      game.scene.bringToTop(SCENE.status);
      if (!current) hooks.onFirstScene?.();
      current = key;
      currentRound = round;
      hooks.onScene?.(key);
      return;
    }
    const scene = game.scene.getScene(key) as StageScene;
    if (scene.ready) scene.applyView(view);
  }

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
    status,
    show(view, seq, opts = {}) {
      ctx.view = view;
      ctx.seq = seq;
      render(!!opts.restart);
    },
    destroy() {
      offMotion();
      game.destroy(true);
      if (window.__stage === probe) delete window.__stage;
    },
  };
}
