import Phaser from 'phaser';
import { SCENE } from '../context';
import { COLOURS, FONT, textStyle } from '../theme';

/** Always on top: a banner when the stage is not live (reconnecting, no such room). Empty otherwise. */
export class StatusScene extends Phaser.Scene {
  private banner: Phaser.GameObjects.Text | null = null;
  private message: string | null = null;

  constructor() {
    super({ key: SCENE.status, active: false });
  }

  create(): void {
    this.banner = this.add
      .text(960, 1040, '', { ...textStyle(FONT.body), backgroundColor: COLOURS.nightHex, padding: { x: 24, y: 10 } })
      .setOrigin(0.5, 1)
      .setDepth(100);
    this.show(this.message);
  }

  show(message: string | null): void {
    this.message = message;
    if (!this.banner) return;
    this.banner.setText(message ?? '').setVisible(Boolean(message));
  }
}
