import { el, clear } from '../../dom/el';
import { icon } from '../../dom/icons';
import { inventoryPanel } from '../../dom/powerUps';
import type { Screen } from './types';

/** The session's outcome: the partnership's name for how it went, its summary and score. */
export function endScreen(): Screen {
  const title = el('h1', { tabIndex: -1, id: 'end-title', class: 'outcome-name' });
  const summary = el('p', { class: 'lead' });
  const score = el('p', { class: 'score' });
  const teams = el('div', { class: 'two-col' });
  const star = el('div', { class: 'outcome-star' }, icon('star', 56));
  return {
    node: el('div', { class: 'screen end' },
      el('section', { class: 'panel stack outcome', 'aria-labelledby': 'end-title' },
        el('p', { class: 'kicker' }, 'The workshop is over'), star, title, summary, score,
        el('p', {}, 'Thank you for playing. The facilitator will lead the debrief.')),
      teams),
    update(view) {
      const o = view.outcome;
      title.textContent = o?.name ?? 'Finished';
      // A star only for outcomes worth one.
      star.hidden = !o || (o.name !== 'Innovation partners' && o.name !== 'Sparks of innovation');
      summary.textContent = o?.summary ?? '';
      score.textContent = o ? `Partnership score: ${o.score} · ${view.roundsPlayed} of ${view.roundsTotal} rounds played · ${view.stepChanges} step change${view.stepChanges === 1 ? '' : 's'}` : '';
      clear(teams);
      teams.append(inventoryPanel(view.teams.buyer, 'Buyer at the end'), inventoryPanel(view.teams.provider, 'Provider at the end'));
    },
  };
}
