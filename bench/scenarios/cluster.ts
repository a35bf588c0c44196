// Issue 14 item 6, `npm run bench -- --nodes 3`: the figures that change with several nodes, measured on one
// node (the default: SQLite) and on three nodes (PostgreSQL + Redis, started from Debian's packages as the
// engine tests do) in the same run, side by side: participants held, a vote burst in one room whose
// participants are dealt over the nodes, durable events/s on SQLite and on PostgreSQL, and what a SIGKILL
// costs (one node: restarted on its data; three nodes: another node takes the session over).
import { Redis as RedisClient } from 'ioredis';
import { startRealServer, type RealServer } from '../processes';
import { createSessions, SESSIONS_PER_ADDRESS } from '../hosts';
import { LoadWorkers, split } from '../loadWorkers';
import { burstAt, type BurstFigures } from './burst';
import { runDurable, type DurableOptions } from './durable';
import { startPostgres, startRedis, type Postgres, type Redis } from '../../tests/support/engines';
import { startBalancer } from '../../tests/support/loadBalancer';
import { ProtocolClient } from '../../scripts/bots/protocolClient';
import { RETRYABLE_CODES } from '../../shared/protocol/events';
import type { TeamView } from '../../shared/schemas/views';
import { onCleanup } from '../resources';
import { round, sleep } from '../stats';
import { formatTable } from '../table';

export type ClusterOptions = {
  nodes: number;
  capacity: { participants: number; roomSize: number; settleMs: number };
  burst: { participants: number; windowMs: number };
  durable: DurableOptions;
};

type Capacity = { participants: number; joined: number; held: number; rssMb: number; joinSeconds: number };
/** SIGKILL of the session's owner → the session answers again. */
export type Takeover = {
  /** Three nodes: another node holds the lease (ms after the SIGKILL); one node: null. */
  leaseMs: number | null;
  /** One node: the process was up again (ms after the SIGKILL); three nodes: null. */
  restartMs: number | null;
  firstAckMs: number;
  /** Every participant (re-attached by itself) had a vote counted again. */
  allBackMs: number;
  participants: number;
};
type Side = { label: string; capacity: Capacity | null; burst: BurstFigures | null; takeover: Takeover | null; errors: string[] };
export type ClusterResult = { one: Side; many: Side; durableSqlite: number | null; durablePostgres: number | null; leaseMs: number; errors: string[] };

/** Runs a step, keeping what failed (the other figures are still worth having), and prints it at once. */
async function attempt<T>(errors: string[], name: string, f: () => Promise<T>): Promise<T | null> {
  const t0 = performance.now();
  try {
    const r = await f();
    // As it comes: a run cut short by the hard time limit still shows what it measured.
    console.log(`   (${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s) ${JSON.stringify(r)}`);
    return r;
  } catch (err) {
    errors.push(`${name}: ${(err as Error).message}`);
    return null;
  }
}

/** Many small workshops, sessions created round-robin on the nodes, participants dealt over every node. */
async function capacityOn(servers: RealServer[], opts: ClusterOptions['capacity'], workers: LoadWorkers): Promise<Capacity> {
  const urls = servers.map((s) => s.url);
  const rooms = Math.ceil(opts.participants / opts.roomSize);
  const perNode = split(rooms, urls.length);
  // Each node's creations from addresses of their own: the nodes share one creation budget per address (Redis).
  const firstAddress = perNode.map((_, i) => perNode.slice(0, i).reduce((a, n) => a + Math.ceil(n / SESSIONS_PER_ADDRESS), 0));
  const codes = (await Promise.all(perNode.map((n, i) => createSessions(urls[i], n, { maxParticipants: opts.roomSize }, firstAddress[i])))).flat();
  await sleep(opts.settleMs);
  const rssBefore = servers.reduce((n, s) => n + s.rssMb(), 0);
  const perWorker = workers.workers.map(() => [] as { code: string; count: number }[]);
  codes.forEach((code, i) => perWorker[i % workers.size].push({ code, count: Math.min(opts.roomSize, opts.participants - i * opts.roomSize) }));
  const t0 = performance.now();
  const joins = await workers.each(
    perWorker.map((rs) => ({ cmd: 'join' as const, target: 'real' as const, url: urls[0], urls, rooms: rs, namePrefix: 'Guest ', concurrency: 50, timeoutMs: 30_000 })),
    300_000,
  );
  const joinSeconds = (performance.now() - t0) / 1000;
  await sleep(opts.settleMs);
  const rssAfter = servers.reduce((n, s) => n + s.rssMb(), 0);
  const held = (await workers.all({ cmd: 'connected' }, 10_000)).reduce((n, r) => n + r.connected, 0);
  await workers.reset();
  return { participants: opts.participants, joined: joins.reduce((n, r) => n + r.joined, 0), held, rssMb: round(rssAfter - rssBefore, 1), joinSeconds: round(joinSeconds, 1) };
}

