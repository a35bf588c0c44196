import { el } from '../dom/el';
import { POWER_UP_NAME, TEAM_NAME } from '../dom/format';
import { POWER_UPS, TEAMS } from '../../shared/schemas/common';
import type { DeckEconomy } from '../../shared/deck/deckEconomy';
import type { Report } from '../../shared/sim/v2/report';
import type { KeyFigures } from '../../shared/sim/v2/studio';
import type { FairnessWarning } from './fairnessWarnings';
import { warningKey } from './fairnessWarnings';
import type { FairnessMessage, FairnessRequest } from './fairnessWorker';
// The default deck's figures under the same bounded config, computed once by the command line
// (`npm run balance -- --deck shared/deck/default-deck-v2.json --studio --figures-out …`; a unit test keeps it current).
import defaultFigures from './defaultDeckFigures.json';

const pct = (x: number) => `${Math.round(x * 100)} %`;
const n1 = (x: number) => x.toFixed(1);
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;

function economyTable(economy: DeckEconomy): HTMLElement {
  return el('table', { class: 'economy', id: 'fairness-economy' },
    el('caption', {}, 'How many of each team\u2019s options (wait options aside) earn and spend each power-up'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Team'), el('th', { scope: 'col' }, 'Options'), el('th', { scope: 'col' }, 'Joint parts'),
      ...POWER_UPS.map((p) => el('th', { scope: 'col' }, `${POWER_UP_NAME[p]}: earn / spend`)))),
    el('tbody', {}, ...TEAMS.map((team) => {
      const t = economy.teams[team];
      return el('tr', { 'data-team': team }, el('th', { scope: 'row' }, TEAM_NAME[team]), el('td', {}, String(t.options)), el('td', {}, String(t.jointParts)),
        ...POWER_UPS.map((p) => el('td', {}, `${t.powerUps[p].earn} (${pct(t.powerUps[p].earnShare)}) / ${t.powerUps[p].spend} (${pct(t.powerUps[p].spendShare)})`)));
    })),
  );
}

type Figure = { label: string; value: (f: KeyFigures) => string; hint?: string };
const FIGURES: Figure[] = [
  { label: 'Lesson-aligned play: mean score', value: (f) => n1(f.lessonScore), hint: 'both teams use Courage, Budget and Stories together whenever they can' },
  { label: 'Greedy lesson heuristic: mean score', value: (f) => n1(f.greedyLessonScore) },
  { label: 'Step changes a game (lesson-aligned)', value: (f) => f.stepChangesPerGame.toFixed(2) },
  { label: '"Innovation partners" endings (lesson-aligned)', value: (f) => pct(f.innovationPartners) },
  { label: 'Best timid strategy: mean score', value: (f) => `${n1(f.bestTimid.score)} (${f.bestTimid.name})` },
  { label: 'Lesson-aligned play ahead of timid play', value: (f) => pct(f.timidMargin), hint: 'target: at least 15 %' },
  { label: 'Best searched strategy vs lesson-aligned', value: (f) => `${signed(f.bestSearched.diff)} (${f.bestSearched.name})` },
  { label: 'Score explained by the decisions', value: (f) => pct(f.decisionsR2), hint: 'target: at least 50 %' },
  { label: 'Score explained by the card order', value: (f) => pct(f.orderShare), hint: 'target: at most 20 %' },
  { label: 'Winning the story vote is worth', value: (f) => `${signed(f.storyValue)} points`, hint: 'target: at least +2' },
  { label: 'Waits, Buyer / Provider', value: (f) => `${pct(f.waitShare.buyer)} / ${pct(f.waitShare.provider)}` },
  { label: 'Games with a life or a shut-down at stake', value: (f) => pct(f.livesInPlay), hint: 'target: at least 10 %' },
  { label: 'Options chosen < 5 % or > 80 % of the time', value: (f) => `${f.optionsOutOfRange} of ${f.options}` },
  { label: 'Targets met', value: (f) => `${f.targetsPassed} of ${f.targets}` },
];

