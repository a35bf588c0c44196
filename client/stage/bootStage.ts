import type Phaser from 'phaser';
import { connectStage } from './connection';
import { createStageDirector } from './stageDirector';
import type { StageView } from '../../shared/schemas/views';
import type { SceneKey } from './context';

export type { StageProbe } from './stageDirector';
export type StageHandle = { game: Phaser.Game; destroy(): void };

/**
 * Boots the live stage inside `parent` for room `code`: it renders the StageViews the server sends,
 * and shows the connection state while the server is out of reach.
 */
export function bootStage(
  parent: HTMLElement,
  code: string,
  opts: { pace?: number; onView?: (view: StageView) => void; onBeat?: (roundIndex: number, step: number) => void; onFirstScene?: () => void; onScene?: (key: SceneKey) => void; onStatus?: (message: string | null) => void } = {},
): StageHandle {
  const director = createStageDirector(parent, code, opts.pace && opts.pace > 0 ? opts.pace : 1, { onBeat: opts.onBeat, followNarration: true, onFirstScene: opts.onFirstScene, onScene: opts.onScene });
  const connection = connectStage(
    code,
    (seq, view) => {
      director.show(view, seq);
      opts.onView?.(view);
    },
    (message) => {
      director.status.show(message);
      opts.onStatus?.(message);
    },
  );
  return {
    game: director.game,
    destroy() {
      connection.close();
      director.destroy();
    },
  };
}
