// The run's figures: the one-line JSON the bench ends with (exactly these keys), plus what the targets need.

export const SUMMARY_KEYS = [
  'mode', 'participants', 'rooms', 'rss_mb_per_1000', 'burst_participants', 'burst_ack_p50_ms', 'burst_ack_p95_ms',
  'burst_ack_p99_ms', 'burst_tally_settle_ms', 'burst_lost', 'baseline_ack_p95_ms', 'burst_vs_baseline_p95',
  'durable_events_per_s', 'replay_fold_20k_ms', 'replay_seek_p95_ms', 'join_js_gzip_kb', 'stage_js_gzip_kb', 'stage_frame_p95_ms',
] as const;

type Key = (typeof SUMMARY_KEYS)[number];
/** Numbers, or null where a scenario was skipped (--only) or failed. */
export type Summary = { mode: 'full' | 'quick' } & { [K in Exclude<Key, 'mode'>]: number | null } & { participants_held: number | null };

export function emptySummary(mode: 'full' | 'quick'): Summary {
  const s = { mode, participants_held: null } as Summary;
  for (const k of SUMMARY_KEYS) if (k !== 'mode') (s as any)[k] = null;
  return s;
}

/** The last line of the run: exactly SUMMARY_KEYS, in that order. */
export function summaryLine(s: Summary): string {
  return JSON.stringify(Object.fromEntries(SUMMARY_KEYS.map((k) => [k, s[k]])));
}