/** Votes again until the answer is not "not now" (the session moving, the node gone, the rejoin in flight). */
async function voteUntilCounted(c: ProtocolClient, n: number, until: number): Promise<boolean> {
  for (;;) {
    const view = c.view as TeamView | undefined;
    const mine = view?.card?.options.filter((o) => o.team === view.team) ?? [];
    const r = mine.length ? await c.request('participant:choose', { optionId: mine[n % mine.length].id }, 1500).catch(() => undefined) : undefined;
    if (r?.ok) return true;
    if (r && !RETRYABLE_CODES.has(r.code) && r.code !== 'NOT_PARTICIPANT') return false;
    if (Date.now() > until) return false;
    await sleep(100);
  }
}

/**
 * A session with `participants` clients that re-attach by themselves, reaching the nodes through balancers
 * (each prefers one node, falls back to the next); mid-vote the owner is SIGKILLed. One node: it is started
 * again on its data (what a supervisor does). Several: another node takes the session over.
 */
async function takeoverOn(servers: RealServer[], participants: number, leaseMs: number, redisUrl?: string): Promise<Takeover> {
  const ports = servers.map((s) => s.port);
  const balancers = await Promise.all(ports.map((_, i) => startBalancer(ports.map((__, k) => ports[(i + k) % ports.length]))));
  const clients: ProtocolClient[] = [];
  const redis = redisUrl ? new RedisClient(redisUrl) : undefined;
  try {
    const host = new ProtocolClient(balancers[0].url, { reattach: true });
    clients.push(host);
    const created = await host.request('session:create', { config: { decideSeconds: 600, storyRounds: false } });
    if (!created.ok) throw new Error(`create: ${created.code}`);
    const attached = await host.request('host:attach', { code: created.code, hostKey: created.hostKey });
    if (!attached.ok) throw new Error(`attach: ${attached.code}`);
    for (let i = 0; i < participants; i++) {
      const c = new ProtocolClient(balancers[i % balancers.length].url, { reattach: true });
      clients.push(c);
      const r = await c.request('participant:join', { code: created.code, name: `T${i}` });
      if (!r.ok) throw new Error(`join: ${r.code}`);
    }
    for (const command of [{ type: 'startRound' }, { type: 'startTimer' }]) {
      const r = await host.request('host:command', { command });
      if (!r.ok) throw new Error(`${command.type}: ${r.code}`);
    }
    const voters = clients.slice(1);
    await Promise.all(voters.map((c) => c.until((x) => (x.view as TeamView | undefined)?.phase === 'deciding')));
    for (const [i, c] of voters.entries()) if (!(await voteUntilCounted(c, i, Date.now() + 10_000))) throw new Error('a first vote was refused');

    // Created through the balancer that prefers the first node: it owns the session (NODE_ID n0).
    const owner = servers[0];
    const burst = voters.map((c, i) => voteUntilCounted(c, i + 1, 0));
    await sleep(5);
    const killedAt = Date.now();
    await owner.kill();
    let leaseMsTaken: number | null = null;
    let restartMs: number | null = null;
    const lease = redis
      ? (async () => {
          for (;;) {
            const v = await redis.get(`powerup:owner:${created.code}`);
            if (v && !v.startsWith('n0:')) return (leaseMsTaken = Date.now() - killedAt);
            if (Date.now() - killedAt > 30_000) return;
            await sleep(25);
          }
        })()
      : undefined;
    // One node: started again where it was (same port, same data).
    const restart = redis ? undefined : startRealServer({ port: owner.port, dataDir: owner.dataDir }).then((s) => ((restartMs = Date.now() - killedAt), s));
    await Promise.all(burst);
    let firstAckMs = Infinity;
    const back = await Promise.all(
      voters.map(async (c, i) => {
        const ok = await voteUntilCounted(c, i + 2, Date.now() + 60_000);
        if (ok) firstAckMs = Math.min(firstAckMs, Date.now() - killedAt);
        return ok;
      }),
    );
    const allBackMs = Date.now() - killedAt;
    if (back.some((ok) => !ok)) throw new Error(`${back.filter((ok) => !ok).length} participants never got a vote counted again`);
    await lease;
    const restarted = await restart;
    if (restarted) servers[0] = restarted;
    return { leaseMs: leaseMsTaken, restartMs, firstAckMs, allBackMs, participants };
  } finally {
    for (const c of clients) c.close();
    redis?.disconnect();
    await Promise.all(balancers.map((b) => b.close()));
  }
}

