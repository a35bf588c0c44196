import { el } from '../dom/el';
import { POWER_UP_NAME, TEAM_NAME } from '../dom/format';
import { POWER_UPS, TEAMS } from '../../shared/schemas/common';
import type { DeckEconomy } from '../../shared/deck/deckEconomy';
import type { FairnessMessage, FairnessRequest } from './fairnessWorker';

const pct = (x: number) => `${Math.round(x * 100)} %`;

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

/**
 * "Fairness check": runs in a Web Worker (fairnessWorker.ts) with a progress bar and a cancel button.
 * Today it reports the deck economy; the balance harness's strategies plug into the same worker later.
 */
export function fairnessPanel(getDeck: () => unknown): HTMLElement {
  const run = el('button', { type: 'button', class: 'secondary', id: 'fairness-run' }, 'Run the fairness check');
  const cancel = el('button', { type: 'button', class: 'secondary', id: 'fairness-cancel', disabled: true }, 'Cancel');
  const progress = el('progress', { id: 'fairness-progress', max: 1, value: 0, 'aria-label': 'Fairness check progress' });
  const status = el('p', { id: 'fairness-status', role: 'status' });
  const out = el('div', { id: 'fairness-result', class: 'stack' });
  let worker: Worker | null = null;
  let runId = 0;

  const stop = (text: string) => {
    worker?.terminate();
    worker = null;
    run.disabled = false;
    cancel.disabled = true;
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
    worker = new Worker(new URL('./fairnessWorker.ts', import.meta.url), { type: 'module', name: 'fairness-check' });
    worker.onmessage = (e: MessageEvent<FairnessMessage>) => {
      const m = e.data;
      if (m.id !== id) return;
      if (m.type === 'progress') {
        progress.max = m.total;
        progress.value = m.done;
        status.textContent = `${m.step} (${m.done} of ${m.total})`;
      } else if (m.type === 'failed') stop(`The check failed: ${m.message}`);
      else {
        stop('Done.');
        const r = m.report;
        if (!r.ok) {
          out.append(el('p', { class: 'error' }, 'Fix the deck\u2019s errors first:'), el('ul', { class: 'error-list' }, ...r.errors.slice(0, 20).map((x) => el('li', {}, x))));
          return;
        }
        out.append(economyTable(r.economy),
          r.economy.violations.length
            ? el('div', {}, el('h3', {}, `${r.economy.violations.length} warning${r.economy.violations.length === 1 ? '' : 's'}`), el('ul', { class: 'warnings', id: 'fairness-warnings' }, ...r.economy.violations.map((v) => el('li', {}, v))))
            : el('p', { id: 'fairness-warnings' }, 'No warnings: every power-up is earned and spent by at least a third of each team\u2019s options.'));
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
    el('p', { class: 'hint' }, 'Runs in the background (a Web Worker), so the editor stays responsive. For now it reports the deck\u2019s power-up economy; simulated games with fixed and adversarial strategies will be added here.'),
    el('div', { class: 'row-actions' }, run, cancel),
    progress, status, out,
  );
}
