import type Phaser from 'phaser';

// Promise wrappers around tweens and timers, so a reveal reads as a sequence. When a scene shuts down its
// tweens and timers are destroyed without completing: the promise then never resolves and the sequence
// simply stops there, touching nothing that has been destroyed.

export function tween(scene: Phaser.Scene, config: Phaser.Types.Tweens.TweenBuilderConfig): Promise<void> {
  return new Promise((resolve) => {
    scene.tweens.add({ ...config, onComplete: () => resolve() });
  });
}

export function chain(scene: Phaser.Scene, config: Phaser.Types.Tweens.TweenChainBuilderConfig): Promise<void> {
  return new Promise((resolve) => {
    scene.tweens.chain({ ...config, onComplete: () => resolve() });
  });
}

export function wait(scene: Phaser.Scene, ms: number): Promise<void> {
  return new Promise((resolve) => {
    scene.time.delayedCall(Math.max(1, ms), () => resolve());
  });
}

/** A counter tween (0 → 1) calling `step` each frame: for paths that are not a straight line. */
export function along(scene: Phaser.Scene, duration: number, step: (t: number) => void, ease = 'Linear'): Promise<void> {
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
