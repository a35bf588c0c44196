import '../huddle.css';
import { el, clear } from '../../dom/el';
import type { HostSession } from '../../net/hostSession';
import type { HostView } from '../../../shared/protocol/events';
import { jointBackerNames, stakesText } from '../../../shared/engine/v2/huddle';

// The phases of a round in which its stakes are stated (after the reveal, "between" looks ahead).
const IN_ROUND = new Set(['card', 'stories', 'storyVote', 'huddle', 'deciding', 'predicting', 'reveal']);

/**
 * Rules v2's cross-team huddles on the console (issue 12 item 2): the huddle rounds, each switchable until
 * it starts; in a huddle round its higher stakes; during the huddle, who backs the joint move so far, by
 * name (the facilitator sees the votes anyway; phones and the stage get counts only).
 */
export function huddlePanel(host: HostSession): { node: HTMLElement; update(v: HostView): void } {
  const stakes = el('p', { class: 'stakes-banner', id: 'console-stakes', hidden: true });
  const backers = el('div', { class: 'huddle-backers', id: 'huddle-backers', hidden: true });
  const toggles = el('div', { class: 'huddle-toggles', role: 'group', 'aria-label': 'Huddle rounds' });
  const error = el('p', { class: 'error', role: 'alert', id: 'huddle-error' });
  const hint = el('p', { class: 'hint', id: 'huddle-hint' });
  // Which rounds huddle, in a line; the switches (set on the host form already) fold under "Change", so a
  // session of 12 rounds still takes one line of the laptop's 800 px (issue 15 item 7).
  const plan = el('p', { class: 'huddle-plan', id: 'huddle-plan' });
  const change = el('details', { class: 'huddle-change', id: 'huddle-change' }, el('summary', {}, 'Change'), hint, toggles);
  const node = el('section', { class: 'panel huddle-panel', id: 'huddle-panel', 'aria-labelledby': 'huddle-title' },
    el('h2', { id: 'huddle-title' }, 'Cross-team huddles'), stakes, backers, plan, change, error);
  let key = '';
  let lastPhase = '';
  const buttons = new Map<number, HTMLButtonElement>();

  function build(v: HostView): void {
    clear(toggles);
    buttons.clear();
    for (let round = 1; round <= v.roundsTotal; round++) {
      const b = el('button', { type: 'button', class: 'small huddle-toggle', 'data-round': String(round), 'aria-pressed': 'false' }, `Round ${round}`);
      b.addEventListener('click', async () => {
        const on = b.getAttribute('aria-pressed') !== 'true';
        b.disabled = true;
        const r = await host.command({ type: 'setHuddle', round, huddle: on });
        error.textContent = r.ok ? '' : r.message;
        const now = host.state.view;
        if (now) update(now);
      });
      buttons.set(round, b);
      toggles.append(b);
    }
  }

  function update(v: HostView): void {
    node.hidden = v.rules !== 2 || !v.huddle;
    const h = v.huddle;
    if (node.hidden || !h) return;
    if (key !== String(v.roundsTotal)) {
      key = String(v.roundsTotal);
      build(v);
    }
    // A round can change until it starts (the one on the card has started).
    const current = v.roundIndex !== null ? v.roundIndex + 1 : 0;
    for (const [round, b] of buttons) {
      const on = h.rounds.includes(round);
      const started = round <= current || v.phase === 'ended';
      b.setAttribute('aria-pressed', String(on));
      b.textContent = `Round ${round}: ${on ? 'huddle' : 'no huddle'}`;
      b.classList.toggle('on', on);
      b.disabled = started;
      b.title = started ? 'This round has started: its huddle can no longer change.' : on ? 'Take the huddle off this round' : 'Make this a huddle round';
    }
    if (v.phase !== lastPhase) {
      lastPhase = v.phase;
      change.open = false;
    }
    plan.textContent = h.rounds.length ? `${h.rounds.length === 1 ? 'Huddle round' : 'Huddle rounds'}: ${h.rounds.join(', ')}.` : 'No huddle rounds.';
    hint.textContent = `A huddle round opens with a ${h.seconds} s huddle before the vote (pause and +30 s work on it): both teams see each other\u2019s options and who backs the joint move. Switch a round until it starts.`;
    const inRound = h.thisRound && IN_ROUND.has(v.phase);
    stakes.hidden = !inRound;
    stakes.textContent = inRound ? stakesText(h.multiplier) : '';
    backers.hidden = v.phase !== 'huddle';
    if (v.phase === 'huddle') {
      const names = jointBackerNames(v.fullCard, v.round, v.state.participants);
      const line = (team: 'buyer' | 'provider', label: string) =>
        el('p', { class: 'huddle-backers-line', 'data-team': team }, el('strong', {}, `${label} backing the joint move (${names[team].length} of ${v.teamSizes[team]}): `), names[team].length ? names[team].join(', ') : 'no one yet');
      clear(backers);
      backers.append(el('h3', {}, `Huddle now${v.fullCard?.joint ? `: \u2605 ${v.fullCard.joint.title}` : ''}`), line('buyer', 'Buyers'), line('provider', 'Providers'));
    }
  }
  return { node, update };
}
