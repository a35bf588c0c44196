import Phaser from 'phaser';

class LobbyScene extends Phaser.Scene {
  constructor(private code: string) {
    super('lobby');
  }
  create(): void {
    this.add.text(960, 540, `Join with code ${this.code}`, { fontFamily: 'monospace', fontSize: '64px', color: '#ffffff' }).setOrigin(0.5);
  }
}

/** Boots the Phaser stage inside `parent`, 16:9, scaled to fit. */
export function bootStage(parent: HTMLElement, code: string): Phaser.Game {
  const game = new Phaser.Game({
    type: Phaser.AUTO,
    parent,
    width: 1920,
    height: 1080,
    backgroundColor: '#1b1f3b',
    pixelArt: true,
    scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
    scene: [new LobbyScene(code)],
  });
  (window as any).__stage = game;
  return game;
}
