import { el, clear } from '../dom/el';
import { plural } from '../dom/format';
import type { DebriefFigures } from '../../shared/replay/figures';
import type { Team } from '../../shared/schemas/common';
import { roundCard, type StoryModeration } from './roundCard';
import type { DebriefCharts } from './charts';
import { fillVoteLegend } from './voteLegend';
import { timelineView } from './timelineView';
import { endPictureView } from './endPictureView';

/** A chart in a labelled figure; the canvas has a text alternative (the round cards carry the numbers in words). */
function chartFigure(id: string, title: string, alt: string, extraClass = ''): { fig: HTMLElement; canvas: HTMLCanvasElement } {
  const canvas = el('canvas', { id, role: 'img', 'aria-label': alt });
  const fig = el('figure', { class: `chart ${extraClass}` }, el('figcaption', {}, title), el('div', { class: 'chart-box' }, canvas));
  return { fig, canvas };
}

export type FiguresPanel = { el: HTMLElement; update(f: DebriefFigures): void };

/**
 * The debrief beside the stage: outcome, the four charts and a card per resolved round. `update`
 * is called only when the figures change (a reveal, a hidden story), never per animation frame.
 */
export function createFiguresPanel(mod: StoryModeration): FiguresPanel {
  const outcome = el('section', { class: 'rp-outcome', 'aria-live': 'polite', id: 'replay-outcome' });
  const buyer = chartFigure('chart-powerups-buyer', 'Buyer power-ups', 'Line chart of the Buyer team\u2019s Courage, Budget and Stories after each round', 'half');
  const provider = chartFigure('chart-powerups-provider', 'Provider power-ups', 'Line chart of the Provider team\u2019s Courage, Budget and Stories after each round', 'half');
  const votes = chartFigure('chart-votes', 'How each team voted', 'Stacked bar chart of each team\u2019s votes per option, per round', 'wide');
  const decide = chartFigure('chart-decide', 'Time to decide', 'Bar chart of the median seconds to decide, per round', 'half');
  const participation = chartFigure('chart-participation', 'Participation', 'Bar chart of the share of each team that voted, per round', 'half');
  // Every segment named (issue 15 item 19): the canvas labels only the segments wide enough for words.
  const legend = el('ul', { class: 'vote-legend', id: 'votes-legend', 'aria-label': 'Legend: every option of each team, per round, with its votes' });
  votes.fig.append(legend);
  const empty = el('p', { class: 'figures-empty' }, 'No round has been revealed yet at this point of the replay. Play on, or jump to a round.');
  const charts = el('div', { class: 'charts' }, buyer.fig, provider.fig, votes.fig, decide.fig, participation.fig);
  // At the end: the picture that carries the lesson (issue 12 item 6); all along: the session-wide view.
  const picture = el('div', { class: 'picture-slot', id: 'replay-end-picture' });
  const timeline = el('div', { class: 'timeline-slot' });
  // Predictions against outcomes over the session (issue 12 item 1): what was supposed to happen, what did.
  const predicted = el('section', { class: 'rp-predictions', id: 'replay-predictions', 'aria-labelledby': 'replay-predictions-title', hidden: true });
  const rounds = el('div', { class: 'rounds', id: 'replay-rounds' });
  const root = el('section', { class: 'figures', 'aria-labelledby': 'figures-title' },
    el('h2', { id: 'figures-title' }, 'Debrief'),
    outcome, picture, predicted, empty, charts, timeline,
    el('h2', { class: 'rounds-title' }, 'Round by round'),
    rounds,
  );

  let chartsReady: DebriefCharts | null = null;
  let latest: DebriefFigures | null = null;
  // chart.js loads only on this page, and after the controls are up.
  void import('./charts').then(({ createCharts }) => {
    chartsReady = createCharts({ powerUps: { buyer: buyer.canvas, provider: provider.canvas } as Record<Team, HTMLCanvasElement>, votes: votes.canvas, decide: decide.canvas, participation: participation.canvas });
    if (latest) chartsReady.update(latest);
  });

  const update = (f: DebriefFigures) => {
    latest = f;
    clear(outcome);
    if (f.outcome) {
      outcome.append(
        el('p', { class: 'outcome-kicker' }, 'Final outcome'),
        el('p', { class: 'outcome-name' }, f.outcome.name),
        el('p', { class: 'outcome-summary' }, f.outcome.summary),
        el('p', { class: 'outcome-score' }, `Score ${f.outcome.score} \u00b7 ${plural(f.participants, 'participant')} \u00b7 ${plural(f.rounds.length, 'round')}`),
      );
    } else {
      outcome.append(el('p', { class: 'outcome-kicker' }, 'So far'), el('p', { class: 'outcome-score' }, `Score ${f.score} \u00b7 ${f.rounds.length} round${f.rounds.length === 1 ? '' : 's'} revealed \u00b7 ${plural(f.participants, 'participant')}`));
    }
    empty.hidden = f.rounds.length > 0;
    charts.hidden = f.rounds.length === 0;
    fillVoteLegend(legend, f);
    picture.replaceChildren(...(f.outcome ? [endPictureView(f.picture)] : []));
    timeline.replaceChildren(...(f.rounds.length ? [timelineView(f.timeline)] : []));
    predicted.hidden = f.predictions.length === 0;
    predicted.replaceChildren(...(f.predictions.length ? [el('h3', { id: 'replay-predictions-title' }, 'Predicted and what happened'), el('ul', {}, ...f.predictions.map((s) => el('li', {}, s)))] : []));
    clear(rounds);
    // Newest first: the round at the playhead is what the room is discussing.
    for (const r of [...f.rounds].reverse()) rounds.append(roundCard(r, mod));
    chartsReady?.update(f);
  };

  return { el: root, update };
}
