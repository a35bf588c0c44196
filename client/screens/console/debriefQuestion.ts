import { el } from '../../dom/el';
import type { HostView } from '../../../shared/protocol/events';

/**
 * The card's debrief question, in view when the room talks it over: at the reveal and between rounds
 * (issue 15 item 7: it used to be a collapsed bar at the bottom of the card).
 */
export function debriefQuestion(): { node: HTMLElement; update(v: HostView): void } {
  const text = el('p', { class: 'debrief-question-text', id: 'debrief-question-text' });
  const node = el('section', { class: 'panel debrief-question', id: 'debrief-question', 'aria-labelledby': 'debrief-question-title' },
    el('h2', { id: 'debrief-question-title' }, 'Ask the room'), text);
  return {
    node,
    update(v) {
      const q = v.fullCard?.debrief ?? v.card?.debrief ?? null;
      node.hidden = !q || (v.phase !== 'reveal' && v.phase !== 'between');
      text.textContent = q ?? '';
    },
  };
}
