// (i) A bystander while sockets abuse the server (issue 13 item 3): the real server in its own process;
// one participant of a running session votes (changing their choice) every 150 ms, first with nothing
// else going on, then while (a) one socket floods unknown events and (b) two sockets send ~250 KB frames
// back to back. The abusers run in their own processes (bench/abuser.ts) and reconnect whenever the
// server drops them. Before the fix: unknown events skipped the rate limit (127,522 UNKNOWN_EVENT answers
// in 5 s on one socket) and two 250 KB senders pushed the bystander's vote from 2–4 ms to 227–529 ms.
import { fork } from 'node:child_process';
import { startRealServer } from '../processes';
import { trackChild } from '../resources';
import { startBystander } from '../bystander';
import { ProtocolClient } from '../../scripts/bots/protocolClient';
import { percentile, round, sleep } from '../stats';
import { formatTable } from '../table';

export type AbuseBenchOptions = { votesEveryMs: number; phaseMs: number };
type Counts = { sent: number; acks: Record<string, number>; disconnects: number; connects: number };
type Phase = { votes: number; lost: number; p50: number; p99: number; max: number; abuse?: Counts };
export type AbuseBenchResult = { baseline: Phase; flood: Phase; big: Phase; abuseSeconds: number };

const stats = (xs: number[]) => ({ votes: xs.length, p50: round(percentile(xs, 50)), p99: round(percentile(xs, 99)), max: round(Math.max(...xs)) });

function abuser(mode: 'flood' | 'big', url: string, ms: number, sockets: number): Promise<Counts> {
  const child = trackChild(fork('bench/abuser.ts', [mode, url, String(ms), String(sockets)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as Counts));
    child.once('exit', (code) => reject(new Error(`abuser ${mode} exited with ${code} before reporting`)));
  });
}

export async function runAbuse(opts: AbuseBenchOptions): Promise<AbuseBenchResult> {
  const server = await startRealServer();
  const clients: ProtocolClient[] = [];
  try {
    const { voteWhile } = await startBystander(server.url, 3600, clients);
    const phase = async (): Promise<Omit<Phase, 'abuse'>> => {
      const end = performance.now() + opts.phaseMs;
      const { acks, lost } = await voteWhile(() => performance.now() < end, opts.votesEveryMs);
      return { ...stats(acks), lost };
    };
    const withAbuser = async (mode: 'flood' | 'big', sockets: number): Promise<Phase> => {
      const counts = abuser(mode, server.url, opts.phaseMs + 1000, sockets);
      await sleep(1000); // the abuser's process starts and gets going
      const p = await phase();
      return { ...p, abuse: await counts };
    };

    await sleep(500);
    const baseline = await phase();
    const flood = await withAbuser('flood', 1);
    await sleep(1000);
    const big = await withAbuser('big', 2);
    return { baseline, flood, big, abuseSeconds: (opts.phaseMs + 1000) / 1000 };
  } finally {
    for (const c of clients) c.close();
    await server.stop();
  }
}

export function abuseTable(r: AbuseBenchResult): string {
  const ratio = (x: number) => `${round(x / r.baseline.p50, 1)}×`;
  const ack = (p: Phase, code: string) => p.abuse?.acks[code] ?? 0;
  const rate = (p: Phase) => round((p.abuse?.sent ?? 0) / r.abuseSeconds, 0);
  const others = (p: Phase) => Object.entries(p.abuse?.acks ?? {}).filter(([k]) => k !== 'UNKNOWN_EVENT' && k !== 'RATE_LIMITED').reduce((a, [, v]) => a + v, 0);
  return formatTable("(i) A bystander's vote while sockets abuse the server (issue 13 item 3)", ['figure', 'no abuse', '(a) 1 socket flooding unknown events', '(b) 2 sockets sending 250 KB frames'], [
    ['votes acknowledged / without an ack in 10 s', `${r.baseline.votes} / ${r.baseline.lost}`, `${r.flood.votes} / ${r.flood.lost}`, `${r.big.votes} / ${r.big.lost}`],
    ['vote ack p50 (ms)', r.baseline.p50, r.flood.p50, r.big.p50],
    ['vote ack p99 (ms)', r.baseline.p99, r.flood.p99, r.big.p99],
    ['vote ack max (ms)', r.baseline.max, r.flood.max, r.big.max],
    ['p50 / no-abuse p50', '1×', ratio(r.flood.p50), ratio(r.big.p50)],
    ['p99 / no-abuse p99', '1×', `${round(r.flood.p99 / r.baseline.p99, 1)}×`, `${round(r.big.p99 / r.baseline.p99, 1)}×`],
    ['abuser messages sent (per s)', '', rate(r.flood), rate(r.big)],
    ['abuser answers: UNKNOWN_EVENT / RATE_LIMITED / other', '', `${ack(r.flood, 'UNKNOWN_EVENT')} / ${ack(r.flood, 'RATE_LIMITED')} / ${others(r.flood)}`, `${ack(r.big, 'UNKNOWN_EVENT')} / ${ack(r.big, 'RATE_LIMITED')} / ${others(r.big)}`],
    ['abuser connections dropped by the server', '', r.flood.abuse?.disconnects ?? 0, r.big.abuse?.disconnects ?? 0],
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runAbuse({ votesEveryMs: 150, phaseMs: 10_000 });
  console.log(abuseTable(r));
  console.log(JSON.stringify(r));
  process.exit(0);
}
