import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis as RedisClient } from 'ioredis';
import defaultDeckV2Json from '../../shared/deck/default-deck-v2.json';
import { startServer, type RunningServer } from '../../server/app';
import { RedisBuckets } from '../../server/security/sharedBuckets';
import { DECK_LIMITS } from '../../server/http/deckRoutes';
import { ProtocolClient } from '../../scripts/bots/protocolClient';
import { engineCheck, startPostgres, startRedis, type Postgres, type Redis } from '../support/engines';
import type { HostView } from '../../shared/protocol/events';

// Issue 14: two nodes on one PostgreSQL and one Redis (REDIS_URL), in this process. What one node stores or
// counts, the other sees: the deck studio's saved decks (on the Store), and the per-address abuse limits
// (token buckets in Redis). All the clients come from 127.0.0.1, one address on both nodes.
const { skip } = engineCheck(['postgres', 'redis']);

const LIMITS = { createsBurst: 6, createsPerSecond: 0.0001, failedLookupsBurst: 8, failedLookupsPerSecond: 0.0001 };

const deckJson = () => structuredClone(defaultDeckV2Json) as unknown as { title: string; cards: { title: string }[] };

async function until<T>(f: () => Promise<T | undefined>, what: string, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function deckApi(url: string) {
  const call = async (method: string, p: string, key?: string, body?: unknown) => {
    const res = await fetch(`${url}${p}`, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return {
    create: (deck: unknown) => call('POST', '/api/decks', undefined, deck),
    get: (id: string, key: string) => call('GET', `/api/decks/${id}`, key),
    put: (id: string, key: string, deck: unknown) => call('PUT', `/api/decks/${id}`, key, deck),
    del: (id: string, key: string) => call('DELETE', `/api/decks/${id}`, key),
  };
}

describe.skipIf(skip)('two nodes on Postgres and Redis: saved decks and abuse limits are shared', () => {
  let pg: Postgres;
  let redis: Redis;
  let admin: RedisClient;
  const nodes: RunningServer[] = [];
  const dirs: string[] = [];
  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
    admin = new RedisClient(redis.url);
    const databaseUrl = await pg.database('two_nodes');
    for (const id of ['na', 'nb']) {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), `powerup-${id}-`));
      dirs.push(dataDir);
      nodes.push(
        await startServer(
          { port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', corsOrigins: [], databaseUrl, redisUrl: redis.url, nodeId: id, leaseMs: 2000 },
          { limits: LIMITS },
        ),
      );
    }
  }, 90_000);
  afterAll(async () => {
    for (const n of nodes) await n.close();
    admin?.disconnect();
    await Promise.all([pg?.stop(), redis?.stop()]);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** Every shared bucket back to full: each test starts with the whole budget. */
  const resetLimits = async () => {
    const keys = await admin.keys('powerup:limit:*');
    if (keys.length) await admin.del(...keys);
  };

  it('a deck saved through node A is read, changed and played through node B, and deleted through A', async () => {
    await resetLimits();
    const [a, b] = nodes.map((n) => deckApi(n.url));
    const mine = deckJson();
    mine.title = 'Hospital billing';
    mine.cards[0].title = 'The first invoice';
    const made = await a.create(mine);
    expect(made.status).toBe(201);
    const { id, editKey } = made.body as { id: string; editKey: string };

    const onB = await b.get(id, editKey);
    expect(onB.status).toBe(200);
    expect(onB.body.deck).toEqual(mine);
    // The wrong key is refused on B as on A.
    expect((await b.get(id, 'wrong-key-wrong-key-wrong-key')).body).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });

    const changed = deckJson();
    changed.title = 'Hospital billing, second draft';
    changed.cards[0].title = 'The second invoice';
    expect((await b.put(id, editKey, changed)).status).toBe(200);
    expect((await a.get(id, editKey)).body).toMatchObject({ title: 'Hospital billing, second draft', deck: changed });

    // Played through B: the session is created on B from the deck as B reads it.
    const host = new ProtocolClient(nodes[1].url);
    try {
      const deck = (await b.get(id, editKey)).body.deck;
      const created = await host.request('session:create', { config: { rounds: 2, storyRounds: false, title: 'Billing workshop' }, deck });
      if (!created.ok) throw new Error(`create failed: ${created.code}`);
      const attached = await host.request('host:attach', { code: created.code, hostKey: created.hostKey });
      expect(attached.ok).toBe(true);
      if (attached.ok) expect((attached.view as HostView).state.deck.title).toBe('Hospital billing, second draft');
      const first = (await nodes[0].registry.store.events(created.code, 0, 1))[0].event as { type: string; deck: { cards: { title: string }[] } };
      expect(first.type).toBe('created');
      expect(first.deck.cards[0].title).toBe('The second invoice');
    } finally {
      host.close();
    }

    expect((await a.del(id, editKey)).status).toBe(200);
    expect((await b.get(id, editKey)).body).toMatchObject({ ok: false, code: 'NO_SUCH_DECK' });
    expect((await b.put(id, editKey, changed)).body).toMatchObject({ ok: false, code: 'NO_SUCH_DECK' });
  }, 30_000);

  it('sessions created: one budget over both nodes', async () => {
    await resetLimits();
    const clients = nodes.map((n) => new ProtocolClient(n.url));
    try {
      const answers: (string | true)[] = [];
      for (let i = 0; i < LIMITS.createsBurst; i++) {
        const r = await clients[i % 2].request('session:create', { config: { storyRounds: false } });
        answers.push(r.ok ? true : r.code);
      }
      expect(answers).toEqual(Array(LIMITS.createsBurst).fill(true));
      // Each node made only half of the budget, yet both refuse now.
      for (const c of clients) expect(await c.request('session:create', { config: { storyRounds: false } })).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    } finally {
      for (const c of clients) c.close();
    }
  }, 30_000);

  it('wrong codes: failures counted on both nodes (socket on one, HTTP on the other) block the address on both', async () => {
    const host = new ProtocolClient(nodes[0].url);
    const guests: ProtocolClient[] = [];
    try {
      await resetLimits();
      const created = await host.request('session:create', { config: { storyRounds: false, title: 'Real room' } });
      if (!created.ok) throw new Error(`create failed: ${created.code}`);
      const right = created.code;
      const wrong = right === 'QQQQQ' ? 'QQQQ2' : 'QQQQQ';
      const welcome = async (node: number, code: string) => (await fetch(`${nodes[node].url}/api/sessions/${code}/welcome`)).status;
      const joinWrong = async () => {
        const c = new ProtocolClient(nodes[1].url);
        guests.push(c);
        return c.request('participant:join', { code: wrong, name: 'Guess' });
      };
      // One short of the budget: 4 wrong codes over HTTP on A, 3 over the socket on B.
      for (let i = 0; i < LIMITS.failedLookupsBurst - 1; i++) {
        if (i % 2 === 0) expect(await welcome(0, wrong)).toBe(404);
        else expect(await joinWrong()).toMatchObject({ ok: false, code: 'NO_SUCH_SESSION' });
      }
      expect(await welcome(0, right)).toBe(200);
      expect(await welcome(1, right)).toBe(200);
      // The last failure, on B: A has counted only half, yet refuses the address once B's count reaches it.
      expect(await joinWrong()).toMatchObject({ ok: false, code: 'NO_SUCH_SESSION' });
      await until(async () => ((await welcome(0, right)) === 429 ? true : undefined), 'node A to refuse the address');
      expect(await welcome(1, right)).toBe(429);
      const c = new ProtocolClient(nodes[0].url);
      guests.push(c);
      expect(await c.request('participant:join', { code: right, name: 'Right' })).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    } finally {
      host.close();
      for (const g of guests) g.close();
    }
  }, 30_000);

  it('saved decks created: one budget over both nodes', async () => {
    await resetLimits();
    const apis = nodes.map((n) => deckApi(n.url));
    for (let i = 0; i < DECK_LIMITS.createsBurst; i++) expect((await apis[i % 2].create(deckJson())).status).toBe(201);
    for (const a of apis) expect((await a.create(deckJson())).body).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
  }, 30_000);

  it('the bucket in Redis: burst, refill on Redis\u2019s clock, and a key that expires once full again', async () => {
    const client = new RedisClient(redis.url);
    const buckets = new RedisBuckets(client);
    try {
      const takes = [await buckets.take('t', 'k', 2, 20), await buckets.take('t', 'k', 2, 20)];
      expect(takes.map((t) => t.ok)).toEqual([true, true]);
      expect(takes[1].emptyForMs).toBeGreaterThan(0);
      expect(takes[1].emptyForMs).toBeLessThanOrEqual(50);
      const ttl = await admin.pttl('powerup:limit:t:k');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(2 / 20 * 1000 + 1000);
      await until(async () => ((await buckets.take('t', 'k', 2, 20)).ok ? true : undefined), 'a token back after its refill time');
    } finally {
      await buckets.close();
      client.disconnect();
    }
  });
});
