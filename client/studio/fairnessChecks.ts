import { parseDeck } from '../../shared/deck/loadDeck';
import { deckEconomy, type DeckEconomy } from '../../shared/deck/deckEconomy';
import { GATE_CLOSED_MASKS } from '../../shared/sim/v2/policies';
import { balanceReportV2, type Report, type ReportConfig } from '../../shared/sim/v2/report';
import { keyFigures, STUDIO, type KeyFigures } from '../../shared/sim/v2/studio';
import { fairnessWarnings, type FairnessWarning } from './fairnessWarnings';

/**
 * The fairness check, run by the worker (fairnessWorker.ts): parse the draft with the server's schema, the
 * deck-economy report (shared/deck/deckEconomy.ts), then — for a rules v2 deck — the balance harness's own
 * report, `balanceReportV2(deck, STUDIO)` (shared/sim/v2/): its fixed strategies, a bounded adversarial search
 * (CEM, per-card tables, rollouts, each also under the gate-closed masks) and its targets, exactly what
 * `npm run balance -- --deck <file> --studio` prints. Then the key figures and the plain-language warnings.
 */
export type FairnessReport =
  | { ok: true; economy: DeckEconomy; balance: Report | null; figures: KeyFigures | null; warnings: FairnessWarning[]; note?: string }
  | { ok: false; errors: string[] };
export type Progress = { done: number; total: number; step: string; phase: string };

/**
 * How many times balanceReportV2 logs: 4 searches (CEM, table, each also gate-closed), one line a row
 * (12 fixed strategies, 2 CEM, 1 table, 2 rollouts, a CEM per gate-closed mask, 1 gate-closed table,
 * 1 gate-closed rollout), then choice shares, variance and story value. The unit test checks it.
 */
export const FIXED_ROWS = 12;
export const reportLogLines = () => 4 + FIXED_ROWS + 5 + GATE_CLOSED_MASKS.length + 2 + 3;

/** The phase a log line of balanceReportV2 belongs to, by its position. */
function phaseOf(index: number): string {
  if (index < 4) return 'Adversarial search (tuned on training games)';
  if (index < 4 + FIXED_ROWS) return 'Fixed strategies';
  if (index < reportLogLines() - 3) return 'Searched strategies on held-out games';
  return 'Choice shares, variance and the story vote';
}

export function runFairnessChecks(deck: unknown, onProgress: (p: Progress) => void = () => {}, cfg: ReportConfig = STUDIO): FairnessReport {
  const lines = reportLogLines();
  // Parse, economy, each line the report logs, then the figures and warnings.
  const total = 3 + lines;
  onProgress({ done: 0, total, step: 'Checking the deck', phase: 'Deck' });
  const parsed = parseDeck(deck);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  onProgress({ done: 1, total, step: 'Deck economy', phase: 'Deck economy' });
  const economy = deckEconomy(parsed.deck);
  if (parsed.deck.rules !== 2) {
    onProgress({ done: total, total, step: 'Done', phase: 'Done' });
    return { ok: true, economy, balance: null, figures: null, warnings: fairnessWarnings(parsed.deck, economy, null), note: 'Simulated games need a rules v2 deck: only the economy is checked.' };
  }
  onProgress({ done: 2, total, step: 'CEM', phase: phaseOf(0) });
  let logged = 0;
  const balance = balanceReportV2(parsed.deck, cfg, (line) => {
    logged += 1;
    // The line says what has just finished; the phase is the one now running.
    const phase = phaseOf(Math.min(logged, lines - 1));
    onProgress({ done: Math.min(2 + logged, total - 1), total, step: `finished ${line.replace(/, \d+ ms$|: \d+ ms$/, '')}`, phase });
  });
  onProgress({ done: total, total, step: 'Done', phase: 'Done' });
  return { ok: true, economy, balance, figures: keyFigures(balance), warnings: fairnessWarnings(parsed.deck, economy, balance) };
}
