import { el } from '../../dom/el';
import type { HostView } from '../../../shared/protocol/events';
import { endPicture } from '../../../shared/replay/endPicture';
import { endPictureView } from '../../replay/endPictureView';

/**
 * The end-of-game picture on the console once the game has ended (issue 12 item 6), beside the debrief
 * script: each round's step change against what each team spent, and the hidden stakes revealed.
 */
export function endPicturePanel(): { node: HTMLElement; update(v: HostView): void } {
  const body = el('div', { class: 'end-picture-body' });
  const node = el('section', { class: 'panel end-picture-panel', id: 'console-end-picture', 'aria-label': 'The end-of-game picture', hidden: true }, body);
  let key = '';
  return {
    node,
    update(v) {
      node.hidden = v.phase !== 'ended';
      if (node.hidden) return;
      const k = `${v.state.history.length}|${v.state.deck.cards.length}`;
      if (k === key) return;
      key = k;
      body.replaceChildren(endPictureView(endPicture(v.state)));
    },
  };
}
