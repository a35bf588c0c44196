import type Phaser from 'phaser';

// Promise wrappers around tweens and timers, so a reveal reads as a sequence. When a scene shuts down its
// tweens and timers are destroyed without completing: the promise then never resolves and the sequence
// simply stops there, touching nothing that has been destroyed.
//
// Reduced motion (prefers-reduced-motion: reduce, or ?motion=reduce on the page): every tween made here
// jumps to its end at once (a yoyo ends where it began), endless ambient loops are not started, and the
// short pauses inside an animation (`pause`) are skipped; `wait` (how long a beat stays up) is kept, so
// the room reads the same captions for the same time. The stage shows the same states, only still.

const QUERY = '(prefers-reduced-motion: reduce)';

/** Whether the stage should keep still: the viewer's system setting, or `?motion=reduce` (a projector whose OS setting nobody can reach). */
export function reducedMotion(): boolean {
  if (typeof location !== 'undefined' && new URLSearchParams(location.search).get('motion') === 'reduce') return true;
  return typeof matchMedia === 'function' && matchMedia(QUERY).matches;
}

/** Calls `listener` when the system setting changes (returns the unsubscribe). */
export function onReducedMotionChange(listener: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => {};
  const mq = matchMedia(QUERY);
  mq.addEventListener('change', listener);
  return () => mq.removeEventListener('change', listener);
}

const NOT_PROPS = new Set([
  'targets', 'delay', 'duration', 'ease', 'easeParams', 'hold', 'repeat', 'repeatDelay', 'yoyo', 'flipX', 'flipY',
  'loop', 'loopDelay', 'completeDelay', 'paused', 'persist', 'props', 'interpolation', 'callbackScope', 'tweens',
]);

type Value = number | string | { from?: number; to?: number; value?: number } | number[];

function endValue(current: number, v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const m = /^([+\-*/])=(-?[\d.]+)$/.exec(v);
    if (!m) return Number.isFinite(Number(v)) ? Number(v) : undefined;
    const n = Number(m[2]);
    return m[1] === '+' ? current + n : m[1] === '-' ? current - n : m[1] === '*' ? current * n : current / n;
  }
  if (Array.isArray(v)) return v[v.length - 1];
  if (v && typeof v === 'object') return v.to ?? v.value;
  return undefined;
}

/** Sets a tween's end state on its targets, now (a yoyo returns to where it began: nothing to set). */
function jump(config: Phaser.Types.Tweens.TweenBuilderConfig): void {
  const targets = (Array.isArray(config.targets) ? config.targets : [config.targets]) as Record<string, number>[];
  const record = config as unknown as Record<string, Value>;
  if (!config.yoyo) {
    for (const key of Object.keys(record)) {
      if (NOT_PROPS.has(key) || key.startsWith('on')) continue;
      for (const t of targets) {
        const end = endValue(t[key], record[key]);
        if (end !== undefined) t[key] = end;
      }
    }
  }
  (config.onComplete as (() => void) | undefined)?.();
}

/**
 * `scene.tweens.add`, reduced-motion aware: the one way the stage starts a tween. With reduced motion an
 * endless loop (ambient bobbing, drifting clouds) is not started at all and any other tween jumps to its
 * end, its onComplete called at once.
 */
export function animate(scene: Phaser.Scene, config: Phaser.Types.Tweens.TweenBuilderConfig): void {
  if (!reducedMotion()) {
    scene.tweens.add(config);
    return;
  }
  if (config.repeat === -1) return;
  jump(config);
}

export function tween(scene: Phaser.Scene, config: Phaser.Types.Tweens.TweenBuilderConfig): Promise<void> {
  return new Promise((resolve) => {
    animate(scene, { ...config, onComplete: () => resolve() });
  });
}

export function chain(scene: Phaser.Scene, config: Phaser.Types.Tweens.TweenChainBuilderConfig): Promise<void> {
  if (reducedMotion()) {
    for (const t of config.tweens ?? []) jump({ ...t, targets: t.targets ?? config.targets } as Phaser.Types.Tweens.TweenBuilderConfig);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    scene.tweens.chain({ ...config, onComplete: () => resolve() });
  });
}

/** How long a beat (or a banner) stays up: kept with reduced motion, since it is reading time. */
export function wait(scene: Phaser.Scene, ms: number): Promise<void> {
  return new Promise((resolve) => {
    scene.time.delayedCall(Math.max(1, ms), () => resolve());
  });
}

/** A pause inside an animation (between two hops, before a fade): skipped with reduced motion. */
export function pause(scene: Phaser.Scene, ms: number): Promise<void> {
  return reducedMotion() ? Promise.resolve() : wait(scene, ms);
}

/** A counter tween (0 → 1) calling `step` each frame: for paths that are not a straight line. */
export function along(scene: Phaser.Scene, duration: number, step: (t: number) => void, ease = 'Linear'): Promise<void> {
  if (reducedMotion()) {
    step(1);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    scene.tweens.addCounter({
      from: 0,
      to: 1,
      duration,
      ease,
      onUpdate: (tw) => step(tw.getValue() ?? 0),
      onComplete: () => resolve(),
    });
  });
}
