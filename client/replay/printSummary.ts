import { el, clear, append } from '../dom/el';
import { plural } from '../dom/format';
import type { DebriefFigures } from '../../shared/replay/figures';
import type { Team } from '../../shared/schemas/common';
import { endPictureView } from './endPictureView';
import { powerUpsChart, raceChart } from './timelineView';

/** Whose names the summary carries: the names people typed, the session's pseudonyms, or none (a link that shares no names). */
export type PrintNaming = 'names' | 'pseudonyms' | 'withheld';
const NAMING: Record<PrintNaming, string> = {
  names: 'People (story and pitch authors) appear under the names they typed.',
  pseudonyms: 'People appear as Participant 1, 2, \u2026: this session chose pseudonyms.',
  withheld: 'People appear as Participant 1, 2, \u2026: this read-only link does not share names.',
};

const TEAMS: Team[] = ['buyer', 'provider'];
const NAME: Record<Team, string> = { buyer: 'Buyer', provider: 'Provider' };

/**
 * The one-page printable summary of the whole session (not just up to the playhead): title, outcome,
 * each round's decisions, why, the best stories and the question to ask. Hidden on screen; the print
 * stylesheet shows only this. Hidden stories never appear in it.
 */
export function createPrintSummary(): { el: HTMLElement; update(f: DebriefFigures, code: string, isHidden: (id: string, fallback: boolean) => boolean, naming?: PrintNaming): void } {
  const root = el('section', { class: 'print-summary', 'aria-hidden': 'true' });
  const update = (f: DebriefFigures, code: string, isHidden: (id: string, fallback: boolean) => boolean, naming: PrintNaming = f.naming) => {
    clear(root);
    const final = (t: Team) => f.powerUps[t][f.powerUps[t].length - 1];
    append(root,
      el('header', { class: 'ps-head' },
        el('h1', {}, f.title),
        el('p', {}, `Power Up session ${code} \u00b7 ${plural(f.participants, 'participant')} \u00b7 ${plural(f.rounds.length, 'round')}`),
        el('p', { class: 'ps-naming' }, NAMING[naming]),
      ),
      f.outcome
        ? el('div', { class: 'ps-outcome' }, el('strong', {}, `${f.outcome.name} (score ${f.outcome.score})`), ' \u2014 ', f.outcome.summary)
        : el('div', { class: 'ps-outcome' }, el('strong', {}, `In progress (score ${f.score})`)),
      el('p', { class: 'ps-final' }, el('strong', {}, f.outcome ? 'Final power-ups: ' : 'Power-ups now: '),
        ...TEAMS.map((t) => `${NAME[t]} Courage ${final(t).courage}, Budget ${final(t).budget}, Stories ${final(t).stories}${t === 'buyer' ? ' \u00b7 ' : '.'}`)),
      f.rounds.length
        ? el('div', { class: 'ps-charts' },
          el('figure', { class: 'ps-chart wide' }, el('figcaption', {}, 'Score and the race'), raceChart(f.timeline, 520)),
          ...TEAMS.map((t) => el('figure', { class: 'ps-chart' }, el('figcaption', {}, `${NAME[t]} power-ups`), powerUpsChart(f, t, 420))),
        )
        : null,
      f.rounds.length ? endPictureView(f.picture) : null,
      f.predictions.length
        ? el('div', { class: 'ps-predictions', id: 'ps-predictions' }, el('strong', {}, 'Predicted and what happened: '), f.predictions.join(' '))
        : null,
      f.timeline.moments.length
        ? el('div', { class: 'ps-moments' }, el('strong', {}, 'Key moments: '), f.timeline.moments.map((m) => m.text).join(' '))
        : null,
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
            r.predictions?.length ? el('p', { class: 'ps-predicted' }, el('strong', {}, 'Predicted: '), r.predictions.join(' ')) : null,
            r.v2?.whatIfs.length ? el('p', { class: 'ps-whatif' }, el('strong', {}, 'What if: '), r.v2.whatIfs.slice(0, 2).join(' ')) : null,
            ...best.map((s) => el('p', { class: 'ps-story' }, `\u2605 \u201c${s.text}\u201d \u2014 ${s.author} (${NAME[s.team]}, ${plural(s.votes, 'vote')})`)),
            r.debrief ? el('p', { class: 'ps-q' }, el('strong', {}, 'Ask: '), r.debrief) : null,
          );
        }),
      ),
    );
  };
  return { el: root, update };
}
