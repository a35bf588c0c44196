// (e) Replay: folding a big session's whole log, and seeking to random points with the replay index.
import { buildLargeLog, measureFold } from '../fold';
import { ReplayIndex } from '../../shared/replay/replayIndex';
import { percentile, round, seededRandom } from '../stats';
import { formatTable } from '../table';

export type ReplayOptions = { participants: number; events: number; foldRuns: number; seeks: number };

export type ReplayResult = {
  events: number;
  participants: number;
  foldMedianMs: number;
  foldRuns: number;
  indexBuildMs: number;
  seeks: number;
  seekP50: number;
  seekP95: number;
};

export function runReplay(opts: ReplayOptions): ReplayResult {
  const log = buildLargeLog(opts.participants, opts.events);
  const fold = measureFold(log, opts.foldRuns);

  const t0 = performance.now();
  const index = new ReplayIndex(log);
  const indexBuildMs = performance.now() - t0;

  const random = seededRandom(7);
  const times: number[] = [];
  for (let i = 0; i < opts.seeks; i++) {
    const seq = 1 + Math.floor(random() * index.length);
    const s0 = performance.now();
    index.stateAt(seq);
    times.push(performance.now() - s0);
  }
  return {
    events: fold.events,
    participants: fold.participants,
    foldMedianMs: round(fold.medianMs),
    foldRuns: fold.runs,
    indexBuildMs: round(indexBuildMs, 1),
    seeks: opts.seeks,
    seekP50: round(percentile(times, 50)),
    seekP95: round(percentile(times, 95)),
  };
}

export function replayTable(r: ReplayResult): string {
  return formatTable(`(e) Replay: a ${r.events}-event log of ${r.participants} participants`, ['figure', 'value'], [
    [`fold the whole log, median of ${r.foldRuns} (ms)`, r.foldMedianMs],
    ['build the replay index (ms)', r.indexBuildMs],
    [`seek to a random point, p50 over ${r.seeks} (ms)`, r.seekP50],
    [`seek to a random point, p95 over ${r.seeks} (ms)`, r.seekP95],
  ]);
}
