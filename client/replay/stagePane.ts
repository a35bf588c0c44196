import { el } from '../dom/el';
import type { StageView } from '../../shared/schemas/views';

/**
 * The stage as it was at the playhead. The Phaser stage is loaded lazily (it is large) and fed the
 * views the replay computes; until it is up, the moment panel below carries the same facts in words.
 */
export function createStagePane(code: string): { el: HTMLElement; show(view: StageView, seq: number): void } {
  const box = el('div', { class: 'stage-box', id: 'replay-stage', role: 'img', 'aria-label': 'The stage as the room saw it (described below)' });
  let push: ((view: StageView, seq: number) => void) | null = null;
  let pending: { view: StageView; seq: number } | null = null;
  void import('../stage/replayStage').then(({ bootReplayStage }) => {
    const stage = bootReplayStage(box, code);
    push = (v, s) => stage.show(v, s);
    if (pending) push(pending.view, pending.seq);
  }).catch(() => {
    box.classList.add('stage-missing');
  });
  return {
    el: box,
    show(view, seq) {
      if (push) push(view, seq);
      else pending = { view, seq };
    },
  };
}
