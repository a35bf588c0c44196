import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../server/store/sqliteStore';
import { PgStore } from '../../server/store/pgStore';
import { GroupCommitter } from '../../server/store/groupCommitter';
import { SqliteDeckStore } from '../../server/store/sqliteDeckStore';
import { LOCAL_DECKS_FILE, moveLocalDecks } from '../../server/store/moveLocalDecks';
import { DamagedRow, FencedError, SNAPSHOT_PART_CHARS, type Store } from '../../server/store/store';
import { loadState } from '../../server/sessions/loadState';
import { initialState } from '../../shared/engine/apply';
import { SessionConfigSchema } from '../../shared/schemas/config';
import { defaultDeck } from '../../shared/deck/loadDeck';
import type { CreatedEvent, GameEvent } from '../../shared/schemas/events';
import { engineCheck, startPostgres, type Postgres } from '../support/engines';

// One contract, two stores: every test below runs against SQLite (embedded, a temp DATA_DIR) and against
// a real PostgreSQL started for this file (tests/support/engines.ts).
const created = (at = 1000): CreatedEvent => ({ type: 'created', at, config: SessionConfigSchema.parse({ decideSeconds: 60, storyRounds: false }), deck: defaultDeck, seed: 7 });
const joined = (i: number, at = 2000 + i): GameEvent => ({ type: 'joined', at, participantId: `p${i}`, name: `Guest ${i}`, tokenHash: `t${i}` }) as GameEvent;
const nextTurn = () => new Promise<void>((r) => setImmediate(r));

type Harness = { name: string; open(): Promise<Store>; cleanup(): Promise<void> };

