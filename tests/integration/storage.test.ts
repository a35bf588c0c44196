// Issue 13, items 2, 6, 8, 9, 10, 14, 15 and 16: imports, storage bounds, one server per DATA_DIR,
// damaged rows, a full disk at start, one fold policy, the restart's pause and the required state hash.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { startTestServer, type TestServer } from '../support/testServer';
import { startServer } from '../../server/app';
import { spawnServer, killHard, freePort } from '../support/childServer';
import { createHostedSession, joinAs, command, teamView, hostView, openVote } from '../support/flows';
import { ProtocolClient } from '../../scripts/bots/protocolClient';
import { IMPORT_BODY_LIMIT } from '../../server/http/replayRoutes';
import { initialState, applyEventInPlace } from '../../shared/engine/apply';
import { stateHash } from '../../shared/engine/hash';
import type { GameEvent, CreatedEvent } from '../../shared/schemas/events';
import { buildRealLog, exportText } from '../../bench/importLog';

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));
const getLog = (url: string, code: string, key: string) => fetch(`${url}/api/sessions/${code}/log`, { headers: { authorization: `Bearer ${key}` } });
const postImport = (url: string, body: unknown) =>
  fetch(`${url}/api/sessions/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** The fold as it was before issue 13: refused events skipped (what a forger would hash). */
function skippingHash(events: GameEvent[]): string {
  const state = initialState(events[0] as CreatedEvent);
  for (const e of events.slice(1)) applyEventInPlace(state, e);
  return stateHash(state);
}

async function playedSession(url: string, rounds = 3) {
  const host = await createHostedSession(url, { rounds, storyRounds: false, decideSeconds: 60 });
  const players = await Promise.all(['A', 'B', 'C', 'D'].map((n) => joinAs(url, host.code, n)));
  for (let r = 0; r < rounds; r++) {
    await command(host, { type: 'startRound' });
    await openVote(host);
    await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'deciding')));
    for (const p of players) {
      const opt = teamView(p.client).card!.options.find((o) => o.team === p.team)!;
      await p.client.request('participant:choose', { optionId: opt.id });
    }
    await command(host, { type: 'reveal' });
    if (r < rounds - 1) await command(host, { type: 'closeRound' });
  }
  await command(host, { type: 'end' });
  for (const p of players) p.client.close();
  return host;
}

describe('imports (items 2, 14, 16)', () => {
  let server: TestServer;
  let exported: any;
  beforeAll(async () => {
    server = await startTestServer();
    const host = await playedSession(server.url, 1);
    exported = await (await getLog(server.url, host.code, host.hostKey)).json();
    host.client.close();
  });
  afterAll(async () => server.stop());

  it('refuses a log holding one refused event, naming it, and stores nothing (one fold policy)', async () => {
    const events: GameEvent[] = exported.events.map((e: any) => e.event);
    // A vote in the lobby: the engine refuses it (WRONG_PHASE). Hashed as the old skip-fold would.
    const p = events.find((e) => e.type === 'joined') as Extract<GameEvent, { type: 'joined' }>;
    const bad = [...events.slice(0, 2), { type: 'choiceMade', at: events[1].at, participantId: p.participantId, optionId: 'x' } as GameEvent, ...events.slice(2)];
    const before = await server.registry.store.testing.countSessions();
    const res = await postImport(server.url, { format: 'powerup-log', version: 1, code: 'X', stateHash: skippingHash(bad), events: bad.map((event, i) => ({ seq: i + 1, event })) });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({ ok: false, code: 'REFUSED_EVENT' });
    expect(body.message).toContain('event 3 (choiceMade)');
    expect(await server.registry.store.testing.countSessions()).toBe(before);
  });

  it('requires the state hash: a tampered log without one is refused', async () => {
    const tampered = structuredClone(exported);
    tampered.events[1].event.name = 'Mallory'; // changes the game, so the hash would not match
    const { stateHash: _dropped, ...withoutHash } = tampered;
    const res = await postImport(server.url, withoutHash);
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('BAD_LOG');
  });

  it('imports the exported log itself and serves it back with the same hash', async () => {
    const res = await postImport(server.url, exported);
    expect(res.status).toBe(201);
    const imported = await res.json();
    const again = await (await getLog(server.url, imported.code, imported.hostKey)).json();
    expect(again.stateHash).toBe(exported.stateHash);
  });

  it('refuses a body over the import limit with 413, before storing anything', async () => {
    expect(IMPORT_BODY_LIMIT).toBeLessThanOrEqual(24 * 1024 * 1024);
    const fresh = await startTestServer(); // its own per-address import budget
    const res = await postImport(fresh.url, `{"format":"powerup-log","pad":"${'x'.repeat(IMPORT_BODY_LIMIT)}"}`);
    expect(res.status).toBe(413);
    await fresh.stop();
  });

  it('limits imports per address (429 after a few)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await postImport(server.url, { nothing: true })).status);
    expect(codes).toContain(429);
    expect(codes.filter((c) => c !== 429).length).toBeLessThanOrEqual(3);
  });
});

describe('an import does not hold the event loop (item 2)', () => {
  it('answers /healthz while a big log is being imported', async () => {
    const server = await startTestServer();
    try {
      const text = exportText(buildRealLog({ participants: 2000, rounds: 4, votesPerRound: 1, storyVotesPerRound: 1 }));
      let importDone = 0;
      let healthDone = 0;
      const imported = postImport(server.url, text).then(async (r) => {
        importDone = performance.now();
        return r.status;
      });
      // Once the server has the body and works on it, a health check must still get a turn.
      await new Promise((r) => setTimeout(r, 300));
      const health = await fetch(`${server.url}/healthz`);
      healthDone = performance.now();
      expect(health.status).toBe(200);
      expect(await imported).toBe(201);
      expect(healthDone).toBeLessThan(importDone);
    } finally {
      await server.stop();
    }
  }, 60_000);
});

describe('storage stays bounded (item 6)', () => {
  it('keeps at most two snapshots per session, and ended sessions leave memory and come back', async () => {
    const dataDir = tmp('powerup-bounded-');
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', corsOrigins: [] }, { registry: { endedIdleMs: 100, sweepMs: 50 } });
    try {
      const host = await playedSession(server.url, 3);
      expect((await server.registry.store.snapshotSeqs(host.code)).length).toBeLessThanOrEqual(2);
      await new Promise((r) => setTimeout(r, 400));
      expect([...server.registry.all()].map((s) => s.code)).not.toContain(host.code);
      const log = await getLog(server.url, host.code, host.hostKey);
      expect(log.status).toBe(200);
      expect((await log.json()).events.at(-1).event.type).toBe('ended');
      host.client.close();
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('one server per DATA_DIR (item 8)', () => {
  it('refuses a second server on the same DATA_DIR with a clear message and exit code 1', async () => {
    const dataDir = tmp('powerup-lock-');
    const first = await spawnServer({ port: await freePort(), dataDir });
    try {
      const port = await freePort();
      const second = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      second.stdout!.on('data', (d) => (out += d));
      second.stderr!.on('data', (d) => (out += d));
      const code = await new Promise<number | null>((resolve) => second.on('exit', resolve));
      expect(code).toBe(1);
      expect(out).toMatch(/already used by another Power Up server \(pid \d+\)/);
      expect(out).not.toContain('Power Up is running');
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      await killHard(first.child);
      // The lock dies with the process: a new server starts at once after a SIGKILL.
      const again = await spawnServer({ port, dataDir });
      await killHard(again.child);
    } finally {
      if (first.child.exitCode === null && first.child.signalCode === null) await killHard(first.child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('damaged rows and storage health (items 9, 10)', () => {
  it('rebuilds a session from its log when its snapshot is damaged (export included)', async () => {
    const dataDir = tmp('powerup-damaged-');
    let server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', corsOrigins: [] });
    try {
      const host = await playedSession(server.url, 2);
      const good = await (await getLog(server.url, host.code, host.hostKey)).json();
      host.client.close();
      await server.registry.store.testing.damageSnapshots(host.code);
      await server.close();
      server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', corsOrigins: [] });
      const res = await getLog(server.url, host.code, host.hostKey);
      expect(res.status).toBe(200);
      expect((await res.json()).stateHash).toBe(good.stateHash);
      const c = new ProtocolClient(server.url);
      const attached = await c.request('host:attach', { code: host.code, hostKey: host.hostKey });
      expect(attached.ok && attached.view.phase).toBe('ended');
      c.close();
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('/healthz says not ok (503) when new sessions cannot be stored', async () => {
    const server = await startTestServer();
    try {
      expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ ok: true, storage: 'ok' });
      await server.registry.store.testing.setReadOnly(true); // the database takes no writes any more
      await new Promise((r) => setTimeout(r, 2100)); // the probe's answer is reused for 2 s
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ ok: false });
      const c = new ProtocolClient(server.url);
      expect((await c.request('session:create', { config: {} })).ok).toBe(false);
      c.close();
      await server.registry.store.testing.setReadOnly(false);
    } finally {
      await server.stop();
    }
  }, 30_000);

  it('starts on a database that takes no writes (a full disk after a crash): the schema version is not rewritten', async () => {
    const dataDir = tmp('powerup-full-');
    try {
      const first = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', corsOrigins: [] });
      const host = await playedSession(first.url, 1);
      host.client.close();
      await first.close();
      const server = await startServer(
        { port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', corsOrigins: [] },
        { sqlite: { queryOnly: true } },
      );
      try {
        const res = await getLog(server.url, host.code, host.hostKey);
        expect(res.status).toBe(200); // what is stored can still be read and exported
        expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('a restart gives the timer back exactly its downtime (item 15)', () => {
  it('records a pause by the restart (not an "extended") and loses or gains no time', async () => {
    const dataDir = tmp('powerup-downtime-');
    const port = await freePort();
    let server = await spawnServer({ port, dataDir });
    try {
      const host = await createHostedSession(server.url, { decideSeconds: 120, storyRounds: false });
      await command(host, { type: 'startRound' });
      await openVote(host);
      const deadline = hostView(host).timer.deadline!;
      const beforeStop = Date.now();
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('exit', r));
      const downFrom = Date.now();
      await new Promise((r) => setTimeout(r, 1500));
      const downUntil = Date.now();
      server = await spawnServer({ port, dataDir });
      const afterStart = Date.now();
      const log = await (await getLog(server.url, host.code, host.hostKey)).json();
      const types = log.events.map((e: any) => e.event.type);
      expect(types).not.toContain('extended');
      const paused = log.events.find((e: any) => e.event.type === 'paused').event;
      const resumed = log.events.find((e: any) => e.event.type === 'resumed').event;
      expect(paused.reason).toBe('restart');
      expect(resumed.reason).toBe('restart');
      const h2 = new ProtocolClient(server.url);
      const attached = await h2.request('host:attach', { code: host.code, hostKey: host.hostKey });
      if (!attached.ok) throw new Error(attached.code);
      const given = attached.view.timer.deadline! - deadline;
      // Exactly the pause the log records; the server was down at least from its exit to its restart.
      expect(given).toBe(resumed.at - paused.at);
      expect(given).toBeGreaterThanOrEqual(downUntil - downFrom);
      // …and at most from just before the stop to just after the new process was up (its start-up included).
      expect(given).toBeLessThanOrEqual(afterStart - beforeStop);
      h2.close();
      host.client.close();
    } finally {
      await killHard(server.child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
