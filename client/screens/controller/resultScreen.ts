import { el, clear } from '../../dom/el';
import { icon } from '../../dom/icons';
import { inventoryPanel } from '../../dom/powerUps';
import { TEAM_NAME, POWER_UP_NAME, POWER_UPS } from '../../dom/format';
import { teamBadge } from '../../dom/teamBadge';
import { sfx } from '../../audio/sfx';
import type { RoundResult } from '../../../shared/schemas/result';
import type { Team } from '../../../shared/schemas/common';
import { revealHeadline, usedAtGate } from '../../dom/rulesV2';
import { revealComparison } from '../../../shared/engine/v2/predictionRecord';
import './predict.css';
import { announce } from '../../dom/announcer';
import type { Screen } from './types';
import { stakesSentences, stakesText } from '../../../shared/engine/v2/huddle';

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
        // The name in its own span: a narrow column shows the icon and the numbers only (the name stays read out).
        icon(p, 22), el('span', {}, el('span', { class: 'change-name' }, POWER_UP_NAME[p]), ` ${t.before[p]} → ${t.after[p]}`));
    }),
    el('li', { class: 'change' }, icon('life', 22), el('span', {}, el('span', { class: 'change-name' }, 'Lives'), ` ${t.livesBefore} → ${t.livesAfter}`)),
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

/** One short sentence on what the hazard did to this team ("" when it did nothing). */
function hazardLine(r: RoundResult, team: Team): string {
  const t = r.teams[team];
  const name = TEAM_NAME[team];
  if (t.hazard === 'absorbed') return `The hazard hit the ${name}: \u2212${r.hazardDamage} ${POWER_UP_NAME[r.hazardStrikes]}.`;
  if (t.hazard === 'lifeLost') return `The hazard hit the ${name}: a life lost.`;
  if (t.hazard === 'shutDown') return `The hazard shut the ${name}\u2019s initiative down.`;
  return '';
}

/**
 * Why, in at most two short sentences: the gate's verdict (the engine's own sentence) and what the hazard
 * did to my team. Every step is behind "More".
 */
export function shortWhy(r: RoundResult, team: Team): string {
  const verdict = r.rules === 2
    ? r.explanation[1]
    : r.explanation.find((s) => s.startsWith('Star moment') || s.startsWith('No step change'));
  return [verdict ?? '', hazardLine(r, team)].filter(Boolean).join(' ');
}

/** The result's headline for this phone: the headline, what my team played, why. */
export function resultSummary(r: RoundResult, team: Team): { headline: string; played: string; why: string } {
  const headline = r.rules === 2 ? revealHeadline(r) : r.stepChange ? 'Star moment: a step change!' : 'No step change';
  const mine = r.teams[team];
  const played = mine.downgraded
    ? `played \u201c${mine.playedLabel}\u201d: the team could not afford \u201c${mine.chosenLabel}\u201d`
    : `played \u201c${mine.playedLabel}\u201d`;
  return { headline, played, why: shortWhy(r, team) };
}

/**
 * The round's result, short: headline, what my team did, why (two sentences at most), the power-ups it
 * changed; every step, the gate, the best stories and the discussion question are behind "More". The
 * summary is said once through the phone's live region when the result arrives.
 */
/** Each team's prediction against the outcome, `first` team first; null without a prediction window. */
export function predictionComparison(r: RoundResult, first: Team): HTMLElement | null {
  if (!r.predictions) return null;
  const order: Team[] = first === 'buyer' ? ['buyer', 'provider'] : ['provider', 'buyer'];
  return el('section', { class: 'prediction-compare', id: 'prediction-compare', 'aria-label': 'Predicted and what happened' },
    el('h2', {}, 'Predicted and what happened'), ...order.map((t) => el('p', { 'data-team': t }, revealComparison(r, t) ?? '')));
}

