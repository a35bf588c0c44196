import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { startServer, CLIENT_DIST, type RunningServer } from '../../server/app';
import { LIMITS } from '../../server/transport/rateLimit';
import { spawnServer, killHard, freePort } from '../support/childServer';
import { createHostedSession, joinAs, command } from '../support/flows';
import { ProtocolClient } from '../../scripts/bots/protocolClient';

// The HTTP surface: security headers on every answer, body limits, cross-origin access closed unless
// allow-listed (API and sockets), and no secret ever in a log line.

const built = existsSync(path.join(CLIENT_DIST, 'index.html'));
const EVIL = 'https://evil.example';
const ALLOWED = 'https://console.example';

async function serverWith(corsOrigins: string[]): Promise<RunningServer & { dataDir: string }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'powerup-http-'));
  const s = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', corsOrigins });
  return { ...s, dataDir };
}

/** Opens a socket the way a browser on `origin` would (browsers always send Origin on a WebSocket). */
function socketFrom(url: string, origin: string): Promise<'connected' | 'refused'> {
  const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin } });
  return new Promise((resolve) => {
    s.on('connect', () => { s.close(); resolve('connected'); });
    s.on('connect_error', () => { s.close(); resolve('refused'); });
  });
}

describe('HTTP hardening', () => {
  let server: RunningServer & { dataDir: string };
  beforeAll(async () => { server = await serverWith([]); });
  afterAll(async () => {
    await server.close();
    rmSync(server.dataDir, { recursive: true, force: true });
  });

  const expectSecurityHeaders = (res: Response) => {
    const csp = res.headers.get('content-security-policy') ?? '';
    const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('default-src')).toBe("default-src 'self'");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(['no-referrer', 'same-origin']).toContain(res.headers.get('referrer-policy'));
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  };

  it('sends the security headers on every kind of answer', async () => {
    for (const url of ['/healthz', '/api/nope', '/api/sessions/ZZZZZ/log', '/api/sessions/bad!/log']) {
      expectSecurityHeaders(await fetch(server.url + url));
    }
  });

  it.skipIf(!built)('serves pages whose scripts all load from files (nothing inline for the CSP to allow)', async () => {
    for (const route of ['/', '/join?code=ABCDE', '/stage?code=ABCDE', '/host']) {
      const res = await fetch(server.url + route);
      expect(res.status).toBe(200);
      expectSecurityHeaders(res);
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(attrs).toMatch(/\bsrc="\/assets\//);
        expect(body.trim()).toBe('');
      }
      expect(html).not.toMatch(/\son[a-z]+\s*=/i); // no inline event handlers either
    }
    // HEAD works on client routes too (link checkers, uptime probes, curl -I).
    expect((await fetch(server.url + '/join?code=ABCDE', { method: 'HEAD' })).status).toBe(200);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(await (await fetch(server.url + '/')).text())![1];
    const js = await fetch(server.url + asset);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expectSecurityHeaders(js);
  });

  it('limits request bodies', async () => {
    // The log import has its own, larger limit; everything else is capped at LIMITS.httpBodyBytes.
    const tooBig = 'x'.repeat(LIMITS.httpBodyBytes + 1);
    const res = await fetch(`${server.url}/api/sessions/ABCDE/log`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x: tooBig }) });
    expect([404, 413]).toContain(res.status);
    const huge = Buffer.alloc(33 * 1024 * 1024, 0x20);
    const imp = await fetch(`${server.url}/api/sessions/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge });
    expect(imp.status).toBe(413);
  });

  it('answers GET /healthz?stats=1 with memory and event-loop figures, and nothing secret', async () => {
    const body = await (await fetch(`${server.url}/healthz?stats=1`)).json();
    expect(body.stats).toMatchObject({ rssBytes: expect.any(Number), heapUsedBytes: expect.any(Number), eventLoop: { maxMs: expect.any(Number), windowMaxMs: expect.any(Number), windowP99Ms: expect.any(Number) }, sessions: expect.any(Number), sockets: expect.any(Number) });
    expect(Object.keys(body.stats).sort()).toEqual(['eventLoop', 'heapUsedBytes', 'rssBytes', 'sessions', 'sockets', 'uptimeSeconds']);
  });

  it('closes cross-origin access by default: API and sockets', async () => {
    const evil = await fetch(`${server.url}/healthz`, { headers: { origin: EVIL } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.url}/api/sessions/ABCDE/log`, { method: 'OPTIONS', headers: { origin: EVIL, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(await socketFrom(server.url, EVIL)).toBe('refused');
    // The page's own origin, and clients that send no Origin (bots, curl), are fine.
    expect((await fetch(`${server.url}/healthz`, { headers: { origin: server.url } })).status).toBe(200);
    expect(await socketFrom(server.url, server.url)).toBe('connected');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('opens cross-origin access to the origins listed in CORS_ORIGINS only', async () => {
    const open = await serverWith([ALLOWED]);
    try {
      const ok = await fetch(`${open.url}/healthz`, { headers: { origin: ALLOWED } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      const preflight = await fetch(`${open.url}/api/sessions/ABCDE/log`, { method: 'OPTIONS', headers: { origin: ALLOWED, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
      expect(await socketFrom(open.url, ALLOWED)).toBe('connected');
      expect((await fetch(`${open.url}/healthz`, { headers: { origin: EVIL } })).status).toBe(403);
      expect(await socketFrom(open.url, EVIL)).toBe('refused');
    } finally {
      await open.close();
      rmSync(open.dataDir, { recursive: true, force: true });
    }
  });
});

describe('secrets and logs', () => {
  it('never writes a host key, participant token or replay token to the log, even at trace level', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'powerup-logs-'));
    const child = await spawnServer({ port: await freePort(), dataDir, env: { LOG_LEVEL: 'trace' } });
    const open: ProtocolClient[] = [];
    try {
      const host = await createHostedSession(child.url, { decideSeconds: 60 });
      const p = await joinAs(child.url, host.code, 'Logged');
      open.push(host.client, p.client);
      const replay = await command(host, { type: 'createReplayLink' });
      const secrets = [host.hostKey, p.token, replay.replayToken!];
      // Every path a secret travels: attach, rejoin, wrong attempts, the HTTP routes, bad payloads, unknown events.
      const again = new ProtocolClient(child.url);
      open.push(again);
      await again.request('participant:rejoin', { code: host.code, token: p.token, lastSeq: 1 });
      const wrong = new ProtocolClient(child.url);
      open.push(wrong);
      await wrong.request('host:attach', { code: host.code, hostKey: p.token });
      await wrong.request('host:attach', { code: host.code, hostKey: host.hostKey, extra: host.hostKey });
      await wrong.request('participant:rejoin', { code: host.code, token: replay.replayToken, junk: [host.hostKey] });
      await (wrong as any).request(`zz:${host.hostKey}`, { token: p.token });
      for (const key of secrets) {
        await fetch(`${child.url}/api/sessions/${host.code}/log`, { headers: { authorization: `Bearer ${key}` } });
        await fetch(`${child.url}/api/sessions/${host.code}/decisions.csv`, { headers: { authorization: `Bearer ${key}` } });
      }
      await fetch(`${child.url}/api/sessions/import`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${host.hostKey}` }, body: JSON.stringify({ hostKey: host.hostKey }) });
      await command(host, { type: 'end' });
      for (const c of open) c.close();
      await new Promise((r) => setTimeout(r, 300)); // let the last lines reach the pipe
      const out = child.output();
      expect(out.length).toBeGreaterThan(0);
      for (const secret of secrets) expect(out).not.toContain(secret);
    } finally {
      for (const c of open) c.close();
      await killHard(child.child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('GET /api/info', () => {
  it('tells the console which address phones should use: PUBLIC_URL, or the LAN, never localhost', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'powerup-info-'));
    const server = await startServer({ port: 0, host: '0.0.0.0', dataDir, logLevel: 'silent', corsOrigins: [], publicUrl: 'https://workshop.example.org' });
    try {
      const info = await (await fetch(`${server.url}/api/info`)).json();
      expect(info.publicUrl).toBe('https://workshop.example.org');
      expect(Array.isArray(info.lanUrls)).toBe(true);
      for (const u of info.lanUrls) expect(u).not.toMatch(/localhost|127\./);
      for (const u of info.lanUrls) expect(u).toContain(`:${server.port}/`);
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
