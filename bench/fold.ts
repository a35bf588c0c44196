// Fold benchmark: `npx tsx bench/fold.ts`. Builds a 2,000-participant log of about 20,000 events and
// times folding it (median of several runs). The benchmark suite imports buildLargeLog/measureFold.
import { defaultDeck } from '../shared/deck/loadDeck';
import { foldEvents } from '../shared/engine/apply';
import { stateHash } from '../shared/engine/hash';
import type { GameEvent } from '../shared/schemas/events';
import { buildScriptedLog } from '../shared/sim/scriptedLog';

/** A valid log with `participants` joins and votes (and re-votes) until about `events` events. */
export function buildLargeLog(participants = 2000, events = 20_000): GameEvent[] {
  const rounds = 6;
  // joins + per round (votes + story votes on story cards) ≈ events: solve for votes per round.
  const votesPerRound = Math.max(1, Math.round((events - participants) / (participants * rounds) - 0.5));
  const log = buildScriptedLog({ deck: defaultDeck, participants, rounds, votesPerRound, seed: 42 });
  return log.length > events ? log.slice(0, events) : log;
}

export type FoldMeasure = { events: number; participants: number; runs: number; medianMs: number; minMs: number; hash: string };

export function measureFold(log: GameEvent[] = buildLargeLog(), runs = 9): FoldMeasure {
  const times: number[] = [];
  let hash = '';
  foldEvents(log); // warm up the JIT
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const state = foldEvents(log);
    times.push(performance.now() - t0);
    if (i === 0) hash = stateHash(state);
  }
  times.sort((a, b) => a - b);
  const participants = log.filter((e) => e.type === 'joined').length;
  return { events: log.length, participants, runs, medianMs: times[Math.floor(runs / 2)], minMs: times[0], hash };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const m = measureFold();
  console.log(
    `fold: ${m.events} events, ${m.participants} participants: median ${m.medianMs.toFixed(2)} ms (min ${m.minMs.toFixed(2)} ms, ${m.runs} runs; budget 50 ms) state ${m.hash}`,
  );
}