export async function runCluster(opts: ClusterOptions, workers: LoadWorkers): Promise<ClusterResult> {
  // The default lease: what an operator gets without tuning.
  const leaseMs = 3000;
  const errors: string[] = [];
  const one: Side = { label: '1 node (SQLite)', capacity: null, burst: null, takeover: null, errors: [] };
  const many: Side = { label: `${opts.nodes} nodes (PostgreSQL + Redis)`, capacity: null, burst: null, takeover: null, errors: [] };
  const result: ClusterResult = { one, many, durableSqlite: null, durablePostgres: null, leaseMs, errors };

  // One node, as `npm start` runs it.
  const single = [await startRealServer()];
  try {
    one.capacity = await attempt(one.errors, '1 node capacity', () => capacityOn(single, opts.capacity, workers));
    one.burst = await attempt(one.errors, '1 node burst', () => burstAt({ target: 'real', ...opts.burst }, [single[0].url], workers));
    one.takeover = await attempt(one.errors, '1 node SIGKILL', () => takeoverOn(single, 6, leaseMs));
  } finally {
    await single[0].stop();
  }
  result.durableSqlite = (await attempt(errors, 'durable (SQLite)', () => runDurable(opts.durable)))?.eventsPerSecond ?? null;

  let pg: Postgres | undefined;
  let redis: Redis | undefined;
  try {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
    const { stop: stopPg } = pg;
    const { stop: stopRedis } = redis;
    const unregister = onCleanup(() => void Promise.all([stopPg(), stopRedis()]));
    try {
      const pgUrl = pg.database('benchdurable');
      result.durablePostgres = (await attempt(errors, 'durable (PostgreSQL)', async () => runDurable(opts.durable, await pgUrl)))?.eventsPerSecond ?? null;
      const databaseUrl = await pg.database('benchcluster');
      const env = (i: number) => ({ DATABASE_URL: databaseUrl, REDIS_URL: redis!.url, NODE_ID: `n${i}`, LEASE_MS: String(leaseMs) });
      const nodes = await Promise.all(Array.from({ length: opts.nodes }, (_, i) => startRealServer({ env: env(i) })));
      try {
        many.capacity = await attempt(many.errors, `${opts.nodes} nodes capacity`, () => capacityOn(nodes, opts.capacity, workers));
        many.burst = await attempt(many.errors, `${opts.nodes} nodes burst`, () => burstAt({ target: 'real', ...opts.burst }, nodes.map((n) => n.url), workers));
        many.takeover = await attempt(many.errors, `${opts.nodes} nodes SIGKILL`, () => takeoverOn(nodes, 6, leaseMs, redis!.url));
      } finally {
        await Promise.all(nodes.map((n) => n.stop()));
      }
    } finally {
      unregister();
    }
  } catch (err) {
    errors.push(`engines: ${(err as Error).message}`);
  } finally {
    await Promise.all([pg?.stop(), redis?.stop()]);
  }
  return result;
}

