import type Phaser from 'phaser';
import type { StageView } from '../../shared/schemas/views';
import { createStageDirector } from './stageDirector';
import { sfx } from '../audio/sfx';

/** Reveals replay at twice the facilitator's pace: the replay page has its own speed control. */
const REPLAY_PACE = 0.5;

export type ReplayStageHandle = { game: Phaser.Game; show(view: StageView, seq: number): void; destroy(): void };

/**
 * The stage for the replay page: the live stage's scenes, fed StageViews the replay computes from the
 * log. A seek backwards restarts the scene, since scenes only move forward.
 */
export function bootReplayStage(parent: HTMLElement, code: string): ReplayStageHandle {
  // Scrubbing at 16× would be a cacophony; this silence is not saved, unlike the mute switch.
  sfx.silence(true);
  const director = createStageDirector(parent, code, REPLAY_PACE);
  let shownSeq = 0;
  let shown = false;
  return {
    game: director.game,
    show(view, seq) {
      if (seq === shownSeq && shown) return;
      const restart = seq < shownSeq;
      shownSeq = seq;
      shown = true;
      director.show(view, seq, { restart });
    },
    destroy() {
      sfx.silence(false);
      director.destroy();
    },
  };
}
