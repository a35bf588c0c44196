import { el } from '../dom/el';
import { icon, type IconName } from '../dom/icons';
import { POWER_UP_COLOURS, TEAM_COLOURS } from '../../assets/palette';
import type { DebriefFigures } from '../../shared/replay/figures';
import type { MomentKind, SessionTimeline } from '../../shared/replay/sessionTimeline';
import type { Team } from '../../shared/schemas/common';
import { svgLineChart } from './svgLineChart';

const INK = '#1b1a2e';
const MOMENT: Record<MomentKind, { word: string; icon: IconName | null }> = {
  stepChange: { word: 'Step change', icon: 'star' },
  shutDown: { word: 'Shut down', icon: null },
  lifeLost: { word: 'Life lost', icon: 'life' },
  treadingWater: { word: 'Treading water', icon: null },
  loop: { word: 'Loop', icon: null },
  downgrade: { word: 'Downgrade', icon: null },
};

/** Score and the race (both runners and the competitor), round by round, as a printable SVG chart. */
export function raceChart(t: SessionTimeline, width?: number): SVGSVGElement {
  const p = t.points;
  return svgLineChart({
    labels: p.map((x) => x.label),
    label: `Line chart of the score and of the race after each round: ${p.map((x) => `${x.label} score ${x.score}, competitor ${x.competitor}, Buyer ${x.buyer}, Provider ${x.provider}`).join('; ')}`,
    width,
    className: 'race-chart',
    series: [
      { name: 'Score', colour: INK, values: p.map((x) => x.score), width: 3.5 },
      { name: 'Competitor', colour: TEAM_COLOURS.competitor.main.hex, values: p.map((x) => x.competitor), dash: '7 4' },
      { name: 'Buyer', colour: TEAM_COLOURS.buyer.dark.hex, values: p.map((x) => x.buyer), dash: '2 3' },
      { name: 'Provider', colour: TEAM_COLOURS.provider.dark.hex, values: p.map((x) => x.provider) },
    ],
  });
}

/** A team's Courage, Budget and Stories after each round, as a printable SVG chart. */
export function powerUpsChart(f: DebriefFigures, team: Team, width?: number): SVGSVGElement {
  const rows = f.powerUps[team];
  return svgLineChart({
    labels: rows.map((r) => r.label),
    label: `Line chart of the ${team === 'buyer' ? 'Buyer' : 'Provider'} team\u2019s power-ups after each round`,
    width,
    height: 150,
    className: `pu-chart team-${team}`,
    series: [
      { name: 'Courage', colour: POWER_UP_COLOURS.courage.main.hex, values: rows.map((r) => r.courage) },
      { name: 'Budget', colour: POWER_UP_COLOURS.budget.dark.hex, values: rows.map((r) => r.budget), dash: '7 4' },
      { name: 'Stories', colour: POWER_UP_COLOURS.stories.main.hex, values: rows.map((r) => r.stories), dash: '2 3' },
    ],
  });
}

/** The session-wide moments (issue 15 item 19): the race chart, the downgrades and the key moments in words. */
export function timelineView(t: SessionTimeline): HTMLElement {
  const moments = t.moments.filter((m) => m.kind !== 'downgrade');
  return el('section', { class: 'session-timeline', id: 'session-timeline', 'aria-labelledby': 'timeline-title' },
    el('h3', { id: 'timeline-title' }, 'The whole session'),
    el('figure', { class: 'chart svg-figure' }, el('figcaption', {}, 'Score and the race, round by round'), raceChart(t)),
    el('div', { class: 'timeline-lists' },
      el('section', { class: 'downgrades', id: 'timeline-downgrades' },
        el('h4', {}, `Downgrades (${t.downgrades.length})`),
        t.downgrades.length
          ? el('ul', {}, ...t.downgrades.map((d) => el('li', {}, el('strong', {}, `R${d.round} ${d.team === 'buyer' ? 'Buyer' : 'Provider'}: `), `chose \u201c${d.chose}\u201d, could not afford it, played \u201c${d.played}\u201d.`)))
          : el('p', {}, 'None: every team could pay for the move it chose.'),
      ),
      el('section', { class: 'moments', id: 'timeline-moments' },
        el('h4', {}, 'Key moments'),
        moments.length
          ? el('ul', {}, ...moments.map((m) => el('li', { class: `moment-${m.kind}`, 'data-kind': m.kind },
            el('span', { class: 'moment-kind' }, MOMENT[m.kind].icon ? icon(MOMENT[m.kind].icon!, 16) : null, MOMENT[m.kind].word), ' ', m.text)))
          : el('p', {}, 'No step change, shut-down or loop yet.'),
      ),
    ),
  );
}
