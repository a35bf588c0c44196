import { defaultDeck } from '../../shared/deck/loadDeck';
import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import net from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { startServer, type RunningServer, type ServerOptions } from '../../server/app';
import type { Settings } from '../../server/settings';
import { LIMITS } from '../../server/transport/rateLimit';
import { ProtocolClient } from '../../scripts/bots/protocolClient';
import { createHostedSession, joinAs, command, hostView, teamView, openVote } from '../support/flows';

// Issue 13 ("what an outside attacker and an outside client found"), items 3, 4, 12, 17, 18 and 19: each
// test here failed on the code before its fix.

const servers: { server: RunningServer; dataDir: string; keep?: boolean }[] = [];
const clients: { close(): void }[] = [];

async function fresh(settings: Partial<Settings> = {}, options: ServerOptions = {}, dataDir?: string): Promise<RunningServer & { dataDir: string }> {
  const dir = dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'powerup-hardening-'));
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: dir, logLevel: 'silent', corsOrigins: [], ...settings }, options);
  servers.push({ server, dataDir: dir });
  return { ...server, dataDir: dir };
}
function client(url: string): ProtocolClient {
  const c = new ProtocolClient(url);
  clients.push(c);
  return c;
}
/** A raw socket.io connection: resolves with how the handshake ended. */
function connectRaw(url: string, opts: Parameters<typeof io>[1] = {}): Promise<{ socket: Socket; result: 'connected' | Error }> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...opts });
  clients.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket, result: 'connected' }));
    socket.once('connect_error', (err) => resolve({ socket, result: err }));
  });
}
const disconnected = (c: ProtocolClient) => {
  (c.socket as any).io.opts.reconnection = false;
  return new Promise<string>((resolve) => c.socket.once('disconnect', (reason) => resolve(reason)));
};
const within = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))]);

