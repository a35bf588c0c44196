import Phaser from 'phaser';
import type { StageContext } from '../context';
import { qrTextureKey } from '../qrTexture';
import { COLOURS, FONT, textStyle } from '../theme';

export type CornerBox = { x: number; y: number; w: number; h: number };

/** The join address as people type it: no scheme. */
export function shownJoinUrl(joinUrl: string): string {
  return joinUrl.replace(/^https?:\/\//, '');
}

/**
 * The room code, a small QR code and the join address in a corner of the round and the scoreboard, so
 * latecomers join without interrupting the facilitator (issue 15 item 11); while the room is locked it
 * says so instead and invites nobody. The QR appears once its texture exists (made at boot).
 */
export class JoinCorner {
  private readonly open: Phaser.GameObjects.GameObject[] = [];
  private readonly closed: Phaser.GameObjects.GameObject[] = [];
  private readonly url: Phaser.GameObjects.Text;
  private qr: Phaser.GameObjects.Image | null = null;
  private locked = false;
  /** For tests: what the corner shows ('open' with the code, or 'locked'). */
  state: 'open' | 'locked' = 'open';

  constructor(private readonly scene: Phaser.Scene, private readonly ctx: StageContext, private readonly box: CornerBox, depth = 42) {
    const { x, y, w, h } = box;
    const g = scene.add.graphics().setDepth(depth);
    g.fillStyle(COLOURS.night, 0.94).fillRoundedRect(x, y, w, h, 14);
    g.lineStyle(4, COLOURS.white, 0.7).strokeRoundedRect(x, y, w, h, 14);
    const q = this.qrSize();
    const tx = x + 12 + q + 16;
    const tall = h >= 200;
    const label = scene.add.text(tx, y + (tall ? 10 : 6), tall ? 'Join' : `Join · room ${ctx.code}`, textStyle(FONT.body, { color: tall ? COLOURS.greyHex : COLOURS.goldHex })).setDepth(depth + 1);
    const code = scene.add.text(tx, y + 50, tall ? ctx.code : '', textStyle(w >= 500 ? FONT.title : FONT.heading, { color: COLOURS.goldHex })).setDepth(depth + 1).setLetterSpacing(4);
    // The code fits beside the QR code (a wide letter set would otherwise spill out of the corner).
    if (code.width > x + w - 14 - tx) code.setScale((x + w - 14 - tx) / code.width);
    this.url = scene.add.text(tall ? x + 14 : tx, y + h - (tall ? 12 : 6), '', textStyle(FONT.body)).setOrigin(0, 1).setDepth(depth + 1);
    this.setUrl();
    const shut = scene.add.text(x + w / 2, y + h / 2 - (h >= 200 ? 30 : 22), 'Room locked', textStyle(FONT.heading, { color: COLOURS.goldHex })).setOrigin(0.5).setDepth(depth + 1);
    const none = scene.add.text(x + w / 2, y + h / 2 + (h >= 200 ? 36 : 26), 'no new players', textStyle(FONT.body, { color: COLOURS.greyHex })).setOrigin(0.5).setDepth(depth + 1);
    this.open.push(label, code, this.url);
    this.closed.push(shut, none);
    const key = qrTextureKey(ctx.code);
    const place = () => {
      this.setUrl();
      const img = scene.add.image(x + 12, y + (h >= 200 ? 12 : 8), key).setOrigin(0, 0).setDepth(depth + 1);
      img.setScale(q / img.width);
      this.qr = img;
      this.open.push(img);
      this.apply();
    };
    if (scene.textures.exists(key)) place();
    else scene.textures.once(Phaser.Textures.Events.ADD_KEY + key, place, this);
    scene.events.once(Phaser.Scenes.Events.SHUTDOWN, () => scene.textures.off(Phaser.Textures.Events.ADD_KEY + key, place, this));
    this.apply();
  }

  /** A tall box (the round): the QR beside the code, the address under both; a low one: the address beside the QR. */
  private qrSize(): number {
    return this.box.h >= 200 ? this.box.h - 90 : this.box.h - 16;
  }

  private setUrl(): void {
    this.url.setText(shownJoinUrl(this.ctx.joinUrl)).setScale(1);
    const room = this.box.x + this.box.w - 14 - this.url.x;
    // A long address shrinks to fit the corner rather than spilling over the picture.
    if (this.url.width > room) this.url.setScale(room / this.url.width);
  }

  setLocked(locked: boolean): void {
    if (locked === this.locked && this.qr) return;
    this.locked = locked;
    this.apply();
  }

  private apply(): void {
    this.state = this.locked ? 'locked' : 'open';
    for (const o of this.open) (o as unknown as Phaser.GameObjects.Components.Visible).setVisible(!this.locked);
    for (const o of this.closed) (o as unknown as Phaser.GameObjects.Components.Visible).setVisible(this.locked);
  }
}
