import { el, clear, append } from '../../dom/el';
import { effectChips } from '../../dom/powerUps';
import { teamBadge } from '../../dom/teamBadge';
import { POWER_UP_NAME, TEAM_NAME, plural } from '../../dom/format';
import type { HostView } from '../../../shared/protocol/events';
import type { Card } from '../../../shared/schemas/deck';
import { backingText, competitorPace, GATE_RULE, hazardCondition, hazardCost, optionFacts, pitchText } from '../../dom/rulesV2';

/** Rules v2: the hazard's condition, the joint move, the competitor's pace. */
function risksV2(card: Card, pace: HTMLElement): HTMLElement {
  return el('div', { class: 'risks' },
    el('div', { class: 'risk hazard' }, el('h3', {}, `Hazard: ${card.hazard.title}`), el('p', {}, card.hazard.text),
      el('p', { class: 'condition', id: 'console-hazard-condition' }, el('strong', {}, hazardCondition(card.hazard)), ` ${hazardCost(card.hazard)}`)),
    el('div', { class: 'risk joint', id: 'console-joint' }, el('h3', {}, `\u2605 Joint move${card.joint ? `: ${card.joint.title}` : ''}`),
      card.joint ? el('p', {}, card.joint.text) : null,
      el('p', {}, `Fires when both teams vote their joint part: pooled costs; with a step change it reaches \u201c${card.opportunity.title}\u201d (+${plural(card.opportunity.bonus, 'step')} each).`)),
    el('div', { class: 'risk opportunity' }, el('h3', {}, `Opportunity: ${card.opportunity.title}`), el('p', {}, card.opportunity.text)),
    el('div', { class: 'risk pace' }, el('h3', {}, 'The gate and the competitor'), el('p', {}, GATE_RULE), pace),
  );
}

/**
 * The card with live vote counts per option. On a laptop it must fit beside the roster (issue 15 item 7):
 * the options and their tallies are in view, the rest of the card (situation, briefs, hazard, joint move)
 * one click away; the debrief question has its own panel at the reveal (debriefQuestion.ts).
 */
export function cardPanel(): { node: HTMLElement; update(v: HostView): void } {
  const body = el('div', { class: 'stack' });
  const node = el('section', { class: 'panel card-panel', 'aria-labelledby': 'card-title', id: 'console-card' }, body);
  const counts = new Map<string, { text: HTMLElement; bar: HTMLElement }>();
  const voted = { buyer: el('p', { class: 'voted' }), provider: el('p', { class: 'voted' }) };
  // Rules v2: who backs the joint move, the competitor's pace, the pitches' result (live).
  const jointLive = el('span', { class: 'joint-live', id: 'console-joint-backing' });
  const pace = el('p', { id: 'console-competitor-pace' });
  const pitches = el('div', { class: 'pitch-result', id: 'console-pitches', hidden: true });
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
        const v2 = v.rules === 2;
        append(body,
          el('h2', { id: 'card-title', class: 'card-title' }, card.title),
          el('details', { class: 'console-card-details', id: 'console-card-details' },
            el('summary', {}, 'Whole card: situation, briefs, hazard, costs'),
            el('p', { class: 'situation' }, card.situation),
          v2 ? risksV2(card, pace) : el('div', { class: 'risks' },
            el('div', { class: 'risk hazard' }, el('h3', {}, `Hazard: ${card.hazard.title}`), el('p', {}, `${card.hazard.text} Strikes ${POWER_UP_NAME[card.hazard.strikes]} (damage ${card.hazard.damage}, chance ${Math.round((card.hazard.chance ?? 1) * 100)}%).`)),
            el('div', { class: 'risk opportunity' }, el('h3', {}, `Opportunity: ${card.opportunity.title}`), el('p', {}, `${card.opportunity.text} Needs height ${card.opportunity.reach}.`)),
          ),
          el('div', { class: 'two-col' }, ...(['buyer', 'provider'] as const).map((team) =>
            el('section', { class: `team-col team-${team}-col` },
              el('h3', {}, teamBadge(team, ' brief')),
              el('p', { class: 'brief-text' }, card.briefs[team]),
              v2 && card.stakes ? el('p', { class: 'stake' }, `Hidden stake: ${card.stakes[team].text}`) : null))),
            card.storyPrompt && v.state.config.storyRounds ? el('p', { class: 'story-prompt' }, el('strong', {}, 'Story prompt: '), card.storyPrompt) : null,
            // What each option costs and earns: here, so the live tallies below stay one line each.
            v2 ? el('div', { class: 'two-col option-costs' }, ...(['buyer', 'provider'] as const).map((team) =>
              el('ul', { class: 'host-options', 'aria-label': `${TEAM_NAME[team]} options, costs and gains` }, ...card.options.filter((o) => o.team === team).map((o) =>
                el('li', { class: 'host-option' }, el('strong', {}, o.label), optionFacts(o)))))) : null,
          ),
          v2 ? el('p', { class: 'joint-live-line' }, el('strong', {}, `\u2605 Joint move${card.joint ? ` \u201c${card.joint.title}\u201d` : ''}: `), jointLive) : null,
          v2 ? pitches : null,
          el('div', { class: 'two-col host-votes' }, ...(['buyer', 'provider'] as const).map((team) =>
            el('section', { class: `team-col team-${team}-col`, 'aria-label': `${TEAM_NAME[team]} options` },
              el('div', { class: 'team-votes-head' }, teamBadge(team), voted[team]),
              el('ul', { class: 'host-options' }, ...card.options.filter((o) => o.team === team).map((o) => {
                const text = el('span', { class: 'tally' });
                const bar = el('span', { class: 'tally-bar' });
                counts.set(o.id, { text, bar });
                return el('li', { class: 'host-option' },
                  el('div', { class: 'host-option-head' }, el('strong', {}, o.label), text),
                  el('span', { class: 'tally-track', 'aria-hidden': 'true' }, bar),
                  v2 ? el('span', { class: 'option-steps' }, o.wait ? 'Waits' : `\u25b6 ${o.progress} step${o.progress === 1 ? '' : 's'}`, o.joint ? el('span', { class: 'joint-badge' }, ' \u00b7 \u2605 Joint part') : null) : effectChips(o.effects));
              })),
            ))),
        );
      }
      if (v.rules === 2) {
        const b = v.jointBacking ?? { buyer: 0, provider: 0 };
        jointLive.textContent = `${backingText('buyer', b.buyer, v.teamSizes.buyer, 'their')}; ${backingText('provider', b.provider, v.teamSizes.provider, 'their')}.`;
        pace.textContent = competitorPace(v.competitorNext ?? 0);
        // A card without pitches says nothing about them (not "No pitch was backed").
        pitches.hidden = !v.pitches || (!v.fullCard?.storyPrompt && !v.pitches.buyer && !v.pitches.provider);
        const p = v.pitches;
        if (p) pitches.replaceChildren(el('h3', {}, 'Pitches, before the vote'), el('p', {}, pitchText('buyer', p.buyer)), el('p', {}, pitchText('provider', p.provider)));
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
