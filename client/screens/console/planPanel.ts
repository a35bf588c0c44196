import { el } from '../../dom/el';
import type { HostView } from '../../../shared/protocol/events';
import { dealtCards, estimateSession, estimateSentence } from '../../../shared/deck/sessionEstimate';

/**
 * In the lobby: the cards this session deals, in order, and how long it should take (issue 15 item 8),
 * the same estimate as the host form's (shared/deck/sessionEstimate.ts).
 */
export function planPanel(): { node: HTMLElement; update(v: HostView): void } {
  const estimate = el('p', { class: 'estimate', id: 'console-estimate' });
  const list = el('ol', { class: 'plan-cards', id: 'console-plan-cards' });
  const node = el('section', { class: 'panel plan-panel', id: 'console-plan', 'aria-labelledby': 'plan-title' },
    el('h2', { id: 'plan-title' }, 'The session'), estimate, list);
  let shown = '';
  return {
    node,
    update(v) {
      node.hidden = v.phase !== 'lobby';
      if (node.hidden) return;
      const s = v.state;
      const byId = new Map(s.deck.cards.map((c) => [c.id, c]));
      const cards = dealtCards(s.cardOrder.map((id) => byId.get(id)!).filter(Boolean), s.config.rounds);
      const e = estimateSession(s.config, cards);
      const key = JSON.stringify([e.totalSeconds, e.rounds.map((r) => r.cardId)]);
      if (key === shown) return;
      shown = key;
      estimate.textContent = estimateSentence(e);
      list.replaceChildren(...e.rounds.map((r) => el('li', {}, el('span', { class: 'plan-card-title' }, r.title), el('span', { class: `plan-kind${r.story ? ' story' : ''}` }, r.story ? 'Pitches + vote' : 'Vote'))));
    },
  };
}
