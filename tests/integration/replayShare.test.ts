import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServer, type TestServer } from '../support/testServer';
import { createHostedSession, joinAs, command, teamView, hostView, openVote, type Host } from '../support/flows';
import type { GameEvent } from '../../shared/schemas/events';

// Issue 15 item 19: a read-only replay link shows the debrief, not named per-person data, unless the
// facilitator chose to share it when creating the link (createReplayLink { shareNamed: true }).

const NAMES = ['Anneliese', 'Bartholomew', 'Cordelia', 'Desmond'];
const get = (url: string, code: string, key: string, what: 'log' | 'decisions.csv', accept?: string) =>
  fetch(`${url}/api/sessions/${code}/${what}`, { headers: { authorization: `Bearer ${key}`, ...(accept ? { accept } : {}) } });
const joinedNames = (body: { events: { event: GameEvent }[] }) => body.events.flatMap((e) => (e.event.type === 'joined' ? [e.event.name] : []));

async function playedSession(url: string): Promise<Host> {
  const host = await createHostedSession(url, { rounds: 1, storyRounds: false, decideSeconds: 600 });
  const people = [];
  for (const n of NAMES) people.push(await joinAs(url, host.code, n));
  await command(host, { type: 'startRound' });
  await openVote(host);
  for (const p of people) {
    await p.client.until((c) => teamView(c)?.phase === 'deciding');
    expect(await p.client.request('participant:choose', { optionId: teamView(p.client).card!.options.find((o) => o.team === p.team && o.wait)!.id })).toMatchObject({ ok: true });
  }
  await host.client.until(() => hostView(host).voted.buyer + hostView(host).voted.provider === NAMES.length);
  await command(host, { type: 'reveal' });
  await command(host, { type: 'end' });
  await host.client.until(() => hostView(host).phase === 'ended');
  for (const p of people) p.client.close();
  return host;
}

describe('a read-only link shares names and per-person exports only when the facilitator chose to (issue 15 item 19)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'powerup-share-'));
  let server: TestServer;
  let host: Host;
  beforeAll(async () => {
    server = await startTestServer({ dataDir });
    host = await playedSession(server.url);
  }, 60_000);
  afterAll(async () => {
    host?.client.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a link created without the flag: the debrief log with everyone as "Participant N", and a 403 for the CSV and the log download', async () => {
    const token = (await command(host, { type: 'createReplayLink' })).replayToken as string;
    const res = await get(server.url, host.code, token, 'log');
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body).toMatchObject({ ok: true, role: 'replay', shareNamed: false });
    expect(joinedNames(body)).toEqual(['Participant 1', 'Participant 2', 'Participant 3', 'Participant 4']);
    for (const n of NAMES) expect(text).not.toContain(n);
    // Still the whole debrief: the round and its votes are there.
    expect(body.events.filter((e: { event: GameEvent }) => e.event.type === 'choiceMade')).toHaveLength(4);

    const csv = await get(server.url, host.code, token, 'decisions.csv');
    expect(csv.status).toBe(403);
    expect(csv.headers.get('content-type')).toContain('application/json');
    expect(await csv.json()).toEqual({ ok: false, code: 'NOT_SHARED', message: expect.stringContaining('did not share names') });
    const download = await get(server.url, host.code, token, 'log', 'application/octet-stream');
    expect(download.status).toBe(403);
    expect((await download.json()).code).toBe('NOT_SHARED');
  });

  it('a link created with shareNamed: names, the CSV and the download; the host key always has them', async () => {
    const token = (await command(host, { type: 'createReplayLink', shareNamed: true })).replayToken as string;
    const body = await (await get(server.url, host.code, token, 'log')).json();
    expect(body).toMatchObject({ role: 'replay', shareNamed: true });
    expect(joinedNames(body)).toEqual(NAMES);
    const csv = await get(server.url, host.code, token, 'decisions.csv');
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('Anneliese');
    expect((await get(server.url, host.code, token, 'log', 'application/octet-stream')).status).toBe(200);
    const asHost = await (await get(server.url, host.code, host.hostKey, 'log')).json();
    expect(asHost.shareNamed).toBeUndefined();
    expect(joinedNames(asHost)).toEqual(NAMES);
    expect((await get(server.url, host.code, host.hostKey, 'decisions.csv')).status).toBe(200);
  });

  it('a new link replaces the old one with its own choice; a malformed flag is refused and changes nothing', async () => {
    const shared = (await command(host, { type: 'createReplayLink', shareNamed: true })).replayToken as string;
    const bad = await host.client.request('host:command', { command: { type: 'createReplayLink', shareNamed: 'yes' } });
    expect(bad).toMatchObject({ ok: false });
    expect((await get(server.url, host.code, shared, 'decisions.csv')).status).toBe(200);
    const unshared = (await command(host, { type: 'createReplayLink', shareNamed: false })).replayToken as string;
    expect((await get(server.url, host.code, shared, 'log')).status).toBe(403); // replaced
    expect((await get(server.url, host.code, unshared, 'decisions.csv')).status).toBe(403);
  });

  it('the choice survives a restart of the server', async () => {
    const shared = (await command(host, { type: 'createReplayLink', shareNamed: true })).replayToken as string;
    host.client.close();
    await server.stop();
    server = await startTestServer({ dataDir });
    expect((await get(server.url, host.code, shared, 'decisions.csv')).status).toBe(200);
    const body = await (await get(server.url, host.code, shared, 'log')).json();
    expect(joinedNames(body)).toEqual(NAMES);
  });
});
