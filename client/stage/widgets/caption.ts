import type Phaser from 'phaser';
import { animate } from '../anim';
import { COLOURS, FONT, textStyle } from '../theme';

/** The bottom box: a short gold heading and the lines the facilitator can read aloud; `width` leaves room at the right (the join corner). */
export class Caption {
  private readonly heading: Phaser.GameObjects.Text;
  private readonly body: Phaser.GameObjects.Text;
  private readonly narrow: boolean;
  /** Sizes the body tries, largest first, until it fits the box: a long situation shrinks, it is never cut (issue 15 item 12). */
  private static readonly SIZES = [FONT.caption, FONT.body, 36, 32, 28, 24];

  constructor(private readonly scene: Phaser.Scene, readonly y0: number, readonly height: number, width = 1888) {
    this.narrow = width < 1888;
    const g = scene.add.graphics().setDepth(40);
    g.fillStyle(COLOURS.night, 0.94).fillRoundedRect(16, y0, width, height, 18);
    g.lineStyle(4, COLOURS.gold, 0.9).strokeRoundedRect(16, y0, width, height, 18);
    this.heading = scene.add.text(44, y0 + 4, '', textStyle(FONT.body, { color: COLOURS.goldHex })).setDepth(41);
    this.body = scene.add
      .text(44, y0 + (width < 1888 ? 44 : 52), '', textStyle(FONT.caption, { wrap: width - 58 }))
      .setName('captionBody')
      .setDepth(41)
      .setLineSpacing(width < 1888 ? -8 : -6);
  }

  set(heading: string, body: string, fade = false): void {
    if (this.heading.text === heading && this.body.text === body) return;
    this.heading.setText(heading);
    this.body.setText(body);
    // Long sentences get a slightly smaller size (the body floor); only what would not fit even then goes smaller.
    const room = this.y0 + this.height - 8 - this.body.y;
    const sizes = Caption.SIZES.slice(body.length > (this.narrow ? 130 : 190) ? 1 : 0);
    for (const size of sizes) {
      this.body.setFontSize(size);
      if (this.body.height <= room) break;
    }
    if (fade) {
      this.body.setAlpha(0);
      animate(this.scene, { targets: this.body, alpha: 1, duration: 250 });
    }
  }
}
