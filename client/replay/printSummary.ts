import { el, clear } from '../dom/el';
import type { DebriefFigures } from '../../shared/replay/figures';
import type { Team } from '../../shared/schemas/common';

const TEAMS: Team[] = ['buyer', 'provider'];
const NAME: Record<Team, string> = { buyer: 'Buyer', provider: 'Provider' };

/**
 * The one-page printable summary of the whole session (not just up to the playhead): title, outcome,
 * each round's decisions, why, the best stories and the question to ask. Hidden on screen; the print
 * stylesheet shows only this. Hidden stories never appear in it.
 */
export function createPrintSummary(): { el: HTMLElement; update(f: DebriefFigures, code: string, isHidden: (id: string, fallback: boolean) => boolean): void } {
  const root = el('section', { class: 'print-summary', 'aria-hidden': 'true' });
  const update = (f: DebriefFigures, code: string, isHidden: (id: string, fallback: boolean) => boolean) => {
    clear(root);
    root.append(
      el('header', { class: 'ps-head' },
        el('h1', {}, f.title),
        el('p', {}, `Power Up session ${code} \u00b7 ${f.participants} participants \u00b7 ${f.rounds.length} rounds \u00b7 ${f.naming === 'pseudonyms' ? 'pseudonymised' : 'named'}`),
      ),
      f.outcome
        ? el('div', { class: 'ps-outcome' }, el('strong', {}, `${f.outcome.name} (score ${f.outcome.score})`), ' \u2014 ', f.outcome.summary)
        : el('div', { class: 'ps-outcome' }, el('strong', {}, `In progress (score ${f.score})`)),
      el('div', { class: 'ps-rounds' },
        ...f.rounds.map((r) => {
          const best = r.stories.filter((s) => s.best && !isHidden(s.storyId, s.hidden));
          return el('article', { class: 'ps-round' },
            el('h2', {}, `Round ${r.round}: ${r.cardTitle}`),
            el('p', { class: 'ps-decisions' }, ...TEAMS.flatMap((t) => [
              el('strong', {}, `${NAME[t]}: `),
              `${r.teams[t].played}${r.teams[t].played !== r.teams[t].decision ? ` (voted \u201c${r.teams[t].decision}\u201d)` : ''} \u2014 ${r.teams[t].voters}/${r.teams[t].members} voted. `,
            ])),
            el('p', { class: 'ps-why' }, r.explanation.slice(0, 3).join(' ')),
            r.v2?.whatIfs.length ? el('p', { class: 'ps-whatif' }, el('strong', {}, 'What if: '), r.v2.whatIfs.slice(0, 2).join(' ')) : null,
            ...best.map((s) => el('p', { class: 'ps-story' }, `\u2605 \u201c${s.text}\u201d \u2014 ${s.author} (${NAME[s.team]}, ${s.votes} votes)`)),
            r.debrief ? el('p', { class: 'ps-q' }, el('strong', {}, 'Ask: '), r.debrief) : null,
          );
        }),
      ),
    );
  };
  return { el: root, update };
}
