import { el, clear, append } from '../../dom/el';
import { plural } from '../../dom/format';
import { teamBadge } from '../../dom/teamBadge';
import { explanationList, changeTable, bestStories, gateSummary } from '../controller/resultScreen';
import { revealHeadline } from '../../dom/rulesV2';
import type { HostView } from '../../../shared/protocol/events';
import { debriefWhatIfs } from '../../../shared/replay/whatIfs';

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
        el('h2', { id: 'result-title' }, `Result of round ${r.round}: ${r.cardTitle}${r.rules === 2 ? ` — ${revealHeadline(r)}` : r.stepChange ? ' — star moment!' : ''}`),
        r.rules === 2 ? gateSummary(r) : null,
        el('div', { class: 'two-col' }, ...(['buyer', 'provider'] as const).map((team) =>
          el('div', { class: 'stack' }, el('p', { class: 'played' }, teamBadge(team), ` played “${r.teams[team].playedLabel}”`), changeTable(r, team)))),
        // Step by step, as the stage narrates it: one click away, so the result fits the laptop's screen.
        el('details', { class: 'explanation-details' }, el('summary', {}, `Step by step (${plural(r.explanation.length, 'line')})`), explanationList(r, 'explanation')),
        bestStories(r),
        whatIfsAtReveal(v, r.index),
      );
    },
  };
}

/** Rules v2, when the facilitator asked for it (config.whatIfAtReveal): the round's what-if lines. */
function whatIfsAtReveal(v: HostView, index: number): HTMLElement | null {
  if (v.rules !== 2 || !v.state.config.whatIfAtReveal) return null;
  const lines = debriefWhatIfs(v.state).find((w) => w.index === index)?.lines ?? [];
  if (!lines.length) return null;
  return el('section', { class: 'what-ifs', id: 'console-what-ifs', 'aria-label': 'What if' },
    el('h3', {}, 'What if'),
    el('ul', {}, ...lines.map((l) => el('li', { class: 'what-if' }, l.sentence))),
  );
}