/** An HTTP request with headers fetch() will not send (Host). */
function rawRequest(url: string, opts: { method?: string; path: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const { server, dataDir } of servers.splice(0)) {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

describe('item 3: every inbound event counts against the per-socket limit, by size', () => {
  it('charges unknown events to the rate limit like any other message', async () => {
    const server = await fresh({}, { limits: { unknownEventsBeforeDisconnect: 1_000 } });
    const c = client(server.url);
    await c.connected();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => c.request(`zz:nothing${i}` as any, {})));
    const codes = answers.map((a: any) => a.code);
    expect(codes.filter((x) => x === 'UNKNOWN_EVENT').length).toBeLessThanOrEqual(LIMITS.socketBurst + 1);
    expect(codes.filter((x) => x === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(40 - LIMITS.socketBurst - 1);
    // The budget they used is gone for real messages too.
    expect(await c.request('sync', {})).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
  });

  it('disconnects a socket that keeps sending unknown events; other sockets carry on', async () => {
    const server = await fresh();
    const host = await createHostedSession(server.url);
    clients.push(host.client);
    const c = client(server.url);
    await c.connected();
    const gone = disconnected(c);
    for (let i = 0; i < LIMITS.unknownEventsBeforeDisconnect + 5; i++) (c.socket as any).emit('zz:flood', {}, () => {});
    expect(await within(gone, 5_000, 'disconnect')).toBe('io server disconnect');
    expect((await host.client.request('sync', {})).ok).toBe(true);
  });

  it('charges large messages by their size, and disconnects a socket that keeps sending them', async () => {
    const server = await fresh();
    const c = client(server.url);
    await c.connected();
    const junk = 'x'.repeat(200_000); // ~13 tokens each: two fit in the burst of 30, the third does not
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push(((await c.request('sync', { junk })) as any).code);
    expect(codes).toEqual(['BAD_PAYLOAD', 'BAD_PAYLOAD', 'RATE_LIMITED']);
    // Small messages still pass once the bucket refills; a socket that keeps pushing big ones is dropped.
    const gone = disconnected(c);
    for (let i = 0; i < 40; i++) (c.socket as any).emit('sync', { junk }, () => {});
    expect(await within(gone, 10_000, 'disconnect')).toBe('io server disconnect');
  });

  it('still accepts one message of the largest size (an uploaded deck) on a fresh socket', async () => {
    const server = await fresh();
    const c = client(server.url);
    await c.connected();
    const almostMax = 'x'.repeat(LIMITS.maxMessageBytes - 1_000);
    expect(await c.request('session:create', { junk: almostMax })).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
  });
});

describe('item 4: concurrent connections per address', () => {
  it('refuses connections past MAX_CONNECTIONS_PER_ADDRESS with a clear connect_error, and admits again when one closes', async () => {
    const server = await fresh({ maxConnectionsPerAddress: 3 });
    const first = await Promise.all([0, 1, 2].map(() => connectRaw(server.url)));
    expect(first.map((f) => f.result)).toEqual(['connected', 'connected', 'connected']);
    for (const transports of [['websocket'], ['polling']]) {
      const extra = await connectRaw(server.url, { transports });
      expect(extra.result).toBeInstanceOf(Error);
      expect((extra.result as Error).message).toMatch(/too many connections/i);
      expect(((extra.result as Error & { data?: any }).data)?.code).toBe('TOO_MANY_CONNECTIONS');
    }
    first[0].socket.close();
    let again: 'connected' | Error = new Error('not tried');
    for (let i = 0; i < 50 && again !== 'connected'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const attempt = await connectRaw(server.url);
      again = attempt.result;
      if (again !== 'connected') attempt.socket.close();
    }
    expect(again).toBe('connected');
  });

  it('defaults to a limit that fits a room of several hundred behind one NAT, configurable from the environment', async () => {
    const { settingsFromEnv } = await import('../../server/settings');
    expect(LIMITS.connectionsPerAddress).toBeGreaterThanOrEqual(500);
    expect(settingsFromEnv({ MAX_CONNECTIONS_PER_ADDRESS: '25' }).maxConnectionsPerAddress).toBe(25);
    expect(settingsFromEnv({}).maxConnectionsPerAddress).toBeUndefined();
    expect(() => settingsFromEnv({ MAX_CONNECTIONS_PER_ADDRESS: '-1' })).toThrow(/MAX_CONNECTIONS_PER_ADDRESS/);
  });
});

describe('item 12: origins, slow bodies, empty imports', () => {
  it('refuses a DNS-rebound page (Origin matching an unknown Host) over HTTP and sockets, and accepts the names of this server', async () => {
    const server = await fresh();
    const at = (host: string) => ({ host: `${host}:${server.port}`, origin: `http://${host}:${server.port}` });
    expect((await rawRequest(server.url, { path: '/healthz', headers: at('evil.example') })).status).toBe(403);
    for (const name of ['localhost', '127.0.0.1', os.hostname()]) {
      expect((await rawRequest(server.url, { path: '/healthz', headers: at(name) })).status).toBe(200);
    }
    expect((await connectRaw(server.url, { extraHeaders: at('evil.example') })).result).toBeInstanceOf(Error);
    expect((await connectRaw(server.url, { extraHeaders: at('localhost') })).result).toBe('connected');
  });

  it('checks Origin on every long-polling request, not only the handshake (which browsers send without Origin)', async () => {
    const server = await fresh();
    const rebound = { host: `evil.example:${server.port}` };
    const hs = await rawRequest(server.url, { path: '/socket.io/?EIO=4&transport=polling', headers: rebound });
    expect(hs.status).toBe(200);
    const sid = JSON.parse(hs.body.slice(1)).sid;
    const post = await rawRequest(server.url, {
      method: 'POST',
      path: `/socket.io/?EIO=4&transport=polling&sid=${sid}`,
      headers: { ...rebound, origin: `http://evil.example:${server.port}`, 'content-type': 'text/plain' },
      body: '40',
    });
    expect(post.status).toBe(400);
  });

  it('cuts off a request body that dribbles in slower than the request timeout', async () => {
    const server = await fresh({}, { limits: { httpRequestTimeoutMs: 1_000 } });
    const sock = net.connect(server.port, '127.0.0.1');
    clients.push({ close: () => sock.destroy() });
    let answer = '';
    const closed = new Promise<void>((resolve) => sock.on('close', () => resolve()));
    sock.on('data', (d) => (answer += d));
    sock.on('error', () => {});
    sock.write(`POST /api/sessions/import HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`);
    const drip = setInterval(() => sock.writable && sock.write(' '), 200);
    try {
      await within(closed, 8_000, 'slow body cut off');
    } finally {
      clearInterval(drip);
    }
    if (answer) expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('answers an import with no events with a 400 BAD_LOG, not a 500 with an internal message', async () => {
    const server = await fresh();
    const res = await fetch(`${server.url}/api/sessions/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ format: 'powerup-log', version: 1, code: 'ABCDE', events: [] }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, code: 'BAD_LOG', message: expect.stringMatching(/events/) });
  });
});

describe("item 19: fastify's own errors answer the documented shape", () => {
  it('413, 415 and malformed JSON are { ok: false, code, message }', async () => {
    const server = await fresh();
    const post = (p: string, body: string, type = 'application/json') => fetch(`${server.url}${p}`, { method: 'POST', headers: { 'content-type': type }, body });
    const cases: [Response, number, string][] = [
      [await post('/api/sessions/ABCDE/log', 'x'.repeat(LIMITS.httpBodyBytes + 1)), 413, 'BODY_TOO_LARGE'],
      [await post('/api/sessions/import', 'x'.repeat(33 * 1024 * 1024)), 413, 'BODY_TOO_LARGE'],
      [await post('/api/sessions/import', '<log/>', 'application/xml'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [await post('/api/nope', '{"format": '), 400, 'BAD_JSON'],
      [await post('/api/nope', '{"__proto__": {"x": 1}}'), 400, 'BAD_JSON'],
    ];
    for (const [res, status, code] of cases) {
      expect(res.status).toBe(status);
      const body = await res.json();
      expect(body).toEqual({ ok: false, code, message: expect.any(String) });
      expect(body.message.length).toBeGreaterThan(10);
    }
  });
});

describe('item 18: `me` after every change of ones own', () => {
  it('sends `me` after a vote, a story and a story vote', async () => {
    const server = await fresh();
    const h = await createHostedSession(server.url, { rounds: 1, cardIds: ['show-and-tell'], decideSeconds: 60, storySeconds: 60, storyVoteSeconds: 60, teamChoice: true }, defaultDeck);
    clients.push(h.client);
    const a = await joinAs(server.url, h.code, 'Ann', 'buyer');
    const b = await joinAs(server.url, h.code, 'Bob', 'provider');
    clients.push(a.client, b.client);
    await command(h, { type: 'startRound' });
    await openVote(h);
    await a.client.until((c) => teamView(c)?.phase === 'deciding');
    const option = teamView(a.client).card!.options.find((o) => o.team === 'buyer')!;
    expect((await a.client.request('participant:choose', { optionId: option.id })).ok).toBe(true);
    await within(a.client.until((c) => c.me?.myChoice === option.id), 3_000, '`me` after a vote');

    await command(h, { type: 'skip' });
    await a.client.until((c) => teamView(c)?.phase === 'stories');
    const story = await b.client.request('participant:story', { text: 'the demo that won the CFO' });
    expect(story.ok).toBe(true);
    await within(b.client.until((c) => c.me?.myStory?.text === 'the demo that won the CFO'), 3_000, '`me` after a story');

    await command(h, { type: 'skip' });
    await a.client.until((c) => teamView(c)?.phase === 'storyVote');
    expect((await a.client.request('participant:storyVote', { storyId: (story as any).storyId })).ok).toBe(true);
    await within(a.client.until((c) => c.me?.myStoryVote === (story as any).storyId), 3_000, '`me` after a story vote');
  });
});

describe('item 17: presence after a restart', () => {
  it('shows participants as away, not gone, right after a restart', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'powerup-hardening-'));
    const first = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', corsOrigins: [] });
    const h = await createHostedSession(first.url);
    const p = await joinAs(first.url, h.code, 'Ann');
    h.client.close();
    p.client.close();
    await first.close();

    const second = await fresh({}, {}, dataDir);
    const host = client(second.url);
    const attached = await host.request('host:attach', { code: h.code, hostKey: h.hostKey });
    expect(attached.ok).toBe(true);
    expect((attached as any).view.presence[p.participantId]).toBe('away');
    void hostView;
  });
});