export function resultScreen(): Screen {
  const kicker = el('p', { class: 'kicker' });
  // While the stage still tells the reveal: a heading of its own, so #result-title only ever names the result.
  const waitTitle = el('h1', { tabIndex: -1, id: 'result-wait' }, 'Watch the big screen');
  const title = el('h1', { tabIndex: -1, id: 'result-title', hidden: true });
  const star = el('span', { class: 'result-star', hidden: true }, icon('star', 40));
  const played = el('p', { class: 'played', id: 'result-played' });
  const changes = el('div', { class: 'result-changes' });
  const why = el('p', { class: 'why', id: 'result-why' });
  // A huddle round's stakes (rules v2): stated while the stage tells the reveal, then what they earned.
  const stakes = el('p', { class: 'stakes-banner', id: 'result-stakes', hidden: true });
  const moreBody = el('div', { class: 'stack' });
  const more = el('details', { class: 'result-more', id: 'result-more' },
    el('summary', {}, 'More: every step, the gate and the discussion'), moreBody) as HTMLDetailsElement;
  const next = el('p', { class: 'lead next' });
  // While the stage tells the reveal: the sentences it has told so far, and no more (issue 15 item 9).
  const told = el('ol', { class: 'told', id: 'told-so-far', 'aria-label': 'Told on the big screen so far', hidden: true });
  // Rules v2 with a prediction window: what the teams predicted against what happened (issue 12 item 1).
  const predicted = el('div', { class: 'prediction-box' });
  let shown = -1;
  return {
    node: el('div', { class: 'screen result' },
      el('section', { class: 'panel stack', 'aria-labelledby': 'result-title' }, kicker, waitTitle, el('div', { class: 'result-head' }, star, title), played, changes, why, stakes, predicted, told, more, next)),
    update(view, me) {
      const r = view.lastResult;
      next.textContent = view.phase === 'between' ? 'Discussion time: talk it over. The next round starts soon.' : 'Look at the big screen for the replay of this round.';
      // Only this round's result (while the stage still tells it, the view may hold none yet, or the last one).
      if (!r || (view.roundIndex !== null && r.index !== view.roundIndex)) {
        stakes.hidden = !view.huddle?.thisRound;
        stakes.textContent = view.huddle?.thisRound ? stakesText(view.huddle.multiplier) : '';
        if (shown === -1) {
          kicker.textContent = view.roundIndex !== null ? `Round ${view.roundIndex + 1} of ${view.roundsTotal}` : '';
          why.textContent = 'The reveal is told on the big screen; your team\u2019s result follows here.';
          more.hidden = true;
        }
        const lines = view.narration?.lines ?? [];
        told.replaceChildren(...lines.map((line) => el('li', {}, line)));
        told.hidden = lines.length === 0;
        return;
      }
      told.hidden = true;
      more.hidden = false;
      if (!waitTitle.hidden) {
        waitTitle.hidden = true;
        title.hidden = false;
        if (document.activeElement === waitTitle) title.focus({ preventScroll: true });
      }
      clear(moreBody);
      moreBody.append(inventoryPanel(view.teams[me.team], `${TEAM_NAME[me.team]} power-ups now`));
      const debrief = view.card?.debrief;
      if (debrief) moreBody.append(el('section', { class: 'debrief' }, el('h2', {}, 'For the discussion'), el('p', {}, debrief)));
      if (r.rules === 2) moreBody.append(gateSummary(r));
      moreBody.append(el('h2', {}, 'Every step'), explanationList(r));
      const stories = bestStories(r);
      if (stories) moreBody.append(stories);
      if (shown === r.index) return;
      shown = r.index;
      sfx.play(r.stepChange ? 'star' : 'reveal');
      const sum = resultSummary(r, me.team);
      kicker.textContent = `Round ${r.round} of ${view.roundsTotal} \u00b7 ${r.cardTitle}`;
      title.textContent = sum.headline;
      star.hidden = !r.stepChange;
      clear(played);
      played.append(teamBadge(me.team), ` ${sum.played}`);
      clear(changes);
      changes.append(changeTable(r, me.team));
      why.textContent = sum.why;
      const earned = stakesSentences(r);
      stakes.hidden = earned.length === 0;
      stakes.textContent = earned[0] ?? '';
      const compared = predictionComparison(r, me.team);
      predicted.replaceChildren(...(compared ? [compared] : []));
      announce(`${sum.headline}. ${TEAM_NAME[me.team]} ${sum.played}. ${sum.why}`);
    },
  };
}
