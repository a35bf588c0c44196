import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { defaultDeck } from '../../shared/deck/loadDeck';
import { startTestServer, type TestServer } from '../support/testServer';
import { createHostedSession, joinAs, command, teamView, type Host, openVote } from '../support/flows';
import { ProtocolClient } from '../../scripts/bots/protocolClient';
import { ReplayIndex } from '../../shared/replay/replayIndex';
import { stateHash } from '../../shared/engine/hash';
import { viewFor } from '../../shared/engine/views';
import { foldEvents } from '../../shared/engine/apply';
import type { GameState } from '../../shared/schemas/state';

const getLog = (url: string, code: string, key: string) =>
  fetch(`${url}/api/sessions/${code}/log`, { headers: { authorization: `Bearer ${key}` } });

/** Everything but device tokens, which never leave the server. */
const withoutTokens = (s: GameState) => {
  const copy = structuredClone(s);
  for (const p of Object.values(copy.participants)) p.tokenHash = '';
  return copy;
};

describe('replay and exports', () => {
  let server: TestServer;
  let host: Host;
  /** Every snapshot the server wrote live (the store keeps only the newest two, so they are recorded as written). */
  const written: { seq: number; state: string }[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    const put = server.registry.store.putSnapshot.bind(server.registry.store);
    server.registry.store.putSnapshot = (code, seq, state) => {
      if (code === host?.code) written.push({ seq, state });
      return put(code, seq, state);
    };
    host = await createHostedSession(server.url, { rounds: 2, storyRounds: false, decideSeconds: 60 });
    const players = await Promise.all(['A', 'B', 'C', 'D', 'E'].map((n) => joinAs(server.url, host.code, n)));
    for (let round = 0; round < 2; round++) {
      await command(host, { type: 'startRound' });
      await openVote(host);
      await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'deciding')));
      for (const [i, p] of players.entries()) {
        const opts = teamView(p.client).card!.options.filter((o) => o.team === p.team);
        await p.client.request('participant:choose', { optionId: opts[i % opts.length].id });
      }
      await command(host, { type: 'reveal' });
      if (round === 0) await command(host, { type: 'closeRound' });
    }
    for (const p of players) p.client.close();
  });
  afterAll(async () => {
    host.client.close();
    await server.stop();
  });

  it('rebuilds, at every seq the server snapshotted live, the state it had then', async () => {
    const log = await (await getLog(server.url, host.code, host.hostKey)).json();
    const index = new ReplayIndex(log.events.map((e: any) => e.event));
    const snapshots = written;
    expect(snapshots.length).toBeGreaterThanOrEqual(4);
    const kept = await server.registry.store.snapshotSeqs(host.code);
    expect(kept.length).toBeLessThanOrEqual(2); // issue 13 item 6: only the newest are kept
    for (const snap of snapshots) {
      expect(stateHash(withoutTokens(index.stateAt(snap.seq))), `seq ${snap.seq}`).toBe(stateHash(withoutTokens(JSON.parse(snap.state))));
    }
    const live = server.registry.get(host.code)!;
    expect(stateHash(withoutTokens(index.stateAt(live.seq)))).toBe(stateHash(withoutTokens(live.state)));
    expect(viewFor(index.stateAt(live.seq), { kind: 'stage' })).toEqual(viewFor(live.state, { kind: 'stage' }));
  });

  it('exports a log that another server imports and replays to the same state hash', async () => {
    const exported = await (await getLog(server.url, host.code, host.hostKey)).json();
    const other = await startTestServer();
    try {
      const res = await fetch(`${other.url}/api/sessions/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ format: exported.format, version: exported.version, code: exported.code, stateHash: exported.stateHash, events: exported.events }),
      });
      expect(res.status).toBe(201);
      const imported = await res.json();
      expect(imported.stateHash).toBe(exported.stateHash);
      const again = await (await getLog(other.url, imported.code, imported.hostKey)).json();
      expect(again.stateHash).toBe(exported.stateHash);
      expect(stateHash(foldEvents(again.events.map((e: any) => e.event)))).toBe(exported.stateHash);
      // An imported session is for replay: it takes no commands.
      const h = new ProtocolClient(other.url);
      expect((await h.request('host:attach', { code: imported.code, hostKey: imported.hostKey })).ok).toBe(true);
      expect(await h.request('host:command', { command: { type: 'startRound' } })).toMatchObject({ ok: false, code: 'READ_ONLY' });
      h.close();
      // A tampered log is refused.
      const tampered = structuredClone(exported);
      tampered.events[1].event.name = 'Mallory';
      const bad = await fetch(`${other.url}/api/sessions/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ format: 'powerup-log', version: 1, code: 'X', stateHash: exported.stateHash, events: tampered.events }) });
      expect(bad.status).toBe(400);
      expect((await bad.json()).code).toBe('HASH_MISMATCH');
    } finally {
      await other.stop();
    }
  });

  it('gives a replay link read access only; revoking it closes it', async () => {
    const made = await host.client.request('host:command', { command: { type: 'createReplayLink' } });
    expect(made.ok).toBe(true);
    const token = (made as any).replayToken as string;
    const log = await getLog(server.url, host.code, token);
    expect(log.status).toBe(200);
    expect((await log.json()).role).toBe('replay');
    // The per-person CSV only on a link the facilitator shared it with (issue 15 item 19, tests/integration/replayShare.test.ts).
    const csv = await fetch(`${server.url}/api/sessions/${host.code}/decisions.csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(csv.status).toBe(403);

    const viewer = new ProtocolClient(server.url);
    expect(await viewer.request('host:attach', { code: host.code, hostKey: token })).toMatchObject({ ok: false, code: 'NOT_HOST' });
    expect(await viewer.request('host:command', { command: { type: 'end' } })).toMatchObject({ ok: false, code: 'NOT_HOST' });
    expect(await viewer.request('participant:rejoin', { code: host.code, token })).toMatchObject({ ok: false, code: 'UNKNOWN_TOKEN' });
    viewer.close();

    await command(host, { type: 'revokeReplayLink' });
    expect((await getLog(server.url, host.code, token)).status).toBe(403);
  });

  it("never sends a hidden story's words to a read-only viewer", async () => {
    const h = await createHostedSession(server.url, { rounds: 1, cardIds: ['show-and-tell'], decideSeconds: 60, storySeconds: 60 }, defaultDeck);
    const [a, b] = await Promise.all([joinAs(server.url, h.code, 'Ann'), joinAs(server.url, h.code, 'Bob')]);
    await command(h, { type: 'startRound' });
    await openVote(h);
    await command(h, { type: 'skip' });
    await a.client.until((c) => teamView(c)?.phase === 'stories');
    const story = await a.client.request('participant:story', { text: 'a rude remark about Legal' });
    expect(story.ok).toBe(true);
    await b.client.request('participant:story', { text: 'the demo that won the CFO' });
    await command(h, { type: 'reveal' });
    await command(h, { type: 'hideStory', storyId: (story as any).storyId, hidden: true });
    await command(h, { type: 'end' }); // a rules v1 replay link sees the rounds once the session has ended (item 7)
    const made = await h.client.request('host:command', { command: { type: 'createReplayLink' } });
    const token = (made as any).replayToken as string;
    const asViewer = await (await getLog(server.url, h.code, token)).text();
    expect(asViewer).not.toContain('rude remark');
    expect(asViewer).toContain('the demo that won the CFO');
    expect(await (await getLog(server.url, h.code, h.hostKey)).text()).toContain('rude remark');
    for (const c of [a.client, b.client, h.client]) c.close();
  });

  it('serves a tail (?after=N) equal to the end of the full log, pseudonyms continuing, without refolding', async () => {
    const h = await createHostedSession(server.url, { naming: 'pseudonyms' });
    const people = [];
    for (const n of ['Ann', 'Bob', 'Cat']) people.push(await joinAs(server.url, h.code, n));
    const full = await (await getLog(server.url, h.code, h.hostKey)).json();
    expect(full.stateHash).toBeTruthy();
    const tail = await (await fetch(`${server.url}/api/sessions/${h.code}/log?after=2`, { headers: { authorization: `Bearer ${h.hostKey}` } })).json();
    expect(tail.events).toEqual(full.events.slice(2));
    expect(tail.events.map((e: any) => e.event.name)).toEqual(['Participant 2', 'Participant 3']);
    expect(tail.stateHash).toBeUndefined();
    for (const p of people) p.client.close();
    h.client.close();
  });
});

