import { parseDeck } from '../../shared/deck/loadDeck';
import { deckEconomy, type DeckEconomy } from '../../shared/deck/deckEconomy';

/**
 * The fairness check's steps, run in order by the worker (fairnessWorker.ts), each reporting progress.
 * Today: the deck-economy report (shared/deck/deckEconomy.ts). The balance harness's fixed strategies and
 * its bounded adversarial search (shared/sim/v2/) will be added here as further steps, so the worker,
 * the progress bar and the cancel button do not change.
 */
export type FairnessReport = { ok: true; economy: DeckEconomy } | { ok: false; errors: string[] };
export type Progress = { done: number; total: number; step: string };

export function runFairnessChecks(deck: unknown, onProgress: (p: Progress) => void = () => {}): FairnessReport {
  const total = 2;
  onProgress({ done: 0, total, step: 'Checking the deck' });
  const parsed = parseDeck(deck);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  onProgress({ done: 1, total, step: 'Deck economy' });
  const economy = deckEconomy(parsed.deck);
  onProgress({ done: 2, total, step: 'Done' });
  return { ok: true, economy };
}