function sqliteHarness(): Harness {
  let dir: string | undefined;
  return {
    name: 'sqlite',
    async open() {
      dir = mkdtempSync(path.join(os.tmpdir(), 'powerup-contract-'));
      return new SqliteStore(dir);
    },
    async cleanup() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

const { skip: noPostgres } = engineCheck(['postgres']);
let postgres: Postgres | undefined;
let dbCount = 0;
function pgHarness(): Harness {
  return {
    name: 'postgres',
    async open() {
      return PgStore.open(await postgres!.database(`contract_${++dbCount}`));
    },
    async cleanup() {},
  };
}

beforeAll(async () => {
  if (!noPostgres) postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
});

for (const make of [sqliteHarness, pgHarness]) {
  const h = make();
  describe.skipIf(h.name === 'postgres' && noPostgres)(`Store contract: ${h.name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await h.open();
    });
    afterEach(async () => {
      await store.close();
      await h.cleanup();
    });

    const newSession = async (code: string, epoch = 0) => {
      const c = created();
      await store.createSession({ code, hostKeyHash: `hk-${code}`, createdAt: 1000, epoch, node: 'n1', first: { event: c, snapshotJson: JSON.stringify(initialState(c)) } });
    };

    it('creates a session with its created event and snapshot in one go, and reads it back', async () => {
      expect(await store.codeExists('ABCDE')).toBe(false);
      await newSession('ABCDE');
      expect(await store.codeExists('ABCDE')).toBe(true);
      expect(await store.getSession('ABCDE')).toEqual({ code: 'ABCDE', hostKeyHash: 'hk-ABCDE', replayTokenHash: null, createdAt: 1000, status: 'running', lastSeq: 1, epoch: 0, ownerNode: 'n1' });
      expect((await store.events('ABCDE')).map((e) => e.event.type)).toEqual(['created']);
      expect(await store.snapshotSeqs('ABCDE')).toEqual([1]);
      expect((await store.runningSessions()).map((r) => r.code)).toEqual(['ABCDE']);
      expect(await store.getSession('NOPE1')).toBeUndefined();
      // A second session with the same code is refused (the primary key), the first is untouched.
      await expect(newSession('ABCDE')).rejects.toThrow();
      expect((await store.getSession('ABCDE'))!.lastSeq).toBe(1);
    });

    it('appends batches of several sessions, fenced per session on seq and epoch', async () => {
      await newSession('AAAAA');
      await newSession('BBBBB');
      const r1 = await store.appendBatch([
        { code: 'AAAAA', seq: 2, event: joined(1), epoch: 0 },
        { code: 'BBBBB', seq: 2, event: joined(1), epoch: 0 },
        { code: 'AAAAA', seq: 3, event: joined(2), epoch: 0 },
      ]);
      expect([...r1.refused]).toEqual([]);
      expect((await store.getSession('AAAAA'))!.lastSeq).toBe(3);
      // A gap, a duplicate and a stale epoch are refused; the other session's rows of the batch are stored.
      const r2 = await store.appendBatch([
        { code: 'AAAAA', seq: 5, event: joined(3), epoch: 0 },
        { code: 'BBBBB', seq: 3, event: joined(2), epoch: 0 },
      ]);
      expect([...r2.refused]).toEqual(['AAAAA']);
      expect((await store.appendBatch([{ code: 'AAAAA', seq: 3, event: joined(9), epoch: 0 }])).refused.has('AAAAA')).toBe(true);
      expect((await store.claim('AAAAA', 4, 'n2')).ok).toBe(true);
      expect((await store.appendBatch([{ code: 'AAAAA', seq: 4, event: joined(3), epoch: 0 }])).refused.has('AAAAA')).toBe(true);
      expect((await store.appendBatch([{ code: 'AAAAA', seq: 4, event: joined(3), epoch: 4 }])).refused.size).toBe(0);
      expect((await store.events('AAAAA')).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect((await store.events('BBBBB')).map((e) => e.seq)).toEqual([1, 2, 3]);
      // An unknown session is refused, not created.
      expect((await store.appendBatch([{ code: 'ZZZZZ', seq: 1, event: joined(1), epoch: 0 }])).refused.has('ZZZZZ')).toBe(true);
    });

    it('claims: only a newer epoch takes a session, and it names the previous owner', async () => {
      await newSession('CLAIM', 3);
      expect(await store.claim('CLAIM', 3, 'n2')).toEqual({ ok: false, previousNode: 'n1' });
      expect(await store.claim('CLAIM', 5, 'n2')).toEqual({ ok: true, previousNode: 'n1' });
      expect(await store.claim('CLAIM', 4, 'n3')).toEqual({ ok: false, previousNode: 'n2' });
      expect(await store.getSession('CLAIM')).toMatchObject({ epoch: 5, ownerNode: 'n2' });
    });

    it('reads ranges and pages, the last event time and joins up to a seq', async () => {
      await newSession('RANGE');
      await store.appendBatch(Array.from({ length: 20 }, (_, i) => ({ code: 'RANGE', seq: i + 2, event: joined(i, 5000 + i), epoch: 0 })));
      expect((await store.events('RANGE', 5, 8)).map((e) => e.seq)).toEqual([6, 7, 8]);
      expect((await store.eventsPage('RANGE', 10, 4)).map((e) => e.seq)).toEqual([11, 12, 13, 14]);
      expect(await store.lastEventAt('RANGE')).toBe(5019);
      expect(await store.joinsUpTo('RANGE', 11)).toBe(10);
      expect(await store.lastEventAt('NOPE1')).toBeUndefined();
    });

    it('keeps the two newest snapshots, stores big ones in parts and reads them at once or a part per turn', async () => {
      await newSession('SNAPS');
      const big = JSON.stringify({ pad: 'x'.repeat(SNAPSHOT_PART_CHARS * 2 + 17) });
      await store.putSnapshot('SNAPS', 5, '{"a":5}');
      await store.putSnapshot('SNAPS', 9, big);
      expect(await store.snapshotSeqs('SNAPS')).toEqual([9, 5]);
      expect(await store.snapshotText('SNAPS', 9)).toBe(big);
      expect(await store.snapshotText('SNAPS', 9, nextTurn)).toBe(big);
      await store.putSnapshot('SNAPS', 12, '{"a":12}');
      expect(await store.snapshotSeqs('SNAPS')).toEqual([12, 9]);
      await expect(store.snapshotText('SNAPS', 1)).rejects.toBeInstanceOf(DamagedRow);
      const sizes = await store.testing.sizes('SNAPS');
      expect(sizes.snapshotBytes).toBe(big.length + '{"a":12}'.length);
    });

    it('status, replay-link hash and host-key hash; the host\u2019s ended sessions, newest first', async () => {
      await newSession('STAT1');
      await newSession('STAT2');
      await store.setStatus('STAT1', 'ended');
      await store.setReplayTokenHash('STAT1', 'rt-hash');
      expect(await store.getSession('STAT1')).toMatchObject({ status: 'ended', replayTokenHash: 'rt-hash' });
      await store.setReplayTokenHash('STAT1', null);
      expect((await store.getSession('STAT1'))!.replayTokenHash).toBeNull();
      expect((await store.runningSessions()).map((r) => r.code)).toEqual(['STAT2']);
      await store.setHostKeyHash('STAT2', 'hk-STAT1');
      expect(await store.hostKeyKnown('hk-STAT1')).toBe(true);
      expect(await store.hostKeyKnown('hk-nobody')).toBe(false);
      expect((await store.sessionsOfHost('hk-STAT1', 10)).map((r) => r.code)).toEqual(['STAT1']); // STAT2 is still running
    });

    it('imports in chunks, invisible until finished; an unfinished import is dropped; a session can be deleted', async () => {
      const c = created();
      const events: GameEvent[] = [c, ...Array.from({ length: 30 }, (_, i) => joined(i))];
      await store.createSession({ code: 'IMPRT', hostKeyHash: 'hk', createdAt: 1, status: 'importing' });
      await store.appendImportChunk('IMPRT', events.slice(0, 10).map((event, i) => ({ seq: i + 1, event })));
      await store.appendImportChunk('IMPRT', events.slice(10).map((event, i) => ({ seq: i + 11, event })));
      expect((await store.getSession('IMPRT'))!.status).toBe('importing');
      await store.finishImport('IMPRT', 31, JSON.stringify({ pad: 'y'.repeat(SNAPSHOT_PART_CHARS + 1) }), nextTurn);
      expect(await store.getSession('IMPRT')).toMatchObject({ status: 'imported', lastSeq: 31 });
      expect(await store.snapshotSeqs('IMPRT')).toEqual([31]);
      await store.createSession({ code: 'HALF1', hostKeyHash: 'hk', createdAt: 1, status: 'importing' });
      await store.appendImportChunk('HALF1', [{ seq: 1, event: c }]);
      expect(await store.dropUnfinishedImports()).toBe(1);
      expect(await store.codeExists('HALF1')).toBe(false);
      await store.deleteSession('IMPRT');
      expect(await store.codeExists('IMPRT')).toBe(false);
      expect(await store.events('IMPRT')).toEqual([]);
    });

    it('liveness: heartbeats per node, a write probe, and a store that takes no writes says so', async () => {
      expect(await store.lastAliveAt('n1')).toBeUndefined();
      await store.heartbeat('n1', 1234);
      await store.heartbeat('n2', 99);
      expect(await store.lastAliveAt('n1')).toBe(1234);
      expect(await store.lastAliveAt('n2')).toBe(99);
      await store.probe();
      await store.testing.setReadOnly(true);
      await expect(store.probe()).rejects.toThrow();
      await store.testing.setReadOnly(false);
      await store.probe();
      expect(await store.testing.schemaVersion()).toBeGreaterThanOrEqual(1);
    });

    it('group commit through the store: many events in few transactions, acked only once stored, a fenced session refused alone', async () => {
      await newSession('GROUP');
      await newSession('FENCE', 2);
      let writes = 0;
      const committer = new GroupCommitter(async (batch) => {
        writes++;
        return store.appendBatch(batch);
      });
      const acks: (Error | null)[] = [];
      for (let i = 0; i < 300; i++) committer.append('GROUP', i + 2, joined(i), (e) => acks.push(e));
      let fenced: Error | null = null;
      committer.append('FENCE', 2, joined(1), (e) => (fenced = e), 1); // epoch 1 < 2: a node that lost the lease
      await committer.flush();
      expect(acks).toHaveLength(300);
      expect(acks.every((e) => e === null)).toBe(true);
      expect(fenced).toBeInstanceOf(FencedError);
      expect(writes).toBeLessThanOrEqual(3);
      expect((await store.getSession('GROUP'))!.lastSeq).toBe(301);
      // And what is stored folds back to a state (snapshot + tail).
      const loaded = await loadState(store, 'GROUP');
      expect(loaded.seq).toBe(301);
      expect(Object.keys(loaded.state.participants)).toHaveLength(300);
    });

    it('saved decks: create, read, update, delete, count and list; a taken id, an unknown id and a store that takes no writes', async () => {
      const decks = store.decks();
      const row = (id: string, at: number) => ({ id, editKeyHash: `ek-${id}`, title: `Deck ${id}`, body: JSON.stringify({ id, cards: [] }), createdAt: at, updatedAt: at });
      expect(await decks.count()).toBe(0);
      expect(await decks.get('AAAAAAAAAAAAAAAA')).toBeUndefined();
      await decks.create(row('deck-one-0000001', 1_700_000_000_000));
      await decks.create(row('deck-two-0000002', 1_700_000_000_001));
      expect(await decks.get('deck-one-0000001')).toEqual(row('deck-one-0000001', 1_700_000_000_000));
      // A taken id is refused and the deck there is untouched.
      await expect(decks.create({ ...row('deck-one-0000001', 5), title: 'Other' })).rejects.toThrow();
      expect((await decks.get('deck-one-0000001'))!.title).toBe('Deck deck-one-0000001');
      expect(await decks.update('deck-one-0000001', 'Renamed', '{"x":1}', 1_700_000_000_009)).toBe(true);
      expect(await decks.get('deck-one-0000001')).toMatchObject({ title: 'Renamed', body: '{"x":1}', createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_009 });
      expect(await decks.update('no-such-deck-000', 'x', '{}', 1)).toBe(false);
      expect(await decks.count()).toBe(2);
      expect((await decks.all()).map((d) => d.id)).toEqual(['deck-one-0000001', 'deck-two-0000002']);
      expect(await decks.remove('deck-one-0000001')).toBe(true);
      expect(await decks.remove('deck-one-0000001')).toBe(false);
      expect(await decks.get('deck-one-0000001')).toBeUndefined();
      expect(await decks.count()).toBe(1);
      // A database that takes no writes refuses a save (the route answers STORAGE_FAILED) and keeps what it had.
      await store.testing.setReadOnly(true);
      await expect(decks.create(row('deck-three-00003', 7))).rejects.toThrow();
      await expect(decks.update('deck-two-0000002', 'x', '{}', 8)).rejects.toThrow();
      await store.testing.setReadOnly(false);
      expect(await decks.get('deck-two-0000002')).toEqual(row('deck-two-0000002', 1_700_000_000_001));
      expect(await decks.get('deck-three-00003')).toBeUndefined();
    });

    it('saved decks from a node\u2019s old decks.sqlite move into the store once', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'powerup-olddecks-'));
      try {
        const old = new Database(path.join(dir, LOCAL_DECKS_FILE));
        const oldDecks = new SqliteDeckStore(old);
        await oldDecks.create({ id: 'old-deck-0000001', editKeyHash: 'ek', title: 'Old', body: '{"a":1}', createdAt: 10, updatedAt: 11 });
        await oldDecks.create({ id: 'kept-deck-000002', editKeyHash: 'ek2', title: 'From the file', body: '{}', createdAt: 12, updatedAt: 12 });
        old.close();
        await store.decks().create({ id: 'kept-deck-000002', editKeyHash: 'ek2', title: 'Already here', body: '{}', createdAt: 13, updatedAt: 13 });
        expect(await moveLocalDecks(dir, store.decks())).toBe(1);
        expect(await store.decks().get('old-deck-0000001')).toEqual({ id: 'old-deck-0000001', editKeyHash: 'ek', title: 'Old', body: '{"a":1}', createdAt: 10, updatedAt: 11 });
        expect((await store.decks().get('kept-deck-000002'))!.title).toBe('Already here');
        expect(existsSync(path.join(dir, LOCAL_DECKS_FILE))).toBe(false);
        expect(await moveLocalDecks(dir, store.decks())).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a damaged snapshot is skipped for the log', async () => {
      await newSession('DAMAG');
      await store.appendBatch([{ code: 'DAMAG', seq: 2, event: joined(1), epoch: 0 }]);
      await store.testing.damageSnapshots('DAMAG');
      const loaded = await loadState(store, 'DAMAG');
      expect(loaded.seq).toBe(2);
      expect(loaded.skipped.length).toBe(1);
    });
  });
}

describe.skipIf(noPostgres)('a server on Postgres (DATABASE_URL)', () => {
  it('plays a round, and a restart on the same database resumes the session with every acknowledged vote', async () => {
    const { startServer } = await import('../../server/app');
    const { createHostedSession, joinAs, command, openVote, teamView } = await import('../support/flows');
    const databaseUrl = await postgres!.database('server_run');
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'powerup-pgserver-'));
    const settings = { port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent' as const, corsOrigins: [], databaseUrl };
    let server = await startServer(settings);
    try {
      const host = await createHostedSession(server.url, { decideSeconds: 600, storyRounds: false });
      const players = await Promise.all(['Ana', 'Bo', 'Cy'].map((n) => joinAs(server.url, host.code, n)));
      await command(host, { type: 'startRound' });
      await openVote(host);
      await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'deciding')));
      const acked: number[] = [];
      for (const p of players) {
        const opts = teamView(p.client).card!.options.filter((o) => o.team === p.team);
        const r = await p.client.request('participant:choose', { optionId: opts[0].id });
        if (r.ok) acked.push(r.seq);
      }
      expect(acked).toHaveLength(3);
      expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ ok: true, storage: 'ok' });
      for (const c of [host.client, ...players.map((p) => p.client)]) c.close();
      await server.close();
      server = await startServer(settings);
      const again = await createHostedSession(server.url); // the new server works
      again.client.close();
      const { ProtocolClient } = await import('../../scripts/bots/protocolClient');
      const h = new ProtocolClient(server.url);
      const attached = await h.request('host:attach', { code: host.code, hostKey: host.hostKey });
      expect(attached.ok).toBe(true);
      if (attached.ok) {
        expect(attached.seq).toBeGreaterThanOrEqual(Math.max(...acked));
        expect(attached.view.phase).toBe('deciding');
      }
      const stored = await server.registry.store.events(host.code);
      for (const seq of acked) expect(stored.find((e) => e.seq === seq)?.event.type).toBe('choiceMade');
      h.close();
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
