import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startServer } from '../../server/app';
import { spawnServer, killHard, freePort } from '../support/childServer';
import { startTestServer } from '../support/testServer';
import { createHostedSession, joinAs, command, hostView, teamView, type Host, openVote } from '../support/flows';
import { ProtocolClient } from '../../scripts/bots/protocolClient';
import { hashSecret } from '../../server/sessions/keys';
import { loadState } from '../../server/sessions/loadState';
import { stateHash } from '../../shared/engine/hash';
import { SessionConfigSchema } from '../../shared/schemas/config';
import { defaultDeck } from '../../shared/deck/loadDeck';

// Bad luck rather than bad intent: a room full of phones dropping at once, the server killed mid-round,
// a disk that is not writable or fills up, and databases from other versions.

const tmp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));
const optionFor = (c: ProtocolClient, team: string, k = 0) => {
  const mine = teamView(c).card!.options.filter((o) => o.team === team && !o.wait);
  return mine[k % mine.length].id;
};

describe('reconnect storm', () => {
  it('200 participants drop and rejoin within 5 s in the middle of a vote: every vote kept, everyone agrees', async () => {
    const server = await startTestServer();
    const clients: ProtocolClient[] = [];
    try {
      const host = await createHostedSession(server.url, { decideSeconds: 600, storyRounds: false, maxParticipants: 500 });
      clients.push(host.client);
      const players: Awaited<ReturnType<typeof joinAs>>[] = [];
      for (let i = 0; i < 200; i += 50) {
        players.push(...(await Promise.all(Array.from({ length: 50 }, (_, k) => joinAs(server.url, host.code, `Storm ${i + k}`)))));
      }
      await command(host, { type: 'startRound' });
      await openVote(host);
      await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'deciding', 30_000)));

      // Half vote before the storm.
      const votes = new Map<string, string>();
      await Promise.all(players.slice(0, 100).map(async (p, i) => {
        const optionId = optionFor(p.client, p.team, i);
        const r = await p.client.request('participant:choose', { optionId });
        if (r.ok) votes.set(p.participantId, optionId);
      }));
      expect(votes.size).toBe(100);

      // The storm: everyone drops at a random moment within 3 s. Half lose the transport (socket.io
      // reconnects by itself, with connection-state recovery); half reload (a new connection). Each
      // rejoins with its token and lastSeq; the other half vote as soon as they are back.
      const stormStart = Date.now();
      let lastBack = 0;
      const current: ProtocolClient[] = players.map((p) => p.client);
      await Promise.all(players.map((p, i) => new Promise<void>((resolve, reject) => {
        setTimeout(async () => {
          try {
            let c = p.client;
            const lastSeq = c.seq;
            if (i % 2 === 0) {
              const back = new Promise<void>((r) => c.socket.once('connect', () => r()));
              (c.socket as any).io.engine.close();
              await back;
            } else {
              c.close();
              c = new ProtocolClient(server.url);
              clients.push(c);
              current[i] = c;
            }
            // A reloaded page has no view, so it sends no lastSeq; a recovered socket does.
            const r = await c.request('participant:rejoin', i % 2 === 0 ? { code: host.code, token: p.token, lastSeq } : { code: host.code, token: p.token }, 20_000);
            if (!r.ok) throw new Error(`rejoin refused: ${r.code}`);
            expect(r.participantId).toBe(p.participantId);
            lastBack = Math.max(lastBack, Date.now() - stormStart);
            if (i >= 100) {
              const optionId = optionFor(c, p.team, i);
              const v = await c.request('participant:choose', { optionId }, 20_000);
              if (v.ok) votes.set(p.participantId, optionId);
            } else {
              // The vote from before the drop comes back in the rejoin answer.
              expect(r.me.myChoice).toBe(votes.get(p.participantId));
            }
            resolve();
          } catch (err) {
            reject(err);
          }
        }, Math.random() * 3_000);
      })));
      console.log(`reconnect storm: 200 participants dropped and rejoined, the last back ${lastBack} ms after the storm began`);
      expect(votes.size).toBe(200);

      // Every vote is in the session, and everyone converges on the same state.
      const session = server.registry.get(host.code)!;
      for (const [id, optionId] of votes) expect(session.state.round!.choices[id]).toBe(optionId);
      await host.client.until(() => hostView(host).voted.buyer + hostView(host).voted.provider === 200, 30_000);
      const finalSeq = session.seq;
      const synced = await Promise.all(current.map((c) => c.request('sync', {}, 20_000)));
      const seen = synced.map((r, i) => {
        if (!r.ok) throw new Error(`sync refused: ${r.code}`);
        const v = (r.view ?? current[i].view) as ReturnType<typeof teamView>;
        return { seq: r.seq, phase: v.phase, voted: v.voted, myChoice: r.me?.myChoice };
      });
      for (const [i, s] of seen.entries()) {
        expect({ seq: s.seq, phase: s.phase, voted: s.voted }).toEqual({ seq: finalSeq, phase: 'deciding', voted: { buyer: 100, provider: 100 } });
        expect(s.myChoice).toBe(votes.get(players[i].participantId));
      }
      await host.client.until(() => Object.values(hostView(host).presence).filter((p) => p === 'connected').length === 200, 30_000);
    } finally {
      for (const c of clients) c.close();
      await server.stop();
    }
  }, 120_000);
});

