import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProtocolClient } from '../../scripts/bots/protocolClient';
import { engineCheck, startPostgres, startRedis, type Postgres, type Redis } from '../support/engines';
import { freePort, spawnServer, killHard } from '../support/childServer';
import { startBalancer } from '../support/loadBalancer';
import { command, hostView, teamView, type Host } from '../support/flows';
import type { TeamView } from '../../shared/schemas/views';

// Issue 14: two real server processes (tests/support/childServer.ts) on one Postgres and one Redis. The
// session lives on node A; the facilitator and half the room are connected to node B (their commands are
// forwarded to A), the other half to A. A is SIGKILLed in the middle of a vote burst: B takes the lease
// over, the session goes on, and no acknowledged vote is lost or written twice.
const { skip } = engineCheck(['postgres', 'redis']);
const LEASE_MS = 2000;

type Player = { client: ProtocolClient; token: string; participantId: string; team: 'buyer' | 'provider'; name: string };

/** Retries a request refused as retryable (SESSION_MOVED, STORAGE_FAILED) or unanswered, until it is answered otherwise. */
async function retrying<T extends { ok: boolean; code?: string }>(f: () => Promise<T>, retryable = ['SESSION_MOVED', 'STORAGE_FAILED'], until = Date.now() + 15_000): Promise<T> {
  for (;;) {
    let r: T | undefined;
    let why = '';
    try {
      r = await f();
    } catch (err) {
      r = undefined;
      why = (err as Error).message;
    }
    if (process.env.DEBUG_SCALEOUT) console.log('retry', r?.code, why);
    if (r && (r.ok || !retryable.includes(r.code!))) return r;
    if (Date.now() > until) throw new Error(`still refused: ${r?.code ?? 'no answer'}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

/** A client that re-attaches by itself after its connection dropped (what the real phone and console do). */
function reattachOnReconnect(client: ProtocolClient, attach: () => Promise<{ ok: boolean; code?: string }>): void {
  client.socket.io.on('reconnect', () => {
    void retrying(attach).then(
      (r) => process.env.DEBUG_SCALEOUT && console.log('reattached', r.ok, r.code),
      (e) => console.log('could not re-attach', (e as Error).message),
    );
  });
}

describe.skipIf(skip)('several nodes on Redis with failover', () => {
  let pg: Postgres;
  let redis: Redis;
  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([pg?.stop(), redis?.stop()]);
  });

  it('a participant on node A and the facilitator on node B play a round; the owner is killed mid-vote; B takes over and no acknowledged vote is lost', async () => {
    const databaseUrl = await pg.database('scaleout');
    const dirs = [mkdtempSync(path.join(os.tmpdir(), 'powerup-nodeA-')), mkdtempSync(path.join(os.tmpdir(), 'powerup-nodeB-'))];
    const [portA, portB] = [await freePort(), await freePort()];
    const env = (id: string) => ({ DATABASE_URL: databaseUrl, REDIS_URL: redis.url, NODE_ID: id, LEASE_MS: String(LEASE_MS) });
    const [a, b] = await Promise.all([spawnServer({ port: portA, dataDir: dirs[0], env: env('a') }), spawnServer({ port: portB, dataDir: dirs[1], env: env('b') })]);
    // Clients reach the nodes through balancers: "toA" prefers A, "toB" prefers B; each falls back to the other.
    const [toA, toB] = await Promise.all([startBalancer([portA, portB]), startBalancer([portB, portA])]);
    const clients: ProtocolClient[] = [];
    try {
      // Created on A: A owns the session. The facilitator attaches on B (forwarded to A).
      const creator = new ProtocolClient(a.url);
      clients.push(creator);
      const created = await creator.request('session:create', { config: { decideSeconds: 600, storyRounds: false } });
      if (!created.ok) throw new Error(created.code);
      const { code, hostKey } = created;
      const hostClient = new ProtocolClient(toB.url);
      clients.push(hostClient);
      const host: Host = { client: hostClient, code, hostKey };
      const attached = await host.client.request('host:attach', { code, hostKey });
      expect(attached.ok).toBe(true);
      reattachOnReconnect(hostClient, () => hostClient.request('host:attach', { code, hostKey }, 3000));

      const players: Player[] = [];
      for (let i = 0; i < 8; i++) {
        const client = new ProtocolClient(i % 2 === 0 ? toA.url : toB.url);
        clients.push(client);
        const r = await client.request('participant:join', { code, name: `P${i}`, team: i % 4 < 2 ? 'buyer' : 'provider' });
        if (!r.ok) throw new Error(`join: ${r.code}`);
        const p: Player = { client, token: r.token, participantId: r.participantId, team: r.me.team, name: `P${i}` };
        players.push(p);
        reattachOnReconnect(client, () => client.request('participant:rejoin', { code, token: p.token, lastSeq: client.seq }, 3000));
      }
      // Views reach every participant wherever they are connected, and presence works across nodes.
      await host.client.until(() => hostView(host)?.state && Object.keys(hostView(host).state.participants).length === 8);
      await host.client.until(() => Object.values(hostView(host).presence).filter((s) => s === 'connected').length === 8);

      await command(host, { type: 'startRound' });
      await command(host, { type: 'startTimer' });
      await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'deciding')));
      await host.client.until(() => hostView(host).timer.deadline !== null);
      const deadlineBefore = hostView(host).timer.deadline!;

      const acked: { seq: number; participantId: string; optionId: string }[] = [];
      const vote = async (p: Player, n: number, timeoutMs = 3000) => {
        const opts = (teamView(p.client) as TeamView).card!.options.filter((o) => o.team === p.team);
        const optionId = opts[n % opts.length].id;
        const r = await p.client.request('participant:choose', { optionId }, timeoutMs);
        if (r.ok) acked.push({ seq: r.seq, participantId: p.participantId, optionId });
        return r;
      };
      // Everyone votes once through their own node.
      for (const [i, p] of players.entries()) expect((await vote(p, i)).ok).toBe(true);

      // A burst of changed votes from both nodes, and the owner is SIGKILLed in the middle of it.
      const burst = players.flatMap((p, i) => [1, 2, 3].map((k) => vote(p, i + k).catch(() => undefined)));
      await new Promise((r) => setTimeout(r, 5));
      const killedAt = Date.now();
      await killHard(a.child);
      await Promise.all(burst);

      // B takes the session over; a vote from a participant on B goes through again.
      const onB = players.filter((_, i) => i % 2 === 1);
      const firstAfter = await retrying(() => vote(onB[0], 7));
      const takeoverMs = Date.now() - killedAt;
      expect(firstAfter.ok).toBe(true);
      console.log(`failover: first acknowledged vote ${takeoverMs} ms after the owner's SIGKILL (lease ${LEASE_MS} ms)`);
      expect(takeoverMs).toBeLessThan(5000 + 3000);

      // The clients of A reconnected through their balancer to B and rejoined by themselves; everyone votes again.
      // (Until a phone has rejoined, its new connection is not a participant yet: NOT_PARTICIPANT, retried.)
      for (const [i, p] of players.entries()) expect((await retrying(() => vote(p, i + 5), ['SESSION_MOVED', 'STORAGE_FAILED', 'NOT_PARTICIPANT'])).ok).toBe(true);

      // One log, seq 1..n, no gap, no duplicate; every acknowledged vote is in it, at its seq, as acknowledged.
      const log = await (await fetch(`${toB.url}/api/sessions/${code}/log`, { headers: { authorization: `Bearer ${hostKey}` } })).json();
      const seqs = log.events.map((e: { seq: number }) => e.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      const bySeq = new Map<number, any>(log.events.map((e: { seq: number; event: unknown }) => [e.seq, e.event]));
      for (const v of acked) {
        const e = bySeq.get(v.seq);
        expect(e, `acked seq ${v.seq}`).toMatchObject({ type: 'choiceMade', participantId: v.participantId, optionId: v.optionId });
      }
      expect(new Set(acked.map((v) => v.seq)).size).toBe(acked.length);
      // The timer got back the time the session had no owner, recorded as a pause by the restart.
      const types = log.events.map((e: { event: { type: string } }) => e.event.type);
      expect(types).toContain('paused');
      const paused = log.events.filter((e: any) => e.event.type === 'paused').at(-1).event;
      const resumed = log.events.filter((e: any) => e.event.type === 'resumed').at(-1).event;
      expect(paused.reason).toBe('restart');
      await host.client.until(() => hostView(host).timer.deadline !== deadlineBefore);
      expect(hostView(host).timer.deadline! - deadlineBefore).toBe(resumed.at - paused.at);

      // One state on every client: the reveal reaches everyone, with the same tally.
      const revealed = await retrying(() => host.client.request('host:command', { command: { type: 'reveal' } }, 3000));
      if (!revealed.ok) throw new Error(revealed.code);
      await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'reveal' && c.seq >= revealed.seq, 15_000)));
      await host.client.until(() => hostView(host).phase === 'reveal');
      // Everyone of a team sees the same team view (the same state), on whichever node they are.
      for (const team of ['buyer', 'provider'] as const) {
        const views = players.filter((p) => p.team === team).map((p) => JSON.stringify({ ...(teamView(p.client) as TeamView), timer: null }));
        expect(new Set(views).size).toBe(1);
      }
    } finally {
      for (const c of clients) c.close();
      await Promise.all([toA.close(), toB.close()]);
      for (const n of [a, b]) if (n.child.exitCode === null && n.child.signalCode === null) await killHard(n.child);
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  }, 120_000);
});
