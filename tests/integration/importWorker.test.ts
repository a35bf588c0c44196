import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';
import { buildRealLog, exportText } from '../../bench/importLog';
import { foldEvents } from '../../shared/engine/apply';
import { stateHash } from '../../shared/engine/hash';

// Issue 13 item 2: no request holds the event loop more than ~50 ms. The largest import's validation, fold
// and hash (and the garbage-collector pauses of a heap holding the whole log) held it 150–650 ms: they now
// run in a worker thread (server/http/importWorker.ts), and the main thread only writes the rows. The
// figures are a benchmark's (bench/scenarios/import.ts, docs/bench.md (g)); this test checks the structure.

// Counts calls on the main thread; the worker thread loads the real module on its own.
const mainThread = vi.hoisted(() => ({ validations: 0 }));
vi.mock('../../server/http/logImport', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../server/http/logImport')>();
  return {
    ...real,
    validateImport: (text: string) => {
      mainThread.validations++;
      return real.validateImport(text);
    },
  };
});

const post = (url: string, body: string) => fetch(`${url}/api/sessions/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('imports are validated off the event loop (issue 13 item 2)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('validates, folds and hashes a log in a worker thread; the main thread only stores it', async () => {
    const events = buildRealLog({ participants: 300, rounds: 3, votesPerRound: 2, storyVotesPerRound: 1 });
    const text = exportText(events);
    const res = await post(server.url, text);
    expect(res.status).toBe(201);
    const imported = (await res.json()) as { code: string; hostKey: string; stateHash: string };
    expect(imported.stateHash).toBe(stateHash(foldEvents(JSON.parse(text).events.map((e: { event: unknown }) => e.event))));
    expect(mainThread.validations).toBe(0);
    // Stored whole: it serves back, and folds, to the same hash.
    const back = await (await fetch(`${server.url}/api/sessions/${imported.code}/log`, { headers: { authorization: `Bearer ${imported.hostKey}` } })).json();
    expect(back.events).toHaveLength(events.length);
    expect(back.stateHash).toBe(imported.stateHash);
  });

  it('answers a refused log from the worker with its code, and stores nothing', async () => {
    const events = buildRealLog({ participants: 20, rounds: 1, votesPerRound: 1, storyVotesPerRound: 0 });
    const log = JSON.parse(exportText(events));
    const refused = await post(server.url, JSON.stringify({ ...log, stateHash: '0123456789abcd' }));
    expect(refused.status).toBe(400);
    expect((await refused.json()).code).toBe('HASH_MISMATCH');
    const broken = await post(server.url, exportText(events).slice(0, -20));
    expect(broken.status).toBe(400);
    expect((await broken.json()).code).toBe('BAD_LOG');
    expect(mainThread.validations).toBe(0);
  });
});
