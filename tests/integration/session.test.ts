import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';
import { createHostedSession, joinAs, command, hostView, teamView, openVote, votableOptions } from '../support/flows';
import { ProtocolClient } from '../../scripts/bots/protocolClient';

describe('a live session over socket.io', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.stop(); });

  it('runs a full session: a facilitator and 6 participants over 3 rounds', async () => {
    const host = await createHostedSession(server.url, { rounds: 3, decideSeconds: 30, storyRounds: false });
    const players = await Promise.all(['Ana', 'Ben', 'Cy', 'Di', 'Ed', 'Flo'].map((n) => joinAs(server.url, host.code, n)));
    const teams = players.map((p) => p.team);
    expect(teams.filter((t) => t === 'buyer')).toHaveLength(3);
    await host.client.until(() => Object.keys(hostView(host)?.state.participants ?? {}).length === 6);

    for (let round = 0; round < 3; round++) {
      await command(host, { type: 'startRound' });
      await openVote(host);
      await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'deciding')));
      for (const p of players) {
        // The first option the team can pay (a vote it cannot afford is refused: CANNOT_AFFORD).
        const mine = votableOptions(p.client, p.team);
        const r = await p.client.request('participant:choose', { optionId: mine[0].id });
        expect(r.ok).toBe(true);
      }
      await host.client.until(() => hostView(host).voted.buyer === 3 && hostView(host).voted.provider === 3);
      await command(host, { type: 'reveal' });
      // The phones learn the outcome as the stage tells it: here the facilitator skips the narration.
      await host.client.until(() => !!hostView(host).narration);
      await command(host, { type: 'narrate', step: hostView(host).narration!.total });
      await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'reveal' && teamView(c).lastResult?.index === round)));
      const result = teamView(players[0].client).lastResult!;
      expect(result).toBeTruthy();
      expect(players.every((p) => teamView(p.client).lastResult?.index === result.index)).toBe(true);
      if (round < 2) await command(host, { type: 'closeRound' });
    }
    await command(host, { type: 'end' });
    await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'ended')));
    expect(teamView(players[0].client).outcome?.name).toBeTruthy();
    await host.client.until(() => hostView(host).phase === 'ended');
    expect(hostView(host).roundsPlayed).toBe(3);
    for (const p of players) p.client.close();
    host.client.close();
  });

  it('keeps a vote across a rejoin in the middle of the vote', async () => {
    const host = await createHostedSession(server.url, { decideSeconds: 60 });
    const a = await joinAs(server.url, host.code, 'Rae');
    await command(host, { type: 'startRound' });
    await openVote(host);
    await a.client.until((c) => teamView(c)?.phase === 'deciding');
    const option = teamView(a.client).card!.options.find((o) => o.team === a.team && !o.wait)!;
    expect((await a.client.request('participant:choose', { optionId: option.id })).ok).toBe(true);
    const lastSeq = a.client.seq;
    a.client.close(); // the phone locks
    await host.client.until(() => hostView(host).presence[a.participantId] === 'away');

    const again = new ProtocolClient(server.url);
    const r = await again.request('participant:rejoin', { code: host.code, token: a.token, lastSeq });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.participantId).toBe(a.participantId);
    expect(r.me.myChoice).toBe(option.id);
    expect(r.me.team).toBe(a.team);
    await host.client.until(() => hostView(host).presence[a.participantId] === 'connected');
    expect(hostView(host).voted[a.team]).toBe(1);
    expect(hostView(host).round!.choices[a.participantId]).toBe(option.id);
    again.close();
    host.client.close();
  });

  it('shows the facilitator who is connected, away and back', async () => {
    const host = await createHostedSession(server.url);
    const a = await joinAs(server.url, host.code, 'Zed');
    await host.client.until(() => hostView(host).presence?.[a.participantId] === 'connected');
    a.client.close();
    await host.client.until(() => hostView(host).presence[a.participantId] === 'away');
    host.client.close();
  });

  it('guards roles: no facilitator powers for participants, no double votes, no voting for the other team, no peeking', async () => {
    const host = await createHostedSession(server.url);
    const a = await joinAs(server.url, host.code, 'Ivy');
    const b = await joinAs(server.url, host.code, 'Jo');
    expect(a.team).not.toBe(b.team);
    const notHost = await a.client.request('host:command', { command: { type: 'end' } });
    expect(notHost).toMatchObject({ ok: false, code: 'NOT_HOST' });
    const wrongKey = new ProtocolClient(server.url);
    expect(await wrongKey.request('host:attach', { code: host.code, hostKey: a.token })).toMatchObject({ ok: false, code: 'NOT_HOST' });
    wrongKey.close();

    await command(host, { type: 'startRound' });
    await openVote(host);
    await a.client.until((c) => teamView(c)?.phase === 'deciding');
    const card = teamView(a.client).card!;
    const mine = card.options.filter((o) => o.team === a.team);
    const theirs = card.options.find((o) => o.team !== a.team)!;
    expect(await a.client.request('participant:choose', { optionId: theirs.id })).toMatchObject({ ok: false, code: 'WRONG_TEAM' });
    expect((await a.client.request('participant:choose', { optionId: mine[0].id })).ok).toBe(true);
    expect((await a.client.request('participant:choose', { optionId: mine[1].id })).ok).toBe(true);
    await host.client.until(() => hostView(host).round?.choices[a.participantId] === mine[1].id);
    expect(hostView(host).voted[a.team]).toBe(1); // changed, not counted twice

    // The other team's brief never reaches this participant, nor anyone's choice.
    const fullCard = hostView(host).fullCard!;
    const otherBrief = fullCard.briefs[b.team];
    const seen = JSON.stringify([a.client.view, a.client.me]);
    expect(seen).not.toContain(otherBrief);
    expect(seen).toContain(fullCard.briefs[a.team]);
    expect(seen).not.toContain('tokenHash');
    expect(JSON.stringify(a.client.view)).not.toContain(a.participantId);
    a.client.close();
    b.client.close();
    host.client.close();
  });

  it('rejects invalid payloads with specific codes and changes nothing', async () => {
    const host = await createHostedSession(server.url);
    const seqBefore = hostView(host) && host.client.seq;
    const anon = new ProtocolClient(server.url);
    expect(await anon.request('participant:join', { code: host.code, name: '   ' })).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
    expect(await anon.request('participant:join', { code: host.code, name: 'x'.repeat(25) })).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
    expect(await anon.request('participant:join', { code: 'OOOOO', name: 'Al' })).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
    expect(await anon.request('participant:join', { code: 'ZZZZZ', name: 'Al' })).toMatchObject({ ok: false, code: 'NO_SUCH_SESSION' });
    expect(await anon.request('participant:join', 'hello')).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
    expect(await anon.request('participant:join', { code: host.code, name: 'Al', admin: true })).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
    expect(await anon.request('participant:choose', { optionId: 'x' })).toMatchObject({ ok: false, code: 'NOT_PARTICIPANT' });
    expect(await host.client.request('host:command', { command: { type: 'explode' } })).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
    expect(await host.client.request('host:command', { command: { type: 'pause' } })).toMatchObject({ ok: false, code: 'NO_TIMER' });
    expect(await host.client.request('session:create', { deck: { id: 'x', title: 'X', cards: [{ id: 'c1' }] } })).toMatchObject({ ok: false, code: 'BAD_DECK' });
    expect(await (anon as any).request('no:such:event', {})).toMatchObject({ ok: false, code: 'UNKNOWN_EVENT' });
    const log = await fetch(`${server.url}/api/sessions/${host.code}/log`, { headers: { authorization: `Bearer ${host.hostKey}` } }).then((r) => r.json());
    expect(log.events.map((e: any) => e.event.type)).toEqual(['created']);
    expect(host.client.seq).toBe(seqBefore);
    anon.close();
    host.client.close();
  });

  it('serves the log only with the host key, and never logs secrets', async () => {
    const host = await createHostedSession(server.url);
    expect((await fetch(`${server.url}/api/sessions/${host.code}/log`)).status).toBe(403);
    expect((await fetch(`${server.url}/api/sessions/${host.code}/log`, { headers: { authorization: 'Bearer nope-nope-nope-nope' } })).status).toBe(403);
    const ok = await fetch(`${server.url}/api/sessions/${host.code}/log`, { headers: { authorization: `Bearer ${host.hostKey}` } });
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.events[0].event.type).toBe('created');
    expect(JSON.stringify(body)).not.toContain(host.hostKey);
    host.client.close();
  });

  it('sends small patches while only vote counts move, and they add up to the full view', async () => {
    const host = await createHostedSession(server.url, { decideSeconds: 60 });
    const players = await Promise.all(['Kai', 'Lu', 'Mo', 'Ny'].map((n) => joinAs(server.url, host.code, n)));
    await command(host, { type: 'startRound' });
    await openVote(host);
    await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'deciding')));
    const watcher = players[0].client;
    const patches: number[] = [];
    watcher.socket.on('patch', (msg) => patches.push(JSON.stringify(msg).length));
    for (const p of players.slice(1)) {
      const option = teamView(p.client).card!.options.find((o) => o.team === p.team && !o.wait)!;
      expect((await p.client.request('participant:choose', { optionId: option.id })).ok).toBe(true);
      await watcher.until((c) => teamView(c).voted.buyer + teamView(c).voted.provider === players.indexOf(p));
    }
    expect(patches.length).toBeGreaterThan(0);
    expect(Math.max(...patches)).toBeLessThan(1000);
    const fresh = await watcher.request('sync', {});
    expect(fresh.ok && fresh.view).toEqual(watcher.view);
    for (const p of players) p.client.close();
    host.client.close();
  });

  it('a double-tapped join creates one participant, not two', async () => {
    const host = await createHostedSession(server.url);
    const c = new ProtocolClient(server.url);
    const [first, second] = await Promise.all([
      c.request('participant:join', { code: host.code, name: 'Tap' }),
      c.request('participant:join', { code: host.code, name: 'Tap' }),
    ]);
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, code: 'ALREADY_ATTACHED' });
    await host.client.until(() => Object.keys(hostView(host).state.participants).length === 1);
    const log = await fetch(`${server.url}/api/sessions/${host.code}/log`, { headers: { authorization: `Bearer ${host.hostKey}` } }).then((r) => r.json());
    expect(log.events.filter((e: any) => e.event.type === 'joined')).toHaveLength(1);
    c.close();
    host.client.close();
  });
});

