import './endPicture.css';
import { el } from '../dom/el';
import { icon } from '../dom/icons';
import { teamBadge } from '../dom/teamBadge';
import { powerUpName, type EndPicture, type PictureRound } from '../../shared/replay/endPicture';
import type { PowerUp, Team } from '../../shared/schemas/common';
import { countOf } from '../dom/format';

const TEAMS: Team[] = ['buyer', 'provider'];
const NAME: Record<Team, string> = { buyer: 'Buyer', provider: 'Provider' };

/** A team's spent power-ups as icons, with their names for screen readers and print. */
function spentCell(spent: PowerUp[]): HTMLElement {
  if (spent.length === 0) return el('td', { class: 'ep-spent none' }, el('span', { class: 'ep-none' }, 'nothing'));
  return el('td', { class: 'ep-spent' }, ...spent.map((p) => el('span', { class: `ep-pu pu-${p}`, title: powerUpName(p) }, icon(p, 18), el('span', { class: 'ep-pu-name' }, powerUpName(p)))));
}

function stepCell(r: PictureRound): HTMLElement {
  const extra = r.stepChange ? (r.jointFired ? 'joint move' : '') : r.treadingWater ? 'treading water' : r.missing.length && r.missing.length < 3 ? `no ${r.missing.map(powerUpName).join(', ')}` : '';
  return el('td', { class: `ep-step ${r.stepChange ? 'yes' : 'no'}` },
    r.stepChange ? icon('star', 18) : null,
    el('span', { class: 'ep-step-word' }, r.stepChange ? 'Step change' : 'No step change'),
    extra ? el('span', { class: 'ep-step-extra' }, ` \u00b7 ${extra}`) : null,
  );
}

/**
 * The end-of-game picture (issue 12 item 6), as DOM: a row per round — step change or not, against
 * the power-ups each team spent (icons and words) — then each team's hidden stakes revealed, and the
 * lesson in one sentence. The same element serves the replay, the console and the print summary.
 */
export function endPictureView(p: EndPicture, id?: string): HTMLElement {
  const table = el('table', { class: 'ep-table' },
    el('caption', { class: 'sr-only' }, 'Each round: step change or not, and the power-ups each team spent'),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'Round'),
      el('th', { scope: 'col' }, 'Outcome'),
      ...TEAMS.map((t) => el('th', { scope: 'col', class: `team-${t}` }, `${NAME[t]} spent`)),
    )),
    el('tbody', {}, ...p.rounds.map((r) => el('tr', { class: r.stepChange ? 'ep-row step' : 'ep-row', 'data-round': r.round },
      el('th', { scope: 'row' }, el('span', { class: 'ep-round-no' }, `R${r.round}`), el('span', { class: 'ep-card' }, ` ${r.cardTitle}`)),
      stepCell(r),
      ...TEAMS.map((t) => spentCell(r.spent[t])),
    ))),
  );
  const stakes = p.stakes.length
    ? el('div', { class: 'ep-stakes' },
      el('h4', {}, 'The hidden stakes, revealed'),
      el('p', { class: 'ep-stakes-summary' }, `Each team read a private stake the other never saw. Buyer followed its stake in ${countOf(p.stakesFollowed.buyer, p.roundsWithStakes, 'round')}, Provider in ${p.stakesFollowed.provider} of ${p.roundsWithStakes}.`),
      el('div', { class: 'ep-stake-cols' }, ...TEAMS.map((t) => el('section', { class: `ep-stake-team team-${t}` },
        el('h5', {}, teamBadge(t)),
        el('ul', {}, ...p.stakes.filter((s) => s.team === t).map((s) => el('li', { class: s.followed ? 'followed' : '' },
          el('strong', {}, `R${s.round}: `), `\u201c${s.text}\u201d `,
          el('span', { class: 'ep-pull' }, s.followed ? `It pulled towards \u201c${s.pullLabel}\u201d \u2014 and the team chose it.` : `It pulled towards \u201c${s.pullLabel}\u201d; the team did not take it.`),
        ))),
      ))),
    )
    : el('p', { class: 'ep-stakes-none' }, p.rules === 1 ? 'Rules v1 cards carry no hidden stakes.' : 'The cards played carry no hidden stakes.');
  return el('section', { class: 'end-picture', ...(id ? { id } : {}), 'aria-label': 'The end-of-game picture' },
    el('h3', { class: 'ep-title' }, 'The end-of-game picture'),
    el('p', { class: 'ep-lesson' }, p.lesson),
    table,
    stakes,
  );
}
