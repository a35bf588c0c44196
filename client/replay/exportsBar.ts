import { el } from '../dom/el';
import { fetchDecisionsCsv, fetchLog, exportedLog, importLog } from './replayApi';

/** Saves a blob under a file name (an object URL on a temporary link). */
function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Download the log (re-importable JSON) and the decisions CSV, print the summary, import a log. On a
 * read-only link the facilitator did not share names with (`named: false`), only "Print summary": the
 * per-person exports and the import are the facilitator's (the server refuses them too, 403 NOT_SHARED).
 */
export function exportsBar(o: { code: string; secret: string; named: boolean; importKey?: string; say(message: string): void }): HTMLElement {
  const logButton = el('button', { type: 'button', id: 'export-log', onclick: async () => {
    logButton.disabled = true;
    const r = await fetchLog(o.code, o.secret);
    logButton.disabled = false;
    if (!r.ok) return o.say(`Could not download the log: ${r.message}`);
    download(new Blob([JSON.stringify(exportedLog(r))], { type: 'application/json' }), `powerup-${o.code}.json`);
    o.say('Log downloaded: import it on any Power Up server to replay it.');
  } }, 'Download log');
  const csvButton = el('button', { type: 'button', id: 'export-csv', onclick: async () => {
    csvButton.disabled = true;
    const r = await fetchDecisionsCsv(o.code, o.secret);
    csvButton.disabled = false;
    if (!(r instanceof Blob)) return o.say(`Could not download the decisions: ${r.message}`);
    download(r, `powerup-${o.code}-decisions.csv`);
    o.say('Decisions downloaded (CSV: a row per participant per round).');
  } }, 'Decisions CSV');
  const printButton = el('button', { type: 'button', id: 'print-summary', onclick: () => window.print() }, 'Print summary');
  if (!o.named) return el('nav', { class: 'exports', 'aria-label': 'Exports' }, printButton);
  return el('nav', { class: 'exports', 'aria-label': 'Exports' }, logButton, csvButton, printButton, importControl(o.importKey, o.say));
}

/**
 * "Import a log": a file input that posts the log and opens the replay of the new session. With the
 * facilitator's host key the import is theirs (it counts among their past cohorts); a key the server no
 * longer knows is dropped and the log imported with a key of its own, and the page says so.
 */
export function importControl(hostKey?: string, say?: (message: string) => void): HTMLElement {
  const error = el('span', { class: 'error', role: 'alert' });
  const input = el('input', { type: 'file', id: 'import-log', class: 'visually-hidden', accept: '.json,application/json', onchange: async () => {
    const file = input.files?.[0];
    if (!file) return;
    error.textContent = '';
    const text = await file.text();
    let r = await importLog(text, hostKey);
    if (!r.ok && hostKey && r.code === 'NOT_ALLOWED') {
      say?.('Your facilitator key is not known on this server: the log is imported with a key of its own.');
      r = await importLog(text);
    }
    input.value = '';
    if (!r.ok) {
      error.textContent = `Import failed: ${r.message}`;
      return;
    }
    // The new session's host key stays in the fragment, like every secret on this page.
    location.assign(`/replay?code=${encodeURIComponent(r.code)}#key=${encodeURIComponent(r.hostKey)}`);
  } });
  return el('span', { class: 'import' }, input, el('label', { for: 'import-log', class: 'button' }, 'Import a log'), error);
}
