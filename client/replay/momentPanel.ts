import { el, clear } from '../dom/el';
import { icon } from '../dom/icons';
import { teamBadge } from '../dom/teamBadge';
import { PHASE_LABEL, plural } from '../dom/format';
import type { StageView } from '../../shared/schemas/views';
import type { Team } from '../../shared/schemas/common';

const TEAMS: Team[] = ['buyer', 'provider'];

/**
 * What the stage showed at the playhead, in words: the phase, the card and each team's power-ups.
 * It mirrors the (canvas) stage for screen readers and for the tests, and reads on a phone.
 */
export function createMomentPanel(): { el: HTMLElement; update(view: StageView): void } {
  const phase = el('p', { class: 'moment-phase', id: 'replay-phase' });
  const title = el('h2', { class: 'moment-card', id: 'replay-card-title' });
  const situation = el('p', { class: 'moment-situation' });
  const teams = el('div', { class: 'moment-teams' });
  const root = el('section', { class: 'moment', 'aria-label': 'What the stage showed at this moment' }, phase, title, situation, teams);
  let key = '';
  const update = (v: StageView) => {
    const round = v.roundIndex !== null ? `Round ${v.roundIndex + 1} of ${v.roundsTotal}` : plural(v.roundsTotal, 'round');
    phase.textContent = `${round} \u00b7 ${PHASE_LABEL[v.phase]}`;
    title.textContent = v.phase === 'ended' && v.outcome ? v.outcome.name : v.card?.title ?? (v.phase === 'lobby' ? 'Lobby: people are joining' : '');
    situation.textContent = v.phase === 'ended' ? v.outcome?.summary ?? '' : v.card?.situation ?? '';
    // Rebuild the team boxes only when what they show changes.
    const next = JSON.stringify([v.teams, v.voted, v.teamSizes, v.phase, v.jointBacking]);
    if (next === key) return;
    key = next;
    clear(teams);
    for (const team of TEAMS) {
      const t = v.teams[team];
      // Rules v2: how many back the team's part of the joint move.
      const joint = v.rules === 2 && v.jointBacking ? ` \u00b7 ${v.jointBacking[team]} back the joint part` : '';
      const voting = v.phase === 'deciding' ? `${v.voted[team]} of ${v.teamSizes[team]} voted${joint}` : plural(v.teamSizes[team], 'player');
      teams.append(el('div', { class: `moment-team team-${team}` },
        el('p', { class: 'moment-team-name' }, teamBadge(team), el('span', { class: 'moment-voted' }, voting)),
        el('ul', { class: 'moment-inv' },
          el('li', {}, icon('courage', 18), `Courage ${t.inventory.courage}`),
          el('li', {}, icon('budget', 18), `Budget ${t.inventory.budget}`),
          el('li', {}, icon('stories', 18), `Stories ${t.inventory.stories}`),
          el('li', {}, icon('life', 18), `Lives ${t.lives}`),
        ),
      ));
    }
  };
  return { el: root, update };
}
