// `npm run bench` (full) or `npm run bench -- --quick` (at most a minute): every scenario of issue 7,
// a table each, the targets with pass/miss marks, and as the very last line one JSON object.
// `--only=capacity,burst,durable,replay,client,import,abuse` runs a subset (the other figures are null).
// docs/bench.md explains each scenario.
import os from 'node:os';
import { runCapacity, capacityTable } from './scenarios/capacity';
import { runBurst, burstTable } from './scenarios/burst';
import { runDurable, durableTable } from './scenarios/durable';
import { runReplay, replayTable } from './scenarios/replay';
import { runClient, clientTable } from './scenarios/client';
import { runImport, importTable } from './scenarios/import';
import { runAbuse, abuseTable } from './scenarios/abuse';
import { runCluster, clusterTable, clusterSummary } from './scenarios/cluster';
import { TARGETS } from './targets';
import { emptySummary, summaryLine, type Summary } from './summary';
import { cleanupAll, hardTimeout } from './resources';
import { LoadWorkers } from './loadWorkers';
import { round } from './stats';
import { formatTable } from './table';

const SCENARIOS = ['capacity', 'burst', 'durable', 'replay', 'client', 'import', 'abuse'] as const;
type Scenario = (typeof SCENARIOS)[number];

/** Sizes per mode: the full run is what issue 7 asks for; quick trims the load to fit in a minute. */
const PLAN = {
  full: {
    workers: 2,
    capacity: { participants: 5000, roomSize: 20, settleMs: 2000 },
    burst: { participants: 2000, windowMs: 2000 },
    durable: { sessions: 50, participantsPerSession: 500, durationMs: 3000, perTick: 2000 },
    replay: { participants: 2000, events: 20_000, foldRuns: 9, seeks: 500 },
    client: { avatars: 200, sampleMs: 3000, rebuildIfStale: true },
    hardLimitMs: 20 * 60_000,
  },
  quick: {
    workers: 2,
    capacity: { participants: 1000, roomSize: 20, settleMs: 1000 },
    burst: { participants: 500, windowMs: 2000 },
    durable: { sessions: 50, participantsPerSession: 500, durationMs: 1000, perTick: 2000 },
    replay: { participants: 2000, events: 20_000, foldRuns: 5, seeks: 200 },
    client: { avatars: 200, sampleMs: 2000, rebuildIfStale: false },
    hardLimitMs: 60_000,
  },
};

function parseArgs(argv: string[]): { mode: 'full' | 'quick'; only: Set<Scenario>; nodes: number } {
  const mode = argv.includes('--quick') ? 'quick' : 'full';
  const at = argv.findIndex((a) => a === '--nodes' || a.startsWith('--nodes='));
  const nodes = at < 0 ? 1 : Number(argv[at].includes('=') ? argv[at].split('=')[1] : argv[at + 1]);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 9) throw new Error('--nodes takes a whole number from 1 to 9');
  const onlyArg = argv.find((a) => a.startsWith('--only='));
  const only = new Set((onlyArg ? onlyArg.slice('--only='.length).split(',') : SCENARIOS) as Scenario[]);
  for (const s of only) if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario "${s}" (known: ${SCENARIOS.join(', ')})`);
  return { mode, only, nodes };
}

/** `--name=N` or `--name N`, a whole number from 2 to 20,000; undefined when absent. */
function sizeArg(name: string): number | undefined {
  const argv = process.argv.slice(2);
  const at = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (at < 0) return undefined;
  const n = Number(argv[at].includes('=') ? argv[at].split('=')[1] : argv[at + 1]);
  if (!Number.isInteger(n) || n < 2 || n > 20_000) throw new Error(`${name} takes a whole number from 2 to 20,000`);
  return n;
}

/**
 * `--nodes N` (issue 14): one node beside N nodes on PostgreSQL and Redis in one report (participants held,
 * the burst dealt over the nodes, durable events/s SQLite vs PostgreSQL, SIGKILL of the owner). Its last
 * line is its own JSON object (bench/scenarios/cluster.ts clusterSummary).
 */
async function mainNodes(mode: 'full' | 'quick', nodes: number): Promise<number> {
  const plan = PLAN[mode];
  const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
  hardTimeout(mode === 'quick' ? 10 * 60_000 : 30 * 60_000, () => console.log('hard time limit reached'));
  console.log(`Power Up bench (--nodes ${nodes}, ${mode}) — ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}, load average ${loadavg()}`);
  const started = performance.now();
  const workers = LoadWorkers.start(plan.workers);
  try {
    // --burst=N: the burst's room size whatever the mode (the figure is a 2,000-vote burst);
    // --participants=N: how many the capacity step holds (full: 5,000), e.g. a small run of the full plan.
    const burstSize = sizeArg('--burst');
    const held = sizeArg('--participants');
    const burst = burstSize ? { ...plan.burst, participants: burstSize } : plan.burst;
    const capacity = held ? { ...plan.capacity, participants: held } : plan.capacity;
    console.log(`sizes: ${capacity.participants} participants held, a burst of ${burst.participants} votes`);
    const r = await runCluster({ nodes, capacity, burst, durable: plan.durable }, workers);
    console.log(clusterTable(r));
    console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s; load average at the end ${loadavg()})`);
    console.log(clusterSummary(r));
    return r.errors.length + r.one.errors.length + r.many.errors.length ? 1 : 0;
  } finally {
    await workers.close();
  }
}

