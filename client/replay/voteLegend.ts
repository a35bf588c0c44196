import { el, clear } from '../dom/el';
import type { DebriefFigures } from '../../shared/replay/figures';
import type { Team } from '../../shared/schemas/common';
import { VOTE_SHADES } from './voteShades';

const TEAMS: Team[] = ['buyer', 'provider'];
const NAME: Record<Team, string> = { buyer: 'Buyer', provider: 'Provider' };

/**
 * The legend of "How each team voted" (issue 15 item 19): for every bar (a team in a round) every
 * option with its shade, its label and its votes — not only the winning segment. The chosen option is
 * marked with a check and in words; options nobody voted for are listed too, so the card's choice is whole.
 */
export function fillVoteLegend(list: HTMLElement, f: DebriefFigures): void {
  clear(list);
  for (const r of f.rounds)
    for (const team of TEAMS) {
      const t = r.teams[team];
      list.append(el('li', { class: `vl-bar team-${team}`, 'data-bar': `R${r.round}-${team}` },
        el('span', { class: 'vl-bar-name' }, `R${r.round} ${NAME[team]}`),
        el('ul', { class: 'vl-items' }, ...t.split.map((s, slot) => el('li', { class: `vl-item${s.label === t.decision ? ' chosen' : ''}`, 'data-votes': s.votes },
          el('span', { class: 'vl-swatch', style: `background:${VOTE_SHADES[team][slot] ?? '#999'}`, 'aria-hidden': 'true' }),
          el('span', { class: 'vl-label' }, s.label),
          el('span', { class: 'vl-votes' }, ` ${s.votes}`),
          s.label === t.decision ? el('span', { class: 'sr-only' }, ' (the team\u2019s choice)') : null,
        ))),
      ));
    }
}
