import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import defaultDeckV2Json from '../../shared/deck/default-deck-v2.json';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, killHard, spawnServer } from '../support/childServer';
import { DECK_LIMITS } from '../../server/http/deckRoutes';
import { startTestServer, type TestServer } from '../support/testServer';
import { command, hostView, joinAs, teamView } from '../support/flows';
import { ProtocolClient } from '../../scripts/bots/protocolClient';
import { exportDeckJson, importDeckJson } from '../../client/studio/draft';
import type { HostView } from '../../shared/protocol/events';

const deckJson = () => structuredClone(defaultDeckV2Json) as unknown as { id: string; title: string; cards: { id: string; title: string; options: { label: string }[] }[] };

function api(url: string) {
  const call = (method: string, path: string, opts: { key?: string; body?: unknown; raw?: string } = {}) =>
    fetch(`${url}${path}`, {
      method,
      headers: {
        ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}),
        ...(opts.body !== undefined || opts.raw !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
  return {
    create: (deck: unknown) => call('POST', '/api/decks', { body: deck }),
    get: (id: string, key?: string) => call('GET', `/api/decks/${id}`, { key }),
    put: (id: string, deck: unknown, key?: string) => call('PUT', `/api/decks/${id}`, { key, body: deck }),
    del: (id: string, key?: string) => call('DELETE', `/api/decks/${id}`, { key }),
    call,
  };
}

async function expectError(res: Response, status: number, code: string): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ ok: false, code });
  expect(typeof body.message).toBe('string');
  return body;
}

