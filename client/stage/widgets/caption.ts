import type Phaser from 'phaser';
import { animate } from '../anim';
import { COLOURS, FONT, textStyle } from '../theme';

/** The bottom box: a short gold heading and up to three lines the facilitator can read aloud. */
export class Caption {
  private readonly heading: Phaser.GameObjects.Text;
  private readonly body: Phaser.GameObjects.Text;

  constructor(private readonly scene: Phaser.Scene, readonly y0: number, readonly height: number) {
    const g = scene.add.graphics().setDepth(40);
    g.fillStyle(COLOURS.night, 0.94).fillRoundedRect(16, y0, 1888, height, 18);
    g.lineStyle(4, COLOURS.gold, 0.9).strokeRoundedRect(16, y0, 1888, height, 18);
    this.heading = scene.add.text(44, y0 + 4, '', textStyle(FONT.body, { color: COLOURS.goldHex })).setDepth(41);
    this.body = scene.add
      .text(44, y0 + 52, '', { ...textStyle(FONT.caption, { wrap: 1830 }), maxLines: 3 })
      .setDepth(41)
      .setLineSpacing(-6);
  }

  set(heading: string, body: string, fade = false): void {
    if (this.heading.text === heading && this.body.text === body) return;
    this.heading.setText(heading);
    this.body.setText(body);
    // Long sentences get a slightly smaller size rather than being cut (never below the body floor).
    this.body.setFontSize(body.length > 190 ? FONT.body : FONT.caption);
    if (fade) {
      this.body.setAlpha(0);
      animate(this.scene, { targets: this.body, alpha: 1, duration: 250 });
    }
  }
}
