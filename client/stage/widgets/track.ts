import type Phaser from 'phaser';
import { ANIM, ART } from '../../art/textures';
import { tween } from '../anim';
import { COLOURS, FONT, textStyle } from '../theme';

export type Positions = { buyer: number; provider: number; competitor: number };

const X0 = 330;
const X1 = 1880;
export const TRACK_H = 80;

/**
 * The race across the whole game: both teams' runners and the competitor on one line, so the room
 * sees at a glance who is ahead. The scale grows with the leader, in steps of 5.
 */
export class Track {
  private readonly markers: Record<keyof Positions, Phaser.GameObjects.Sprite>;
  private readonly ticks: Phaser.GameObjects.Graphics;
  private max = 10;
  private drawn = false;
  private readonly lineY: number;

  constructor(private readonly scene: Phaser.Scene, readonly y0: number, start: Positions) {
    this.lineY = y0 + TRACK_H - 12;
    scene.add.rectangle(0, y0, 1920, TRACK_H, COLOURS.night, 0.88).setOrigin(0, 0);
    // White on the dark strip, readable from the back (issue 15 item 12).
    scene.add.text(24, y0 + TRACK_H / 2, 'The race', textStyle(FONT.body)).setOrigin(0, 0.5);
    this.ticks = scene.add.graphics();
    // Offsets keep three runners on the same step visible side by side.
    this.markers = {
      competitor: scene.add.sprite(0, this.lineY, ART.runnerCompetitor).setOrigin(0.5, 1).setScale(3).play(ANIM.competitorRun),
      buyer: scene.add.sprite(0, this.lineY, ART.runnerBuyer, 0).setOrigin(0.5, 1).setScale(3),
      provider: scene.add.sprite(0, this.lineY, ART.runnerProvider, 0).setOrigin(0.5, 1).setScale(3),
    };
    this.set(start);
  }

  private offset(key: keyof Positions): number {
    return key === 'buyer' ? -22 : key === 'provider' ? 22 : 0;
  }

  private xOf(key: keyof Positions, pos: number): number {
    return X0 + ((X1 - X0) * pos) / this.max + this.offset(key);
  }

  private rescale(p: Positions): void {
    const lead = Math.max(p.buyer, p.provider, p.competitor);
    const max = Math.max(10, Math.ceil((lead + 3) / 5) * 5);
    if (max === this.max && this.drawn) return;
    this.max = max;
    this.drawn = true;
    this.ticks.clear().lineStyle(4, COLOURS.grey, 1).lineBetween(X0, this.lineY, X1, this.lineY);
    for (let s = 0; s <= max; s += 5) {
      const x = X0 + ((X1 - X0) * s) / max;
      this.ticks.lineBetween(x, this.lineY, x, this.lineY + 10);
    }
  }

  set(p: Positions): void {
    this.rescale(p);
    for (const k of Object.keys(this.markers) as (keyof Positions)[]) this.markers[k].setX(this.xOf(k, p[k]));
  }

  /** Moves the markers to new positions, the runners running. */
  async moveTo(p: Positions): Promise<void> {
    this.rescale(p);
    const runs = (Object.keys(this.markers) as (keyof Positions)[]).map((k) => {
      const m = this.markers[k];
      const x = this.xOf(k, p[k]);
      if (Math.abs(m.x - x) < 1) return Promise.resolve();
      if (k !== 'competitor') m.play(k === 'buyer' ? ANIM.buyerRun : ANIM.providerRun);
      return tween(this.scene, { targets: m, x, duration: 1400, ease: 'Sine.easeInOut' }).then(() => {
        if (k !== 'competitor') m.play(k === 'buyer' ? ANIM.buyerStand : ANIM.providerStand);
      });
    });
    await Promise.all(runs);
  }

  markerOf(key: keyof Positions): Phaser.GameObjects.Sprite {
    return this.markers[key];
  }
}
