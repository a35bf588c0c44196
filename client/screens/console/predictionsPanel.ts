import { el, clear, append } from '../../dom/el';
import { teamBadge } from '../../dom/teamBadge';
import type { HostView } from '../../../shared/protocol/events';
import type { RoundResult } from '../../../shared/schemas/result';
import { TEAMS } from '../../../shared/schemas/common';
import { predictionSentences, revealComparison, splitLine } from '../../../shared/engine/v2/predictionRecord';

/**
 * Rules v2 predictions on the console (issue 12 item 1): while the window is open, each team's split as it
 * comes in ("Buyer: 4 of 6 expect to get through …"); at the reveal, each team's prediction against the
 * outcome, and the session's running figures. Hidden in rounds (and sessions) without a window.
 */
export function predictionsPanel(): { node: HTMLElement; update(v: HostView): void } {
  const title = el('h2', { id: 'predictions-title' }, 'Predictions');
  const body = el('div', { class: 'stack', id: 'console-predictions-body' });
  const node = el('section', { class: 'panel predictions-panel', id: 'console-predictions', 'aria-labelledby': 'predictions-title', hidden: true }, title, body);
  let key = '';
  return {
    node,
    update(v) {
      const r: RoundResult | null = v.lastResult && v.lastResult.index === v.roundIndex ? v.lastResult : null;
      const open = v.phase === 'predicting' && v.predictions;
      const after = (v.phase === 'reveal' || v.phase === 'between') && r?.predictions;
      node.hidden = !open && !after;
      if (node.hidden) return;
      const next = JSON.stringify([v.phase, v.predictions, r?.index]);
      if (next === key) return;
      key = next;
      clear(body);
      if (open && v.predictions) {
        title.textContent = 'Predictions before the reveal';
        body.append(
          el('p', { class: 'hint' }, 'Ask the room: will your move get through? Will there be a step change? Reveal when you are ready; the timer reveals by itself.'),
          el('ul', { class: 'prediction-split', id: 'console-prediction-split' }, ...TEAMS.map((t) => el('li', { 'data-team': t }, teamBadge(t), ' ', splitLine(t, v.predictions![t])))),
        );
        return;
      }
      title.textContent = `Predictions and outcome, round ${r!.round}`;
      const totals = predictionSentences(v.state.history);
      append(body,
        el('ul', { class: 'prediction-compare', id: 'console-prediction-compare' }, ...TEAMS.map((t) => el('li', { 'data-team': t }, revealComparison(r!, t) ?? ''))),
        totals.length ? el('details', { class: 'prediction-totals' }, el('summary', {}, 'So far this session'), el('ul', {}, ...totals.map((s) => el('li', {}, s)))) : null,
      );
    },
  };
}
