import {
  Chart,
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type Plugin,
} from 'chart.js';
import { POWER_UP_COLOURS, TEAM_COLOURS } from '../../assets/palette';
import type { DebriefFigures } from '../../shared/replay/figures';
import type { Team } from '../../shared/schemas/common';
import { TEAM_NAME } from '../dom/format';
import { VOTE_SHADES } from './voteShades';

// Only the pieces the debrief uses, so the replay chunk stays small (this module is loaded lazily).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

const INK = '#1b1a2e';
const GRID = 'rgba(27, 26, 46, 0.12)';
Chart.defaults.color = INK;
Chart.defaults.borderColor = GRID;
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', sans-serif";
Chart.defaults.font.size = 13;
Chart.defaults.animation = false; // the playhead drives every change; tweening would lag behind it

const TEAMS: Team[] = ['buyer', 'provider'];
const POWER = [
  { key: 'courage', label: 'Courage', colour: POWER_UP_COLOURS.courage.main.hex, point: 'triangle', dash: [] },
  { key: 'budget', label: 'Budget', colour: POWER_UP_COLOURS.budget.dark.hex, point: 'circle', dash: [8, 4] },
  { key: 'stories', label: 'Stories', colour: POWER_UP_COLOURS.stories.main.hex, point: 'rectRot', dash: [2, 3] },
] as const;

/** Option shades per team (shared with the legend under the chart, voteLegend.ts). */
const SHADES = VOTE_SHADES;

type VoteBar = { team: Team; labels: string[] };

/** Writes each option's label and votes inside its segment when it fits (the tooltip has the rest). */
const segmentLabels: Plugin<'bar'> = {
  id: 'segmentLabels',
  afterDatasetsDraw(chart) {
    const bars = (chart.config.options as { voteBars?: VoteBar[] }).voteBars;
    if (!bars) return;
    const { ctx } = chart;
    ctx.save();
    ctx.font = `600 12px ${Chart.defaults.font.family}`;
    ctx.textBaseline = 'middle';
    chart.data.datasets.forEach((ds, di) => {
      chart.getDatasetMeta(di).data.forEach((el, i) => {
        const votes = ds.data[i] as number;
        if (!votes) return;
        const { x, y, base } = el.getProps(['x', 'y', 'base'], true) as { x: number; y: number; base: number };
        const width = Math.abs(x - base);
        let text = `${bars[i].labels[di] ?? ''} (${votes})`;
        if (ctx.measureText(text).width > width - 8) text = String(votes);
        if (ctx.measureText(text).width > width - 4) return;
        ctx.fillStyle = di === 0 || di === 1 ? '#1b1a2e' : '#ffffff';
        ctx.fillText(text, Math.min(x, base) + 4, y);
      });
    });
    ctx.restore();
  },
};

export type DebriefCharts = { update(f: DebriefFigures): void; destroy(): void };

/** Builds the four debrief charts into their canvases; `update` redraws them for new figures. */
export function createCharts(canvases: { powerUps: Record<Team, HTMLCanvasElement>; votes: HTMLCanvasElement; decide: HTMLCanvasElement; participation: HTMLCanvasElement }): DebriefCharts {
  const powerUps = {} as Record<Team, Chart<'line'>>;
  for (const team of TEAMS) {
    const config: ChartConfiguration<'line'> = {
      type: 'line',
      data: { labels: [], datasets: POWER.map((p) => ({ label: p.label, data: [], borderColor: p.colour, backgroundColor: p.colour, pointStyle: p.point, pointRadius: 5, borderDash: [...p.dash], borderWidth: 3, tension: 0 })) },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { position: 'bottom', labels: { usePointStyle: true, boxHeight: 8 } }, tooltip: { mode: 'index', intersect: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Power-ups' } } },
      },
    };
    powerUps[team] = new Chart(canvases.powerUps[team], config);
  }

  const votes = new Chart(canvases.votes, {
    type: 'bar',
    data: { labels: [], datasets: [0, 1, 2, 3].map((slot) => ({ label: `Option ${slot + 1}`, data: [], backgroundColor: [], borderColor: INK, borderWidth: 1.5 })) },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => {
              const bars = (votes.config.options as { voteBars?: VoteBar[] }).voteBars ?? [];
              return `${bars[item.dataIndex]?.labels[item.datasetIndex] ?? ''}: ${item.formattedValue} vote(s)`;
            },
          },
        },
      },
      scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Votes' } }, y: { stacked: true } },
    },
    plugins: [segmentLabels],
  } as ChartConfiguration<'bar'>);

  const decide = new Chart<'bar', (number | null)[], string>(canvases.decide, {
    type: 'bar',
    data: {
      labels: [],
      datasets: [
        { label: 'Median time to decide (s)', data: [], backgroundColor: '#7d6aa8', borderColor: INK, borderWidth: 1.5 },
        { label: 'Vote open for (s)', data: [], backgroundColor: 'rgba(196, 182, 222, 0.45)', borderColor: '#43386a', borderWidth: 1.5 },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { position: 'bottom' } },
      scales: { y: { beginAtZero: true, title: { display: true, text: 'Seconds' } } },
    },
  });

  const participation = new Chart<'bar', number[], string>(canvases.participation, {
    type: 'bar',
    data: {
      labels: [],
      datasets: TEAMS.map((team) => ({ label: TEAM_NAME[team], data: [], backgroundColor: TEAM_COLOURS[team].main.hex, borderColor: INK, borderWidth: 1.5 })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { position: 'bottom' },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${item.formattedValue}% voted` } },
      },
      scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: '% voted' } } },
    },
  });

  const update = (f: DebriefFigures) => {
    for (const team of TEAMS) {
      const chart = powerUps[team];
      chart.data.labels = f.powerUps[team].map((p) => p.label);
      POWER.forEach((p, i) => (chart.data.datasets[i].data = f.powerUps[team].map((inv) => inv[p.key])));
      chart.update();
    }

    const bars: VoteBar[] = [];
    const labels: string[] = [];
    for (const r of f.rounds)
      for (const team of TEAMS) {
        bars.push({ team, labels: r.teams[team].split.map((s) => s.label) });
        labels.push(`R${r.round} ${TEAM_NAME[team]}`);
      }
    (votes.config.options as { voteBars?: VoteBar[] }).voteBars = bars;
    votes.data.labels = labels;
    votes.data.datasets.forEach((ds, slot) => {
      ds.data = f.rounds.flatMap((r) => TEAMS.map((team) => r.teams[team].split[slot]?.votes ?? 0));
      ds.backgroundColor = bars.map((b) => SHADES[b.team][slot]);
    });
    const box = votes.canvas.parentElement;
    if (box) box.style.height = `${Math.max(120, 56 + labels.length * 34)}px`;
    votes.resize();
    votes.update();

    const roundLabels = f.rounds.map((r) => `R${r.round}`);
    decide.data.labels = roundLabels;
    decide.data.datasets[0].data = f.rounds.map((r) => r.medianDecideSeconds);
    decide.data.datasets[1].data = f.rounds.map((r) => r.voteSeconds);
    decide.update();

    participation.data.labels = roundLabels;
    participation.data.datasets.forEach((ds, i) => {
      const team = TEAMS[i];
      ds.data = f.rounds.map((r) => (r.teams[team].members ? Math.round((100 * r.teams[team].voters) / r.teams[team].members) : 0));
    });
    participation.update();
  };

  return {
    update,
    destroy: () => [...Object.values(powerUps), votes, decide, participation].forEach((c) => c.destroy()),
  };
}
