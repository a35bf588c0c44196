import { el, clear } from '../../dom/el';
import { icon } from '../../dom/icons';
import { inventoryPanel } from '../../dom/powerUps';
import { POWER_UP_NAME, POWER_UPS, TEAM_NAME, plural } from '../../dom/format';
import { listOf } from '../../dom/rulesV2';
import type { Takeaway } from '../../../shared/schemas/takeaway';
import type { Team } from '../../../shared/schemas/common';
import { announce } from '../../dom/announcer';
import type { Screen } from './types';

/** The team's take-away, to keep: where it got, what its moves used, and each card's lesson. */
function takeawayParts(t: Takeaway, team: Team): HTMLElement[] {
  const used = POWER_UPS.filter((p) => t.spent[p] > 0).map((p) => `${POWER_UP_NAME[p]} ${plural(t.spent[p], 'time')}`);
  return [
    el('h2', { id: 'takeaway-title' }, `To take away: the ${TEAM_NAME[team]}\u2019s session`),
    el('p', { class: 'takeaway-line', id: 'takeaway-steps' }, `The ${TEAM_NAME[team]} initiative got ${plural(t.steps, 'step')} forward; the partnership made ${plural(t.stepChanges, 'step change')} together.`),
    el('p', { class: 'takeaway-line', id: 'takeaway-spent' }, used.length ? `Your team\u2019s moves used ${listOf(used)}.` : 'Your team\u2019s moves used no power-ups.'),
    el('h3', {}, 'Round by round, and what each card was about'),
    el('ol', { class: 'takeaway-rounds', id: 'takeaway-rounds' },
      ...t.rounds.map((r) => el('li', {},
        el('p', { class: 'takeaway-played' }, `${r.cardTitle}: played \u201c${r.played}\u201d${r.spent.length ? `, using ${listOf(r.spent.map((p) => POWER_UP_NAME[p]))}` : ''}${r.stepChange ? ' \u2605 step change' : ''}.`),
        r.lesson ? el('p', { class: 'takeaway-lesson' }, el('strong', {}, 'To remember: '), r.lesson) : null))),
  ];
}

/** The session's outcome: the partnership's name for how it went, its summary and score. */
export function endScreen(): Screen {
  const title = el('h1', { tabIndex: -1, id: 'end-title', class: 'outcome-name' });
  const summary = el('p', { class: 'lead' });
  const score = el('p', { class: 'score' });
  const teams = el('div', { class: 'two-col' });
  const star = el('div', { class: 'outcome-star' }, icon('star', 56));
  let announced = false;
  const takeaway = el('section', { class: 'panel stack takeaway', id: 'takeaway', 'aria-labelledby': 'takeaway-title', hidden: true });
  return {
    node: el('div', { class: 'screen end' },
      el('section', { class: 'panel stack outcome', 'aria-labelledby': 'end-title' },
        el('p', { class: 'kicker' }, 'The workshop is over'), star, title, summary, score,
        el('p', {}, 'Thank you for playing. The facilitator will lead the debrief.')),
      takeaway,
      teams),
    update(view, me) {
      const o = view.outcome;
      title.textContent = o?.name ?? 'Finished';
      // Said once: the outcome and its one sentence (the take-away is there to read at leisure).
      if (o && !announced) {
        announced = true;
        announce(`The workshop is over: ${o.name}. ${o.summary} Your team\u2019s take-away is below.`);
      }
      // A star only for outcomes worth one.
      star.hidden = !o || (o.name !== 'Innovation partners' && o.name !== 'Sparks of innovation');
      summary.textContent = o?.summary ?? '';
      score.textContent = o ? `Partnership score: ${o.score} · ${view.roundsPlayed} of ${plural(view.roundsTotal, 'round')} played · ${view.stepChanges} step change${view.stepChanges === 1 ? '' : 's'}` : '';
      clear(teams);
      teams.append(inventoryPanel(view.teams.buyer, 'Buyer at the end'), inventoryPanel(view.teams.provider, 'Provider at the end'));
      clear(takeaway);
      if (view.takeaway) takeaway.append(...takeawayParts(view.takeaway, me.team));
      takeaway.hidden = !view.takeaway;
    },
  };
}