describe('SIGKILL mid-round', () => {
  /** Reads what is on disk, exactly as a restart will, while the server is dead. */
  const storedEvents = (dataDir: string, code: string) => {
    const db = new Database(path.join(dataDir, 'powerup.sqlite'), { readonly: true });
    try {
      return new Map((db.prepare('SELECT seq, body FROM events WHERE code = ? ORDER BY seq').all(code) as { seq: number; body: string }[]).map((r) => [r.seq, JSON.parse(r.body)]));
    } finally {
      db.close();
    }
  };

  it('loses no acknowledged event when killed three times in a row, and the session resumes each time', async () => {
    const dataDir = tmp('powerup-kill3-');
    const port = await freePort();
    let server = await spawnServer({ port, dataDir });
    let open: ProtocolClient[] = [];
    try {
      const first = await createHostedSession(server.url, { decideSeconds: 600, storyRounds: false });
      const { code, hostKey } = first;
      let host: Host = first;
      const joined = await Promise.all(Array.from({ length: 10 }, (_, i) => joinAs(server.url, code, `K${i}`)));
      const people = joined.map((j) => ({ participantId: j.participantId, token: j.token, team: j.team }));
      let players = joined.map((j) => j.client);
      open = [host.client, ...players];
      const lastChoice = new Map<string, string>();

      for (let cycle = 1; cycle <= 3; cycle++) {
        if (cycle === 1 || cycle === 3) {
          if (cycle === 3) {
            await command(host, { type: 'reveal' });
            await command(host, { type: 'closeRound' });
            lastChoice.clear();
          }
          await command(host, { type: 'startRound' });
          await openVote(host);
        }
        await Promise.all(players.map((c) => c.until((x) => teamView(x)?.phase === 'deciding')));
        // A burst of votes in flight; the server dies as soon as half of them are acknowledged.
        const acks: { seq: number; participantId: string; optionId: string }[] = [];
        const total = players.length * 4;
        let killed: Promise<void> | undefined;
        const inFlight = players.flatMap((c, i) => [0, 1, 2, 3].map((k) => {
          const optionId = optionFor(c, people[i].team, k + cycle);
          return c.request('participant:choose', { optionId }, 5_000).then((r) => {
            if (!r.ok) return;
            acks.push({ seq: r.seq, participantId: people[i].participantId, optionId });
            if (acks.length >= total / 2 && !killed) killed = killHard(server.child);
          }, () => {});
        }));
        await Promise.all(inFlight);
        await (killed ?? killHard(server.child));
        for (const c of open) c.close();

        // Every acknowledged vote is on disk, at the seq it was acknowledged with.
        const stored = storedEvents(dataDir, code);
        for (const a of acks) expect(stored.get(a.seq)).toMatchObject({ type: 'choiceMade', participantId: a.participantId, optionId: a.optionId });
        const storedLast = new Map<string, string>();
        for (const e of stored.values()) {
          if (e.type === 'roundStarted') storedLast.clear();
          if (e.type === 'choiceMade') storedLast.set(e.participantId, e.optionId);
        }

        // Back up: the facilitator and everyone come back to the same round, with what was stored.
        server = await spawnServer({ port, dataDir });
        const hostClient = new ProtocolClient(server.url);
        const attached = await hostClient.request('host:attach', { code, hostKey });
        if (!attached.ok) throw new Error(`attach after restart ${cycle}: ${attached.code}`);
        expect(attached.view.phase).toBe('deciding');
        expect(attached.view.roundIndex).toBe(cycle === 3 ? 1 : 0);
        expect(attached.view.round!.choices).toEqual(Object.fromEntries(storedLast));
        host = { client: hostClient, code, hostKey };
        players = await Promise.all(people.map(async (p) => {
          const c = new ProtocolClient(server.url);
          const r = await c.request('participant:rejoin', { code, token: p.token });
          if (!r.ok) throw new Error(`rejoin after restart ${cycle}: ${r.code}`);
          expect(r.me.myChoice).toBe(storedLast.get(p.participantId) ?? null);
          return c;
        }));
        open = [hostClient, ...players];
        for (const [k, v] of storedLast) lastChoice.set(k, v);
      }
      // The session still plays to the end after three crashes.
      await command(host, { type: 'reveal' });
      await host.client.until(() => hostView(host).phase === 'reveal' && hostView(host).roundsPlayed === 2);
    } finally {
      for (const c of open) c.close();
      await killHard(server.child).catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('storage faults', () => {
  it('refuses to start with a clear error and a non-zero exit when DATA_DIR cannot be written', async () => {
    const base = tmp('powerup-ro-');
    try {
      // A path below a regular file can never be created, whoever runs the test (root ignores chmod).
      writeFileSync(path.join(base, 'a-file'), 'x');
      // The real entry point, as a process: the message on stderr and exit code 1.
      await expect(spawnServer({ port: await freePort(), dataDir: path.join(base, 'a-file', 'data') })).rejects.toThrow(/exited with 1[\s\S]*Power Up could not start: DATA_DIR .* is not writable/);
      // The database file itself cannot be opened (here: a directory is in its place): startServer refuses too.
      mkdirSync(path.join(base, 'blocked', 'powerup.sqlite'), { recursive: true });
      await expect(startServer({ port: 0, host: '127.0.0.1', dataDir: path.join(base, 'blocked'), logLevel: 'silent', corsOrigins: [] })).rejects.toThrow(/database/i);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 60_000);

  it('when the disk fills up while running: commands are refused with STORAGE_FAILED and nothing unstored is acknowledged', async () => {
    const server = await startTestServer();
    const clients: ProtocolClient[] = [];
    try {
      const host = await createHostedSession(server.url, { decideSeconds: 600, storyRounds: false });
      clients.push(host.client);
      const players = await Promise.all(Array.from({ length: 20 }, (_, i) => joinAs(server.url, host.code, `Disk ${i}`)));
      clients.push(...players.map((p) => p.client));
      await command(host, { type: 'startRound' });
      await openVote(host);
      await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'deciding')));

      // The disk is full: SQLite may not grow the file by a single page (what ENOSPC looks like to it).
      const store = server.registry.store;
      await store.testing.setDiskFull(true);
      const acked: number[] = [];
      let refused = 0;
      for (let round = 0; round < 200 && refused < 20; round++) {
        const answers = await Promise.all(players.map((p, i) => p.client.request('participant:choose', { optionId: optionFor(p.client, p.team, round + i) })));
        for (const a of answers) {
          if (a.ok) acked.push(a.seq);
          else if (a.code === 'STORAGE_FAILED') refused++;
          else throw new Error(`unexpected ${a.code}`);
        }
      }
      expect(refused).toBeGreaterThanOrEqual(20);
      const session = server.registry.get(host.code)!;
      // Nothing acknowledged that was not stored, and the live state is exactly the stored one.
      const storedSeqs = new Set((await store.events(host.code)).map((e) => e.seq));
      for (const seq of acked) expect(storedSeqs.has(seq)).toBe(true);
      await new Promise((r) => setTimeout(r, 50)); // the rollback runs in a microtask after the failed batch
      const onDisk = await loadState(store, host.code);
      expect(session.seq).toBe(onDisk.seq);
      expect(stateHash(session.state)).toBe(stateHash(onDisk.state));
      // The facilitator's commands are refused the same way once even a small event no longer fits.
      let hostRefused: { ok: boolean; code?: string } = { ok: true };
      for (let i = 0; i < 500 && hostRefused.ok; i++) hostRefused = await host.client.request('host:command', { command: { type: 'extend', seconds: 1 } });
      expect(hostRefused).toMatchObject({ ok: false, code: 'STORAGE_FAILED' });
      expect(server.registry.get(host.code)!.seq).toBe((await loadState(store, host.code)).seq);

      // Space again: the session carries on from what was stored.
      await store.testing.setDiskFull(false);
      expect((await players[0].client.request('participant:choose', { optionId: optionFor(players[0].client, players[0].team, 1) })).ok).toBe(true);
      await command(host, { type: 'reveal' });
      await host.client.until(() => hostView(host).phase === 'reveal');
    } finally {
      for (const c of clients) c.close();
      await server.stop();
    }
  }, 60_000);
});

describe('databases from other versions', () => {
  it('migrates a version 1 database and resumes its running session', async () => {
    const dataDir = tmp('powerup-v1-');
    const hostKey = 'a-host-key-from-version-one-000';
    const code = 'HJKMN';
    // What version 1 wrote (no replay_token_hash column), with one running session.
    const db = new Database(path.join(dataDir, 'powerup.sqlite'));
    db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE sessions (code TEXT PRIMARY KEY, host_key_hash TEXT NOT NULL, created_at INTEGER NOT NULL, status TEXT NOT NULL, last_seq INTEGER NOT NULL);
      CREATE TABLE events (code TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (code, seq)) WITHOUT ROWID;
      CREATE TABLE snapshots (code TEXT NOT NULL, seq INTEGER NOT NULL, state TEXT NOT NULL, PRIMARY KEY (code, seq)) WITHOUT ROWID;
      INSERT INTO meta VALUES ('schema_version', '1');`);
    const at = Date.now() - 60_000;
    const created = { type: 'created', at, config: SessionConfigSchema.parse({ title: 'Old workshop' }), deck: defaultDeck, seed: 7 };
    const joined = { type: 'joined', at: at + 1, participantId: 'p-old', name: 'Old Timer', tokenHash: hashSecret('an-old-participant-token-0000') };
    db.prepare('INSERT INTO sessions VALUES (?, ?, ?, ?, ?)').run(code, hashSecret(hostKey), at, 'running', 2);
    db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?)').run(code, 1, 'created', at, JSON.stringify(created));
    db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?)').run(code, 2, 'joined', at + 1, JSON.stringify(joined));
    db.close();

    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', corsOrigins: [] });
    const c = new ProtocolClient(server.url);
    try {
      expect(await server.registry.store.testing.schemaVersion()).toBeGreaterThanOrEqual(2);
      const attached = await c.request('host:attach', { code, hostKey });
      expect(attached.ok && attached.view.title).toBe('Old workshop');
      expect(attached.ok && attached.view.state.participants['p-old'].name).toBe('Old Timer');
      expect((await c.request('host:command', { command: { type: 'createReplayLink' } })).ok).toBe(true); // the new column works
      expect((await c.request('host:command', { command: { type: 'startRound' } })).ok).toBe(true);
    } finally {
      c.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a database from a newer version (schema 99) with a clear message, touching nothing', async () => {
    const dataDir = tmp('powerup-v99-');
    try {
      const db = new Database(path.join(dataDir, 'powerup.sqlite'));
      db.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('schema_version', '99');");
      db.close();
      // server/main.ts turns this rejection into "Power Up could not start: …" and exit code 1 (as above).
      await expect(startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', corsOrigins: [] })).rejects.toThrow(/newer Power Up \(schema 99; this one knows up to \d+\)\. Upgrade Power Up or use another DATA_DIR/);
      const after = new Database(path.join(dataDir, 'powerup.sqlite'), { readonly: true });
      expect((after.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string }).value).toBe('99');
      expect(after.prepare("SELECT name FROM sqlite_master WHERE name = 'events'").get()).toBeUndefined();
      after.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
