import { el, clear } from '../../dom/el';
import { icon } from '../../dom/icons';
import { inventoryPanel } from '../../dom/powerUps';
import { TEAM_NAME, POWER_UP_NAME, POWER_UPS } from '../../dom/format';
import { teamBadge } from '../../dom/teamBadge';
import { sfx } from '../../audio/sfx';
import type { RoundResult } from '../../../shared/schemas/result';
import type { Team } from '../../../shared/schemas/common';
import { revealHeadline, usedAtGate } from '../../dom/rulesV2';
import type { Screen } from './types';

/** The engine's own explanation, sentence by sentence, with my team's change up front. */
export function explanationList(result: RoundResult, id?: string): HTMLElement {
  return el('ol', { class: 'explanation', id }, ...result.explanation.map((s) => el('li', {}, s)));
}

/** Before → after of each power-up, for one team. */
export function changeTable(result: RoundResult, team: Team): HTMLElement {
  const t = result.teams[team];
  return el('ul', { class: 'changes', 'aria-label': `${TEAM_NAME[team]} power-ups, before and after` },
    ...POWER_UPS.map((p) => {
      const d = t.after[p] - t.before[p];
      return el('li', { class: `change ${d > 0 ? 'up' : d < 0 ? 'down' : 'same'}` },
        icon(p, 22), el('span', {}, `${POWER_UP_NAME[p]} ${t.before[p]} → ${t.after[p]}`));
    }),
    el('li', { class: 'change' }, icon('life', 22), el('span', {}, `Lives ${t.livesBefore} → ${t.livesAfter}`)),
  );
}

export function bestStories(result: RoundResult): HTMLElement | null {
  const best = (['buyer', 'provider'] as const)
    .map((team) => result.stories.find((s) => s.storyId === result.bestStories[team]))
    .filter((s) => !!s);
  if (!best.length) return null;
  return el('section', { class: 'best-stories' }, el('h2', {}, 'Best stories'),
    ...best.map((s) => el('blockquote', {}, el('p', {}, `“${s.text}”`), el('footer', {}, `${s.author}, `, teamBadge(s.team)))));
}

/** Rules v2: the gate (who used what) and the joint move, for the phone's and the console's reveal. */
export function gateSummary(r: RoundResult): HTMLElement {
  const joint = r.jointFired
    ? el('p', { class: 'joint-fired', id: 'joint-fired' }, icon('star', 22), ' Joint move fired: both teams voted their part.')
    : el('p', { class: 'joint-missed' }, 'No joint move this round.');
  return el('section', { class: 'gate-summary', 'aria-label': 'At the gate' },
    el('h2', {}, 'At the gate'), usedAtGate(r), joint,
    r.treadingWater ? el('p', { class: 'treading' }, '\u21bb Treading water: small safe steps, nothing used.') : null);
}

export function resultScreen(): Screen {
  const kicker = el('p', { class: 'kicker' });
  const title = el('h1', { tabIndex: -1, id: 'result-title' });
  const headline = el('div', { class: 'headline' });
  const body = el('div', { class: 'stack' });
  const next = el('p', { class: 'lead next' });
  const inventoryBox = el('div');
  let shown = -1;
  return {
    node: el('div', { class: 'screen result' }, el('section', { class: 'panel stack', 'aria-labelledby': 'result-title' }, kicker, title, headline, body, next), inventoryBox),
    update(view, me) {
      const r = view.lastResult;
      if (!r) return;
      next.textContent = view.phase === 'between' ? 'Discussion time: talk it over. The next round starts soon.' : 'Look at the big screen for the replay of this round.';
      clear(inventoryBox);
      inventoryBox.append(inventoryPanel(view.teams[me.team], `${TEAM_NAME[me.team]} power-ups now`));
      if (shown === r.index) return;
      shown = r.index;
      sfx.play(r.stepChange ? 'star' : 'reveal');
      const mine = r.teams[me.team];
      kicker.textContent = `Round ${r.round} of ${view.roundsTotal} · ${r.cardTitle}`;
      const v2 = r.rules === 2;
      title.textContent = v2 ? revealHeadline(r) : r.stepChange ? 'Star moment: a step change!' : 'What happened';
      clear(headline);
      headline.append(
        el('p', { class: 'played' }, teamBadge(me.team), ` played “${mine.playedLabel}”`),
        changeTable(r, me.team),
      );
      // Rules v2: what each team used at the gate, and whether the joint move fired.
      if (v2) headline.append(gateSummary(r));
      if (r.stepChange) headline.prepend(icon('star', 48));
      clear(body);
      body.append(el('h2', {}, 'Why'), explanationList(r));
      const stories = bestStories(r);
      if (stories) body.append(stories);
      if (view.card?.debrief) body.append(el('section', { class: 'debrief' }, el('h2', {}, 'For the discussion'), el('p', {}, view.card.debrief)));
    },
  };
}
