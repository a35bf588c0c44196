import { el, clear, append } from '../../dom/el';
import { effectChips } from '../../dom/powerUps';
import { teamBadge } from '../../dom/teamBadge';
import { POWER_UP_NAME } from '../../dom/format';
import type { HostView } from '../../../shared/protocol/events';

/** The whole card (both briefs, every option) with live vote counts per option. */
export function cardPanel(): { node: HTMLElement; update(v: HostView): void } {
  const body = el('div', { class: 'stack' });
  const node = el('section', { class: 'panel card-panel', 'aria-labelledby': 'card-title', id: 'console-card' }, body);
  const counts = new Map<string, { text: HTMLElement; bar: HTMLElement }>();
  const voted = { buyer: el('p', { class: 'voted' }), provider: el('p', { class: 'voted' }) };
  let shown = '';
  return {
    node,
    update(v) {
      const card = v.fullCard;
      node.hidden = !card;
      if (!card) return;
      if (shown !== card.id) {
        shown = card.id;
        counts.clear();
        clear(body);
        append(body,
          el('p', { class: 'kicker' }, `Round ${(v.roundIndex ?? 0) + 1} of ${v.roundsTotal}`),
          el('h2', { id: 'card-title', class: 'card-title' }, card.title),
          el('p', { class: 'situation' }, card.situation),
          el('div', { class: 'risks' },
            el('div', { class: 'risk hazard' }, el('h3', {}, `Hazard: ${card.hazard.title}`), el('p', {}, `${card.hazard.text} Strikes ${POWER_UP_NAME[card.hazard.strikes]} (damage ${card.hazard.damage}, chance ${Math.round((card.hazard.chance ?? 1) * 100)}%).`)),
            el('div', { class: 'risk opportunity' }, el('h3', {}, `Opportunity: ${card.opportunity.title}`), el('p', {}, `${card.opportunity.text} Needs height ${card.opportunity.reach}.`)),
          ),
          el('div', { class: 'two-col' }, ...(['buyer', 'provider'] as const).map((team) =>
            el('section', { class: `team-col team-${team}-col` },
              el('h3', {}, teamBadge(team, ' brief')),
              el('p', { class: 'brief-text' }, card.briefs[team]),
              voted[team],
              el('ul', { class: 'host-options' }, ...card.options.filter((o) => o.team === team).map((o) => {
                const text = el('span', { class: 'tally' });
                const bar = el('span', { class: 'tally-bar' });
                counts.set(o.id, { text, bar });
                return el('li', { class: 'host-option' },
                  el('div', { class: 'host-option-head' }, el('strong', {}, o.label), text),
                  el('span', { class: 'tally-track', 'aria-hidden': 'true' }, bar),
                  effectChips(o.effects));
              })),
            ))),
          card.storyPrompt && v.state.config.storyRounds ? el('p', { class: 'story-prompt' }, el('strong', {}, 'Story prompt: '), card.storyPrompt) : null,
          el('details', { class: 'debrief' }, el('summary', {}, 'Debrief question'), el('p', {}, card.debrief)),
        );
      }
      const tallies = v.round?.tallies ?? { buyer: {}, provider: {} };
      for (const team of ['buyer', 'provider'] as const) {
        voted[team].textContent = `${v.voted[team]} of ${v.teamSizes[team]} voted`;
        for (const o of card.options.filter((x) => x.team === team)) {
          const n = tallies[team][o.id] ?? 0;
          const c = counts.get(o.id);
          if (!c) continue;
          c.text.textContent = `${n} vote${n === 1 ? '' : 's'}`;
          c.bar.style.width = `${v.voted[team] ? Math.round((100 * n) / v.voted[team]) : 0}%`;
        }
      }
    },
  };
}