const ms = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : String(Math.round(v)));

export function clusterTable(r: ClusterResult): string {
  const col = (s: Side, f: (s: Side) => string | number) => f(s);
  const row = (label: string, f: (s: Side) => string | number) => [label, col(r.one, f), col(r.many, f)];
  const c = (s: Side) => s.capacity;
  const b = (s: Side) => s.burst;
  const t = (s: Side) => s.takeover;
  const table = formatTable(`Issue 14: one node beside ${r.many.label.split(' ')[0]} nodes (lease ${r.leaseMs} ms)`, ['figure', r.one.label, r.many.label], [
    row('participants held (of joined)', (s) => (c(s) ? `${c(s)!.held} of ${c(s)!.joined}` : '—')),
    row('  time to join them (s)', (s) => c(s)?.joinSeconds ?? '—'),
    row('  RSS added, all nodes (MB)', (s) => c(s)?.rssMb ?? '—'),
    row('burst: participants in one room (dealt over the nodes)', (s) => b(s)?.joined ?? '—'),
    row('  ack p50 / p99 (ms)', (s) => (b(s) ? `${b(s)!.ackP50} / ${b(s)!.ackP99}` : '—')),
    row('  lost votes', (s) => b(s)?.lost ?? '—'),
    row('  last vote → final tally on every client (ms)', (s) => (b(s) ? ms(b(s)!.tallySettleMs) : '—')),
    row('durable events/s (in-process store)', (s) => (s === r.one ? (r.durableSqlite ?? '—') : (r.durablePostgres ?? '—'))),
    row('SIGKILL of the owner: restarted / lease taken (ms)', (s) => (t(s) ? ms(t(s)!.restartMs ?? t(s)!.leaseMs) : '—')),
    row('  first vote counted again (ms)', (s) => (t(s) ? ms(t(s)!.firstAckMs) : '—')),
    row('  every participant counted again (ms)', (s) => (t(s) ? `${ms(t(s)!.allBackMs)} (${t(s)!.participants})` : '—')),
  ]);
  const errs = [...r.errors, ...r.one.errors, ...r.many.errors];
  return errs.length ? `${table}\n!! ${errs.join('\n!! ')}` : table;
}

/** The last line of a `--nodes N` run. */
export function clusterSummary(r: ClusterResult): string {
  const side = (s: Side) => ({
    participants_held: s.capacity?.held ?? null,
    burst_participants: s.burst?.joined ?? null,
    burst_ack_p99_ms: s.burst?.ackP99 ?? null,
    burst_lost: s.burst?.lost ?? null,
    burst_tally_settle_ms: s.burst && Number.isFinite(s.burst.tallySettleMs) ? s.burst.tallySettleMs : null,
    sigkill_first_ack_ms: s.takeover && Number.isFinite(s.takeover.firstAckMs) ? s.takeover.firstAckMs : null,
    sigkill_all_back_ms: s.takeover?.allBackMs ?? null,
  });
  return JSON.stringify({
    mode: 'nodes',
    nodes: Number(r.many.label.split(' ')[0]),
    lease_ms: r.leaseMs,
    one_node: side(r.one),
    many_nodes: { ...side(r.many), lease_taken_ms: r.many.takeover?.leaseMs ?? null },
    durable_events_per_s_sqlite: r.durableSqlite,
    durable_events_per_s_postgres: r.durablePostgres,
  });
}
