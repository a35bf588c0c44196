// (b) and (c) The vote burst: one big room votes within a couple of seconds, against the real server
// through the real protocol, and against the bare socket.io baseline (bench/bareServer.ts).
import { startRealServer, startBareServer, type ServerUnderTest } from '../processes';
import { LoadWorkers, split } from '../loadWorkers';
import type { Target, BurstResult } from '../loadProtocol';
import { createHostedSession, command, openVote, type Host } from '../../tests/support/flows';
import type { HostView } from '../../shared/protocol/events';
import { nowMs, percentile, round } from '../stats';
import { formatTable } from '../table';

export type BurstOptions = { target: Target; participants: number; windowMs: number };

export type BurstFigures = {
  target: Target;
  participants: number;
  joined: number;
  joinSeconds: number;
  votesSent: number;
  ackP50: number;
  ackP95: number;
  ackP99: number;
  ackMax: number;
  /** Last vote sent → the last client to hear the full tally. */
  tallySettleMs: number;
  /** Clients that never heard the full tally. */
  tallyMissing: number;
  /** Acks missing or refused, plus acked votes the facilitator's view does not have (real server only). */
  lost: number;
  lostDetail: string;
};

/** Margin between telling the workers and the first vote, so both start on the same clock. */
const START_MARGIN_MS = 500;
const ROOM = 'burst';

export async function runBurst(opts: BurstOptions, workers: LoadWorkers): Promise<BurstFigures> {
  const server: ServerUnderTest = opts.target === 'real' ? await startRealServer() : await startBareServer();
  try {
    return await burstAt(opts, [server.url], workers);
  } finally {
    await server.stop();
  }
}

/**
 * The burst against servers already running: the session is created on the first URL (its owner, with
 * several nodes) and the participants are dealt over all of them, as a round-robin balancer would.
 */
export async function burstAt(opts: BurstOptions, urls: string[], workers: LoadWorkers): Promise<BurstFigures> {
  let host: Host | undefined;
  try {
    let code = ROOM;
    if (opts.target === 'real') {
      // A long timer so the burst ends by votes, never by time.
      host = await createHostedSession(urls[0], { maxParticipants: opts.participants, decideSeconds: 600 });
      code = host.code;
    }
    const t0 = performance.now();
    const counts = split(opts.participants, workers.size);
    const joins = await workers.each(
      counts.map((count, i) => ({ cmd: 'join' as const, target: opts.target, url: urls[0], urls, rooms: [{ code, count }], namePrefix: `W${i} Voter `, concurrency: 50, timeoutMs: 60_000 })),
      300_000,
    );
    const joinSeconds = (performance.now() - t0) / 1000;
    const joined = joins.reduce((n, r) => n + r.joined, 0);
    if (joined < opts.participants) throw new Error(`only ${joined} of ${opts.participants} joined: ${joins.find((r) => r.firstError)?.firstError}`);

    if (host) {
      await command(host, { type: 'startRound' });
      // Straight to the vote (a story card's pitches and backing are skipped).
      await openVote(host);
    }
    const ready = await workers.all({ cmd: 'ready', timeoutMs: 30_000 }, 40_000);
    const notReady = ready.reduce((n, r) => n + r.notReady, 0);
    if (notReady) throw new Error(`${notReady} clients never saw the deciding phase`);

    const startAt = nowMs() + START_MARGIN_MS;
    const results = await workers.each(
      counts.map((_, i) => ({ cmd: 'burst' as const, startAt, windowMs: opts.windowMs, expectedTotal: joined, seed: 1000 + i, timeoutMs: 30_000 })),
      120_000,
    );
    const missingFromView = host ? await ackedButNotStored(host, results) : 0;
    return figures(opts, joined, joinSeconds, results, missingFromView);
  } finally {
    host?.client.close();
    await workers.reset().catch(() => {});
  }
}

/** Acked votes the facilitator's fresh view (round.choices) does not hold. */
async function ackedButNotStored(host: Host, results: BurstResult[]): Promise<number> {
  const r = await host.client.request('sync', { lastSeq: 0 });
  if (!r.ok || !r.view) throw new Error('facilitator sync failed');
  const choices = (r.view as HostView).round?.choices ?? {};
  return results.reduce((n, res) => n + res.ackedIds.filter((id) => !(id in choices)).length, 0);
}

function figures(opts: BurstOptions, joined: number, joinSeconds: number, results: BurstResult[], missingFromView: number): BurstFigures {
  const latencies = results.flatMap((r) => r.latencies);
  const unacked = results.reduce((n, r) => n + r.unacked, 0);
  const refused = results.reduce((n, r) => n + r.refused, 0);
  const tallyMissing = results.reduce((n, r) => n + r.tallyMissing, 0);
  const lastSent = Math.max(...results.map((r) => r.lastSentAt));
  const lastTally = Math.max(...results.map((r) => r.lastTallyAt));
  const firstRefusal = results.find((r) => r.firstRefusal)?.firstRefusal;
  return {
    target: opts.target,
    participants: opts.participants,
    joined,
    joinSeconds: round(joinSeconds, 1),
    votesSent: results.reduce((n, r) => n + r.sent, 0),
    ackP50: round(percentile(latencies, 50)),
    ackP95: round(percentile(latencies, 95)),
    ackP99: round(percentile(latencies, 99)),
    ackMax: round(Math.max(...latencies)),
    tallySettleMs: tallyMissing ? NaN : round(lastTally - lastSent, 1),
    tallyMissing,
    lost: unacked + refused + missingFromView,
    lostDetail: `${unacked} + ${refused}${firstRefusal ? ` (${firstRefusal})` : ''} + ${missingFromView}`,
  };
}

export function burstTable(real: BurstFigures, bare: BurstFigures): string {
  const row = (label: string, pick: (f: BurstFigures) => number | string) => [label, pick(real), pick(bare)];
  return formatTable(
    `(b)(c) Vote burst: ${real.participants} participants in one room, all voting within the window`,
    ['figure', 'Power Up', 'bare socket.io'],
    [
      row('participants joined', (f) => f.joined),
      row('time to join everyone (s)', (f) => f.joinSeconds),
      row('votes sent', (f) => f.votesSent),
      row('ack p50 (ms)', (f) => f.ackP50),
      row('ack p95 (ms)', (f) => f.ackP95),
      row('ack p99 (ms)', (f) => f.ackP99),
      row('ack max (ms)', (f) => f.ackMax),
      row('last vote → full tally on every client (ms)', (f) => f.tallySettleMs),
      row('clients that never saw the full tally', (f) => f.tallyMissing),
      row('lost votes', (f) => f.lost),
      row('  = unacked + refused + acked but not stored', (f) => f.lostDetail),
    ],
  );
}