describe('saved decks API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('creates a deck, returns its edit key once, and needs that key to read, change and delete it', async () => {
    const a = api(server.url);
    const res = await a.create(deckJson());
    expect(res.status).toBe(201);
    const made = (await res.json()) as { ok: boolean; id: string; editKey: string };
    expect(made.ok).toBe(true);
    expect(made.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(made.editKey.length).toBeGreaterThanOrEqual(32);

    // Only the key's hash is stored.
    const row = await server.decks.get(made.id);
    expect(row?.editKeyHash).toBeTruthy();
    expect(JSON.stringify(row)).not.toContain(made.editKey);

    await expectError(await a.get(made.id), 403, 'NOT_ALLOWED');
    await expectError(await a.get(made.id, 'wrong-key-wrong-key-wrong-key'), 403, 'NOT_ALLOWED');
    // Never in a URL: a key in the query string is not a key.
    await expectError(await a.call('GET', `/api/decks/${made.id}?key=${made.editKey}`), 403, 'NOT_ALLOWED');
    await expectError(await a.call('GET', `/api/decks/${made.id}?editKey=${made.editKey}`), 403, 'NOT_ALLOWED');
    await expectError(await a.put(made.id, deckJson()), 403, 'NOT_ALLOWED');
    await expectError(await a.del(made.id, 'nope'), 403, 'NOT_ALLOWED');

    const got = await a.get(made.id, made.editKey);
    expect(got.status).toBe(200);
    expect(got.headers.get('cache-control')).toBe('no-store');
    expect(((await got.json()) as { deck: unknown }).deck).toEqual(deckJson());

    const changed = deckJson();
    changed.title = 'Hospital billing: the provider and the trust';
    changed.cards[0].title = 'The first month';
    const put = await a.put(made.id, changed, made.editKey);
    expect(put.status).toBe(200);
    expect(((await (await a.get(made.id, made.editKey)).json()) as { deck: unknown; title: string })).toMatchObject({ deck: changed, title: changed.title });

    const del = await a.del(made.id, made.editKey);
    expect(del.status).toBe(200);
    await expectError(await a.get(made.id, made.editKey), 404, 'NO_SUCH_DECK');
  });

  it('refuses invalid decks with every error, as session:create would, and changes nothing', async () => {
    const a = api(server.url);
    const bad = deckJson();
    bad.cards[1].options[0].label = '';
    (bad.cards[2] as Record<string, unknown>).hazard = { title: 'x' };
    const refused = await expectError(await a.create(bad), 400, 'BAD_DECK');
    const errors = refused.errors as string[];
    expect(errors.some((e) => e.startsWith(`card "${bad.cards[1].id}"`) && e.includes('options.0.label'))).toBe(true);
    expect(errors.some((e) => e.startsWith(`card "${bad.cards[2].id}"`) && e.includes('hazard'))).toBe(true);

    const made = (await (await a.create(deckJson())).json()) as { id: string; editKey: string };
    await expectError(await a.put(made.id, bad, made.editKey), 400, 'BAD_DECK');
    expect(((await (await a.get(made.id, made.editKey)).json()) as { deck: unknown }).deck).toEqual(deckJson());

    await expectError(await a.call('POST', '/api/decks', { raw: '[1,2]' }), 400, 'BAD_DECK');
    await expectError(await a.call('POST', '/api/decks', { raw: '{"cards": [' }), 400, 'BAD_JSON');
    await expectError(await a.get('short'), 400, 'BAD_ID');
    await expectError(await a.get('AAAAAAAAAAAAAAAA', made.editKey), 404, 'NO_SUCH_DECK');
  });

  it('limits the body and the deck size (a saved deck must fit in session:create)', async () => {
    const a = api(server.url);
    const huge = await a.call('POST', '/api/decks', { raw: JSON.stringify({ pad: 'x'.repeat(DECK_LIMITS.bodyBytes + 10) }) });
    await expectError(huge, 413, 'BODY_TOO_LARGE');
    const big = deckJson() as unknown as Record<string, unknown>;
    big.padding = 'x'.repeat(DECK_LIMITS.deckBytes);
    await expectError(await a.create(big), 413, 'DECK_TOO_LARGE');
  });

  it('exports to JSON and imports back unchanged, through the studio and the server', async () => {
    const a = api(server.url);
    const original = deckJson();
    const imported = importDeckJson(exportDeckJson(original as never));
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    expect(imported.deck).toEqual(original);
    const made = (await (await a.create(imported.deck)).json()) as { id: string; editKey: string };
    const back = ((await (await a.get(made.id, made.editKey)).json()) as { deck: never }).deck;
    expect(exportDeckJson(back)).toBe(exportDeckJson(original as never));
  });

  it('a session keeps its own copy: editing or deleting the saved deck changes neither the running session nor its log', async () => {
    const a = api(server.url);
    const mine = deckJson();
    mine.title = 'Our client deck';
    mine.cards[0].title = 'Week one at the bank';
    const made = (await (await a.create(mine)).json()) as { id: string; editKey: string };
    const saved = ((await (await a.get(made.id, made.editKey)).json()) as { deck: unknown }).deck;

    const client = new ProtocolClient(server.url);
    const created = await client.request('session:create', { config: { rounds: 2, storyRounds: false, title: 'Bank workshop' }, deck: saved });
    if (!created.ok) throw new Error(`create failed: ${created.code}`);
    const attached = await client.request('host:attach', { code: created.code, hostKey: created.hostKey });
    expect(attached.ok).toBe(true);
    const host = { client, code: created.code, hostKey: created.hostKey };
    const player = await joinAs(server.url, host.code, 'Ana');
    await command(host, { type: 'startRound' });
    await host.client.until(() => (host.client.view as HostView | undefined)?.fullCard?.title === 'Week one at the bank');

    const edited = deckJson();
    edited.cards[0].title = 'Edited after the session started';
    expect((await a.put(made.id, edited, made.editKey)).status).toBe(200);
    expect((await a.del(made.id, made.editKey)).status).toBe(200);

    await command(host, { type: 'startTimer' });
    await player.client.until((c) => teamView(c)?.phase === 'deciding');
    expect(hostView(host).fullCard?.title).toBe('Week one at the bank');
    expect(teamView(player.client).card?.title).toBe('Week one at the bank');
    expect(hostView(host).state.deck.title).toBe('Our client deck');

    const log = (await (await fetch(`${server.url}/api/sessions/${host.code}/log`, { headers: { authorization: `Bearer ${host.hostKey}` } })).json()) as { events: { event: { type: string; deck?: unknown } }[] };
    const first = log.events[0].event;
    expect(first.type).toBe('created');
    expect((first.deck as { cards: { title: string }[] }).cards[0].title).toBe('Week one at the bank');
    player.client.close();
    client.close();
  });

  it('a database that takes no writes: saves and deletes answer 503 STORAGE_FAILED and change nothing; reading still works', async () => {
    const a = api(server.url);
    const made = (await (await a.create(deckJson())).json()) as { id: string; editKey: string };
    await server.registry.store.testing.setReadOnly(true);
    try {
      await expectError(await a.create(deckJson()), 503, 'STORAGE_FAILED');
      const changed = deckJson();
      changed.title = 'Not saved';
      await expectError(await a.put(made.id, changed, made.editKey), 503, 'STORAGE_FAILED');
      await expectError(await a.del(made.id, made.editKey), 503, 'STORAGE_FAILED');
      expect(((await (await a.get(made.id, made.editKey)).json()) as { deck: unknown }).deck).toEqual(deckJson());
    } finally {
      await server.registry.store.testing.setReadOnly(false);
    }
    expect((await a.del(made.id, made.editKey)).status).toBe(200);
  });

  it('rate-limits deck creation per address', async () => {
    const other = await startTestServer();
    try {
      const a = api(other.url);
      const statuses: number[] = [];
      for (let i = 0; i <= DECK_LIMITS.createsBurst; i++) statuses.push((await a.create(deckJson())).status);
      expect(statuses.slice(0, DECK_LIMITS.createsBurst).every((s) => s === 201)).toBe(true);
      await expectError(await a.create(deckJson()), 429, 'RATE_LIMITED');
    } finally {
      await other.stop();
    }
  });

  it('keeps decks across a restart, and wrong keys count as failed guesses (429 once used up)', async () => {
    const first = await startTestServer();
    const dataDir = first.dataDir;
    const made = (await (await api(first.url).create(deckJson())).json()) as { id: string; editKey: string };
    await first.close();
    const again = await startTestServer({ dataDir });
    try {
      const a = api(again.url);
      expect((await a.get(made.id, made.editKey)).status).toBe(200);
      let last = 0;
      for (let i = 0; i < 40 && last !== 429; i++) last = (await a.get(made.id, `wrong-${i}`)).status;
      expect(last).toBe(429);
      // Blocked: even the right key waits until the budget refills.
      await expectError(await a.get(made.id, made.editKey), 429, 'RATE_LIMITED');
    } finally {
      await again.stop();
    }
  });

  it('never logs an edit key, even at trace level', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'powerup-decklog-'));
    const srv = await spawnServer({ port: await freePort(), dataDir, env: { LOG_LEVEL: 'trace' } });
    try {
      const a = api(srv.url);
      const made = (await (await a.create(deckJson())).json()) as { id: string; editKey: string };
      await a.get(made.id, made.editKey);
      await a.put(made.id, deckJson(), made.editKey);
      await a.put(made.id, { broken: true }, made.editKey);
      await a.call('PUT', `/api/decks/${made.id}`, { key: made.editKey, raw: '{"broken":' });
      await a.call('GET', `/api/decks/${made.id}/nothing-here`, { key: made.editKey });
      await a.del(made.id, made.editKey);
      await new Promise((r) => setTimeout(r, 300));
      // Trace level, so anything that logged a header, a body or an answer would show the key here.
      expect(srv.output()).toContain('Power Up is running');
      expect(srv.output()).not.toContain(made.editKey);
    } finally {
      await killHard(srv.child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
