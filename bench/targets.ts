// The targets of issue 7 (on a 2-core machine), checked against the figures of a run.
import type { Summary } from './summary';

export type Target = { label: string; figure: (s: Summary) => string; met: (s: Summary) => boolean | null };

/** A figure with its unit, or n/a when missing. */
const f = (x: number | null, unit = '') => (x === null || !Number.isFinite(x) ? 'n/a' : `${x}${unit}`);
const known = (...xs: (number | null)[]) => xs.every((x) => x !== null && Number.isFinite(x));
/** null when a figure is missing (scenario skipped or failed). */
const check = (xs: (number | null)[], ok: () => boolean): boolean | null => (known(...xs) ? ok() : null);

export const TARGETS: Target[] = [
  {
    label: 'participants held (full run: 5,000 in 250 rooms)',
    figure: (s) => `${f(s.participants_held)} of ${f(s.participants)}`,
    met: (s) => check([s.participants, s.participants_held], () => s.participants_held! >= s.participants! && (s.mode === 'quick' || s.participants! >= 5000)),
  },
  { label: 'RSS per 1,000 participants ≤ 40 MB', figure: (s) => f(s.rss_mb_per_1000, ' MB'), met: (s) => check([s.rss_mb_per_1000], () => s.rss_mb_per_1000! <= 40) },
  {
    label: 'burst ack p99 ≤ 150 ms with 0 lost',
    figure: (s) => `${f(s.burst_ack_p99_ms, ' ms')}, ${f(s.burst_lost)} lost`,
    met: (s) => check([s.burst_ack_p99_ms, s.burst_lost], () => s.burst_ack_p99_ms! <= 150 && s.burst_lost === 0),
  },
  {
    label: 'burst p95 / bare socket.io p95 ≤ 1.5',
    figure: (s) => `${f(s.burst_vs_baseline_p95)} (${f(s.burst_ack_p95_ms)} / ${f(s.baseline_ack_p95_ms)} ms)`,
    met: (s) => check([s.burst_vs_baseline_p95], () => s.burst_vs_baseline_p95! <= 1.5),
  },
  { label: 'tally settled ≤ 150 ms after the last vote', figure: (s) => f(s.burst_tally_settle_ms, ' ms'), met: (s) => check([s.burst_tally_settle_ms], () => s.burst_tally_settle_ms! <= 150) },
  { label: '≥ 50,000 durable events/s', figure: (s) => f(s.durable_events_per_s, '/s'), met: (s) => check([s.durable_events_per_s], () => s.durable_events_per_s! >= 50_000) },
  { label: '20k-event fold ≤ 50 ms', figure: (s) => f(s.replay_fold_20k_ms, ' ms'), met: (s) => check([s.replay_fold_20k_ms], () => s.replay_fold_20k_ms! <= 50) },
  { label: 'seek p95 ≤ 10 ms', figure: (s) => f(s.replay_seek_p95_ms, ' ms'), met: (s) => check([s.replay_seek_p95_ms], () => s.replay_seek_p95_ms! <= 10) },
  { label: 'join screen JS ≤ 60 KB gzip', figure: (s) => f(s.join_js_gzip_kb, ' KB'), met: (s) => check([s.join_js_gzip_kb], () => s.join_js_gzip_kb! <= 60) },
  { label: 'stage JS (no target; Phaser included)', figure: (s) => f(s.stage_js_gzip_kb, ' KB'), met: () => null },
  { label: 'stage frame time p95 ≤ 16.7 ms', figure: (s) => f(s.stage_frame_p95_ms, ' ms'), met: (s) => check([s.stage_frame_p95_ms], () => s.stage_frame_p95_ms! <= 16.7) },
];
