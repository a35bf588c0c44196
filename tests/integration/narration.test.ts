import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';
import { createHostedSession, joinAs, command, hostView, teamView, openVote } from '../support/flows';

// Issue 15 item 9: the reveal is told step by step, and the step is held by the server: its clock moves
// the narration on at reading pace (here 20x faster), the facilitator steps or skips it, and a phone
// has the outcome only once the narration is over.
describe('the reveal narration over socket.io', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({ narrationPace: 0.05 }); });
  afterAll(async () => { await server.stop(); });

  it('moves on by itself, step by step, and the phone gets the result at the last step', async () => {
    const host = await createHostedSession(server.url, { rounds: 2, decideSeconds: 60, storyRounds: false });
    const players = await Promise.all(['Ana', 'Ben'].map((n) => joinAs(server.url, host.code, n)));
    await command(host, { type: 'startRound' });
    await openVote(host);
    await command(host, { type: 'reveal' });
    await host.client.until(() => hostView(host).phase === 'reveal');
    const total = hostView(host).narration!.total;
    const phone = players[0].client;
    const seen: number[] = [];
    await phone.until((c) => {
      const v = teamView(c);
      if (v?.narration) {
        if (seen[seen.length - 1] !== v.narration.step) seen.push(v.narration.step);
        // Never the result while the narration is still going.
        if (v.narration.step < v.narration.total && v.lastResult) throw new Error(`result at step ${v.narration.step}`);
      }
      return v?.narration?.step === total;
    }, 20_000);
    expect(seen[seen.length - 1]).toBe(total);
    expect(seen.length).toBeGreaterThan(2);
    expect(teamView(phone).lastResult!.index).toBe(0);
    expect(teamView(phone).narration!.lines).toHaveLength(total);
    for (const p of players) p.client.close();
    host.client.close();
  });

  it('the facilitator steps one sentence and skips to the end; a step it does not have is refused and changes nothing', async () => {
    const slow = await startTestServer(); // reading pace: nothing moves by itself within this test
    try {
      const host = await createHostedSession(slow.url, { rounds: 2, decideSeconds: 60, storyRounds: false });
      const a = await joinAs(slow.url, host.code, 'Cy');
      await command(host, { type: 'startRound' });
      await openVote(host);
      await command(host, { type: 'reveal' });
      await a.client.until((c) => teamView(c)?.narration?.step === 1);
      expect(teamView(a.client).lastResult).toBeNull();
      expect(teamView(a.client).narration!.lines).toHaveLength(1);
      await command(host, { type: 'narrate', step: 2 });
      await a.client.until((c) => teamView(c)?.narration?.step === 2);
      expect(teamView(a.client).narration!.lines).toHaveLength(2);
      expect(teamView(a.client).lastResult).toBeNull();
      await host.client.until(() => hostView(host).narration?.step === 2);
      const total = hostView(host).narration!.total;
      const bad = await host.client.request('host:command', { command: { type: 'narrate', step: total + 1 } });
      expect(bad).toMatchObject({ ok: false, code: 'BAD_STEP' });
      await command(host, { type: 'narrate', step: total });
      await a.client.until((c) => teamView(c)?.narration?.step === total && !!teamView(c).lastResult);
      expect(teamView(a.client).lastResult!.index).toBe(0);
      a.client.close();
      host.client.close();
    } finally {
      await slow.stop();
    }
  });
});
