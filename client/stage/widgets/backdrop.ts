import type Phaser from 'phaser';
import { ART } from '../../art/textures';
import { animate } from '../anim';
import { COLOURS } from '../theme';

function lerpColour(a: number, b: number, t: number): number {
  const ch = (shift: number) => Math.round(((a >> shift) & 255) * (1 - t) + ((b >> shift) & 255) * t);
  return (ch(16) << 16) | (ch(8) << 8) | ch(0);
}

/** A banded pixel sky with a few slow clouds. */
export function drawSky(scene: Phaser.Scene, clouds = 5): void {
  const g = scene.add.graphics();
  const bands = 8;
  for (let i = 0; i < bands; i++) {
    g.fillStyle(lerpColour(COLOURS.skyDeep, COLOURS.sky, i / (bands - 1)), 1).fillRect(0, (1080 / bands) * i, 1920, 1080 / bands + 1);
  }
  for (let i = 0; i < clouds; i++) {
    const x = 180 + ((i * 397) % 1700);
    const y = 150 + ((i * 211) % 520);
    const cloud = scene.add.image(x, y, ART.cloud).setScale(5 + (i % 3)).setAlpha(0.9);
    animate(scene, { targets: cloud, x: x + 60 + i * 10, duration: 9000 + i * 1500, yoyo: true, repeat: -1, ease: 'Sine.easeInOut' });
  }
}