async function main(): Promise<number> {
  const { mode, only, nodes } = parseArgs(process.argv.slice(2));
  if (nodes > 1) return mainNodes(mode, nodes);
  const plan = PLAN[mode];
  const s: Summary = emptySummary(mode);
  const failures: string[] = [];
  const started = performance.now();
  const report = () => {
    const mark = (met: boolean | null) => (met === null ? '—' : met ? 'pass' : 'MISS');
    const rows = TARGETS.map((t) => [t.label, t.figure(s), mark(t.met(s))]);
    console.log(formatTable(`Targets (${mode} run, ${((performance.now() - started) / 1000).toFixed(0)} s)`, ['target', 'measured', ''], rows));
    if (failures.length) console.log(`\nFailed scenarios: ${failures.join(', ')}`);
    console.log(summaryLine(s));
  };
  hardTimeout(plan.hardLimitMs, report);
  // One pool of load workers for the whole run (their clients are dropped between scenarios).
  const needsLoad = ['capacity', 'burst', 'client'].some((n) => only.has(n as Scenario));
  const workers = needsLoad ? LoadWorkers.start(plan.workers) : undefined;
  console.log(`Power Up bench (${mode}) — ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);

  const step = async (name: Scenario, body: () => Promise<void> | void) => {
    if (!only.has(name)) return;
    const t0 = performance.now();
    try {
      await body();
    } catch (err) {
      failures.push(name);
      console.log(`\n!! scenario ${name} failed: ${(err as Error).stack ?? err}`);
    }
    console.log(`   (${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  };

  await step('capacity', async () => {
    const r = await runCapacity(plan.capacity, workers!);
    console.log(capacityTable(r));
    Object.assign(s, { participants: r.participants, rooms: r.rooms, rss_mb_per_1000: r.rssMbPer1000, participants_held: r.held });
  });

  await step('burst', async () => {
    const real = await runBurst({ target: 'real', ...plan.burst }, workers!);
    const bare = await runBurst({ target: 'bare', ...plan.burst }, workers!);
    console.log(burstTable(real, bare));
    Object.assign(s, {
      burst_participants: real.participants,
      burst_ack_p50_ms: real.ackP50,
      burst_ack_p95_ms: real.ackP95,
      burst_ack_p99_ms: real.ackP99,
      burst_tally_settle_ms: real.tallySettleMs,
      burst_lost: real.lost,
      baseline_ack_p95_ms: bare.ackP95,
      burst_vs_baseline_p95: round(real.ackP95 / bare.ackP95),
    });
  });

  await step('durable', async () => {
    const r = await runDurable(plan.durable);
    console.log(durableTable(r));
    s.durable_events_per_s = r.eventsPerSecond;
  });

  await step('replay', () => {
    const r = runReplay(plan.replay);
    console.log(replayTable(r));
    Object.assign(s, { replay_fold_20k_ms: r.foldMedianMs, replay_seek_p95_ms: r.seekP95 });
  });

  await step('client', async () => {
    const r = await runClient(plan.client, workers!);
    console.log(clientTable(r));
    Object.assign(s, { join_js_gzip_kb: r.joinJs.gzipKb, stage_js_gzip_kb: r.stageJs.gzipKb, stage_frame_p95_ms: r.frameP95 });
  });

  // Issue 13 item 2: a bystander's vote while the largest legitimate log is imported (figures in its table).
  await step('import', async () => {
    console.log(importTable(await runImport({ votesEveryMs: 150, baselineMs: mode === 'quick' ? 1500 : 3000 })));
  });

  // Issue 13 item 3: a bystander's vote while one socket floods unknown events and two send 250 KB frames.
  await step('abuse', async () => {
    console.log(abuseTable(await runAbuse({ votesEveryMs: 150, phaseMs: mode === 'quick' ? 2000 : 10_000 })));
  });

  await workers?.close();
  report();
  return failures.length ? 1 : 0;
}

main().then(
  (code) => {
    cleanupAll();
    process.exit(code);
  },
  (err) => {
    console.error(err);
    cleanupAll();
    process.exit(1);
  },
);
