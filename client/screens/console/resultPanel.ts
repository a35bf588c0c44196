import { el, clear, append } from '../../dom/el';
import { teamBadge } from '../../dom/teamBadge';
import { explanationList, changeTable, bestStories } from '../controller/resultScreen';
import type { HostView } from '../../../shared/protocol/events';

/** The last round's result: the engine's explanation, both teams' changes and the best stories. */
export function resultPanel(): { node: HTMLElement; update(v: HostView): void } {
  const body = el('div', { class: 'stack' });
  const node = el('section', { class: 'panel result-panel', 'aria-labelledby': 'result-title', id: 'console-result' }, body);
  let shown = -1;
  return {
    node,
    update(v) {
      const r = v.lastResult;
      node.hidden = !r;
      if (!r || shown === r.index) return;
      shown = r.index;
      clear(body);
      append(body,
        el('h2', { id: 'result-title' }, `Result of round ${r.round}: ${r.cardTitle}${r.stepChange ? ' — star moment!' : ''}`),
        el('div', { class: 'two-col' }, ...(['buyer', 'provider'] as const).map((team) =>
          el('div', { class: 'stack' }, el('p', { class: 'played' }, teamBadge(team), ` played “${r.teams[team].playedLabel}”`), changeTable(r, team)))),
        explanationList(r, 'explanation'),
        bestStories(r),
      );
    },
  };
}