function figuresTable(f: KeyFigures): HTMLElement {
  const d = defaultFigures.figures as KeyFigures;
  return el('table', { class: 'economy figures', id: 'fairness-figures' },
    el('caption', {}, 'Key figures, beside the default deck\u2019s (same games, same seeds)'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Figure'), el('th', { scope: 'col' }, 'This deck'), el('th', { scope: 'col' }, 'Default deck'))),
    el('tbody', {}, ...FIGURES.map((x) => el('tr', {},
      el('th', { scope: 'row' }, x.label, x.hint ? el('span', { class: 'hint' }, ` (${x.hint})`) : null),
      el('td', {}, x.value(f)), el('td', {}, x.value(d))))),
  );
}

function strategiesTable(r: Report): HTMLElement {
  return el('details', { id: 'fairness-strategies' },
    el('summary', {}, `Every strategy (${r.rows.length}: fixed strategies, then the adversarial search\u2019s)`),
    el('table', { class: 'economy' },
      el('thead', {}, el('tr', {}, ...['Strategy', 'Games', 'Mean score', '\u0394 vs lesson (95 %)', 'Step changes a game', 'Waits B / P'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...r.rows.map((x, i) => el('tr', {},
        el('th', { scope: 'row' }, x.name, x.timidClass ? ' (timid)' : x.searched ? ' (searched)' : ''),
        el('td', {}, String(x.games)), el('td', {}, n1(x.meanScore)),
        el('td', {}, i === 0 ? '\u2014' : `${signed(x.vsLesson.diff)} [${n1(x.vsLesson.lo)}, ${n1(x.vsLesson.hi)}]`),
        el('td', {}, x.stepChangesPerGame.toFixed(2)), el('td', {}, `${pct(x.waitShare.buyer)} / ${pct(x.waitShare.provider)}`))))),
    el('h4', {}, 'Targets'),
    el('ul', { class: 'targets' }, ...r.targets.map((t) => el('li', { 'data-target': t.id, class: t.pass ? 'pass' : 'fail' }, `${t.pass ? 'Met' : 'Not met'}: ${t.text} \u2014 ${t.value}`))),
  );
}

function warningList(warnings: FairnessWarning[], showCard?: (cardId: string) => void): HTMLElement {
  if (!warnings.length) return el('p', { id: 'fairness-warnings' }, 'No warnings: every power-up is earned and spent, every option is worth choosing sometimes, and every target of the balance report is met.');
  // What the default deck has too (same card, same option) comes after what is this deck's own.
  const inDefault = new Set(defaultFigures.warnings);
  const own = warnings.filter((w) => !inDefault.has(warningKey(w)));
  const shared = warnings.filter((w) => inDefault.has(warningKey(w)));
  const item = (w: FairnessWarning, alsoDefault: boolean) => el('li', {
    'data-kind': w.kind, 'data-card': w.cardId, 'data-team': w.team, 'data-option': w.optionId, 'data-target': w.target, class: alsoDefault ? 'also-default' : undefined,
  }, w.text,
  w.cardId && showCard ? el('button', { type: 'button', class: 'small secondary show-card', onclick: () => showCard(w.cardId!) }, 'Show the card') : null);
  return el('div', {},
    el('h3', {}, own.length ? `${own.length} warning${own.length === 1 ? '' : 's'}` : 'No warnings of its own'),
    own.length ? el('ul', { class: 'warnings', id: 'fairness-warnings' }, ...own.map((w) => item(w, false))) : el('p', { id: 'fairness-warnings' }, 'Every warning on this deck is one the default deck has too.'),
    shared.length
      ? el('details', { id: 'fairness-default-warnings' },
        el('summary', {}, `${shared.length} more that the default deck has too`),
        el('ul', { class: 'warnings', id: 'fairness-warnings-default' }, ...shared.map((w) => item(w, true))))
      : null,
  );
}

/**
 * "Fairness check": runs in a Web Worker (fairnessWorker.ts, its own chunk) with a progress bar per phase and
 * a cancel button: the deck economy, then the balance harness's report with the studio's bounded config.
 */
export function fairnessPanel(getDeck: () => unknown, showCard?: (cardId: string) => void): HTMLElement {
  const run = el('button', { type: 'button', class: 'secondary', id: 'fairness-run' }, 'Run the fairness check');
  const cancel = el('button', { type: 'button', class: 'secondary', id: 'fairness-cancel', disabled: true }, 'Cancel');
  const progress = el('progress', { id: 'fairness-progress', max: 1, value: 0, 'aria-label': 'Fairness check progress' });
  const phase = el('p', { id: 'fairness-phase', class: 'hint' });
  const status = el('p', { id: 'fairness-status', role: 'status' });
  const out = el('div', { id: 'fairness-result', class: 'stack' });
  let worker: Worker | null = null;
  let runId = 0;
  let started = 0;

  const stop = (text: string) => {
    worker?.terminate();
    worker = null;
    run.disabled = false;
    cancel.disabled = true;
    phase.textContent = '';
    status.textContent = text;
  };

  run.addEventListener('click', () => {
    worker?.terminate();
    out.replaceChildren();
    progress.value = 0;
    run.disabled = true;
    cancel.disabled = false;
    status.textContent = 'Starting\u2026';
    const id = ++runId;
    started = performance.now();
    worker = new Worker(new URL('./fairnessWorker.ts', import.meta.url), { type: 'module', name: 'fairness-check' });
    worker.onmessage = (e: MessageEvent<FairnessMessage>) => {
      const m = e.data;
      if (m.id !== id) return;
      if (m.type === 'progress') {
        progress.max = m.total;
        progress.value = m.done;
        phase.textContent = `${m.phase}: ${m.step}`;
        status.textContent = `${m.phase} (${m.done} of ${m.total})`;
      } else if (m.type === 'failed') stop(`The check failed: ${m.message}`);
      else {
        const seconds = (performance.now() - started) / 1000;
        stop('Done.');
        out.dataset.seconds = seconds.toFixed(1);
        const r = m.report;
        if (!r.ok) {
          out.append(el('p', { class: 'error' }, 'Fix the deck\u2019s errors first:'), el('ul', { class: 'error-list' }, ...r.errors.slice(0, 20).map((x) => el('li', {}, x))));
          return;
        }
        out.append(
          el('p', { class: 'hint', id: 'fairness-about' }, r.balance
            ? `${r.balance.rows.length} strategies, ${r.balance.config.games} held-out games a row (rollouts ${r.balance.config.rolloutGames}), ${r.balance.config.rounds} rounds in the deck\u2019s order; searches tuned on separate training games. ${seconds.toFixed(1)} s. The same figures as \u201cnpm run balance -- --deck <file> --studio\u201d.`
            : (r.note ?? '')),
          warningList(r.warnings, showCard));
        if (r.figures) out.append(figuresTable(r.figures));
        out.append(economyTable(r.economy));
        if (r.balance) out.append(strategiesTable(r.balance));
      }
    };
    worker.onerror = (e) => stop(`The check could not run: ${e.message || 'worker error'}`);
    worker.postMessage({ type: 'run', id, deck: getDeck() } satisfies FairnessRequest);
  });
  cancel.addEventListener('click', () => {
    runId++;
    stop('Cancelled.');
    progress.value = 0;
  });

  return el('section', { class: 'panel studio-fairness', id: 'studio-fairness', 'aria-labelledby': 'fairness-title' },
    el('h2', { id: 'fairness-title' }, 'Fairness check'),
    el('p', { class: 'hint' }, 'Plays your deck a few thousand times in the background (a Web Worker, so the editor stays responsive): fixed strategies (lesson-aligned, timid, free-riding, hoarding\u2026) and strategies an adversarial search finds, then warns, card by card, about what makes it unfair or dull. It takes some seconds.'),
    el('div', { class: 'row-actions' }, run, cancel),
    progress, phase, status, out,
  );
}
