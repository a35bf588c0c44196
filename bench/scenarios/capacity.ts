// (a) Capacity: many small workshops on one server process, and what each participant costs in memory.
import { startRealServer } from '../processes';
import { createSessions } from '../hosts';
import type { LoadWorkers } from '../loadWorkers';
import { round, sleep } from '../stats';
import { formatTable } from '../table';

export type CapacityOptions = { participants: number; roomSize: number; settleMs: number };

export type CapacityResult = {
  participants: number;
  rooms: number;
  joined: number;
  /** Still connected after the settle pause. */
  held: number;
  joinSeconds: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  /** (RSS after joining − RSS before) / (participants / 1000). */
  rssMbPer1000: number;
  firstError?: string;
};

/**
 * Starts the real server, creates the sessions (no facilitator stays connected), reads the server's
 * RSS, joins `participants` over `roomSize`-person rooms from the load workers, waits, reads it again.
 * `settleMs` is the quiet time before each RSS reading, so coalesced broadcasts and GC have settled.
 */
export async function runCapacity(opts: CapacityOptions, workers: LoadWorkers): Promise<CapacityResult> {
  const server = await startRealServer();
  try {
    const rooms = Math.ceil(opts.participants / opts.roomSize);
    const codes = await createSessions(server.url, rooms, { maxParticipants: opts.roomSize });
    await sleep(opts.settleMs);
    const rssBeforeMb = server.rssMb();

    // Whole rooms per worker, dealt round-robin.
    const perWorker = workers.workers.map(() => [] as { code: string; count: number }[]);
    codes.forEach((code, i) => {
      const count = Math.min(opts.roomSize, opts.participants - i * opts.roomSize);
      perWorker[i % workers.size].push({ code, count });
    });
    const t0 = performance.now();
    const joins = await workers.each(
      perWorker.map((rs) => ({ cmd: 'join' as const, target: 'real' as const, url: server.url, rooms: rs, namePrefix: 'Guest ', concurrency: 50, timeoutMs: 30_000 })),
      300_000,
    );
    const joinSeconds = (performance.now() - t0) / 1000;
    await sleep(opts.settleMs);
    const rssAfterMb = server.rssMb();
    const held = (await workers.all({ cmd: 'connected' }, 10_000)).reduce((n, r) => n + r.connected, 0);
    const joined = joins.reduce((n, r) => n + r.joined, 0);
    return {
      participants: opts.participants,
      rooms,
      joined,
      held,
      joinSeconds: round(joinSeconds, 1),
      rssBeforeMb: round(rssBeforeMb, 1),
      rssAfterMb: round(rssAfterMb, 1),
      rssMbPer1000: round((rssAfterMb - rssBeforeMb) / (opts.participants / 1000), 1),
      firstError: joins.find((r) => r.firstError)?.firstError,
    };
  } finally {
    await workers.reset().catch(() => {});
    await server.stop();
  }
}

export function capacityTable(r: CapacityResult): string {
  return formatTable('(a) Capacity: participants over rooms on one server process', ['figure', 'value'], [
    ['participants asked / joined / still connected', `${r.participants} / ${r.joined} / ${r.held}`],
    ['rooms', r.rooms],
    ['time to join everyone (s)', r.joinSeconds],
    ['server RSS before participants (MB)', r.rssBeforeMb],
    ['server RSS after joining and settling (MB)', r.rssAfterMb],
    ['RSS per 1,000 participants (MB)', r.rssMbPer1000],
    ...(r.firstError ? [['first join error', r.firstError] as [string, string]] : []),
  ]);
}
