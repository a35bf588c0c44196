import Phaser from 'phaser';
import { createArtAnimations, loadArt } from '../../art/textures';
import { SCENE } from '../context';

/** Loads the art once for the whole game, then hands over to the director. */
export class BootScene extends Phaser.Scene {
  constructor(private readonly onReady: () => void) {
    super(SCENE.boot);
  }

  preload(): void {
    loadArt(this);
  }

  create(): void {
    createArtAnimations(this);
    this.onReady();
  }
}
