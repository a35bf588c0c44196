// (f) A bystander during a big import: the real server in its own process; one participant of a running
// session votes (changing their choice) every 150 ms (within the per-socket rate limit) while the largest legitimate log (bench/importLog.ts)
// is posted to /api/sessions/import, and again with no import for the baseline. Issue 13 item 2: a
// 32 MiB import used to hold the event loop for up to 24.7 s, and a bystander's vote got no ack in 10 s.
import { startRealServer } from '../processes';
import { buildRealLog, exportText, LARGEST } from '../importLog';
import { startBystander } from '../bystander';
import { ProtocolClient } from '../../scripts/bots/protocolClient';
import { percentile, round } from '../stats';
import { formatTable } from '../table';

export type ImportBenchOptions = { votesEveryMs: number; baselineMs: number };

export type ImportBenchResult = {
  logMb: number;
  events: number;
  importStatus: number;
  importMs: number;
  readBackMs: number;
  baseline: { votes: number; p50: number; p99: number; max: number };
  during: { votes: number; p50: number; p99: number; max: number; lost: number };
  loopMaxMs: number;
};

const stats = (xs: number[]) => ({ votes: xs.length, p50: round(percentile(xs, 50)), p99: round(percentile(xs, 99)), max: round(Math.max(...xs)) });

export async function runImport(opts: ImportBenchOptions): Promise<ImportBenchResult> {
  const text = exportText(buildRealLog(LARGEST));
  const events = (text.match(/"seq":/g) ?? []).length;
  const server = await startRealServer();
  const clients: ProtocolClient[] = [];
  try {
    const { voteWhile: voteEvery } = await startBystander(server.url, 600, clients);
    const voteWhile = (running: () => boolean) => voteEvery(running, opts.votesEveryMs);

    const quietUntil = performance.now() + opts.baselineMs;
    const baseline = await voteWhile(() => performance.now() < quietUntil);

    await fetch(`${server.url}/healthz?stats=1`); // opens a fresh loop window
    let done = false;
    const t0 = performance.now();
    const posted = fetch(`${server.url}/api/sessions/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text }).then(async (res) => {
      const body = (await res.json()) as any;
      return { status: res.status, body, ms: performance.now() - t0 };
    });
    const during = voteWhile(() => !done);
    const imported = await posted.finally(() => (done = true));
    const votes = await during;
    let readBackMs = NaN;
    if (imported.status === 201) {
      const r0 = performance.now();
      const res = await fetch(`${server.url}/api/sessions/${imported.body.code}/log`, { headers: { authorization: `Bearer ${imported.body.hostKey}` } });
      await res.arrayBuffer();
      readBackMs = performance.now() - r0;
    }
    const health = (await (await fetch(`${server.url}/healthz?stats=1`)).json()) as any;
    return {
      logMb: round(Buffer.byteLength(text) / 1e6, 1),
      events,
      importStatus: imported.status,
      importMs: round(imported.ms, 0),
      readBackMs: round(readBackMs, 0),
      baseline: stats(baseline.acks),
      during: { ...stats(votes.acks), lost: votes.lost },
      loopMaxMs: health.stats.eventLoop.maxMs,
    };
  } finally {
    for (const c of clients) c.close();
    await server.stop();
  }
}

export function importTable(r: ImportBenchResult): string {
  return formatTable(`(f) A bystander's vote while the largest legitimate log (${r.logMb} MB, ${r.events} events) is imported`, ['figure', 'no import', 'during the import'], [
    ['votes acknowledged', r.baseline.votes, r.during.votes],
    ['votes without an ack in 10 s', 0, r.during.lost],
    ['vote ack p50 (ms)', r.baseline.p50, r.during.p50],
    ['vote ack p99 (ms)', r.baseline.p99, r.during.p99],
    ['vote ack max (ms)', r.baseline.max, r.during.max],
    ['import answer', '', `${r.importStatus} after ${r.importMs} ms`],
    ['reading the imported log back (ms)', '', r.readBackMs],
    ['event-loop delay, max since start (ms)', '', r.loopMaxMs],
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runImport({ votesEveryMs: 150, baselineMs: 3000 });
  console.log(importTable(r));
  process.exit(0);
}
