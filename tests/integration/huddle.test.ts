import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';
import { createHostedSession, joinAs, command, hostView, teamView } from '../support/flows';
import { ProtocolClient } from '../../scripts/bots/protocolClient';
import { RULES_V2 } from '../../shared/engine/v2/rulesV2';
import { partnershipScoreV2 } from '../../shared/engine/v2/resolveV2';
import { jointBackerNames } from '../../shared/engine/v2/huddle';
import type { StageView } from '../../shared/schemas/views';
import { defaultDeck } from '../../shared/deck/loadDeck';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnServer, killHard, freePort } from '../support/childServer';

// Issue 12 item 2 through real sockets: huddle rounds configured, the huddle opens before the vote, both
// teams see each other's options and the joint move's backing, refusals have clear codes, stakes are applied.
describe('cross-team huddles (server)', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.stop(); });

  it('a huddle round: huddle, then the vote, both teams see the other\u2019s options and backing, double points', async () => {
    // claims-archive: the joint move (masked-sandbox + pay-enclave) is a step change from the start stocks.
    const host = await createHostedSession(server.url, { cardIds: ['claims-archive', 'claim-tracker', 'wrong-message'], rounds: 3, huddleRounds: [1], huddleSeconds: 600, decideSeconds: 600 });
    const people = [await joinAs(server.url, host.code, 'Ada'), await joinAs(server.url, host.code, 'Ben'), await joinAs(server.url, host.code, 'Cy'), await joinAs(server.url, host.code, 'Di')];
    const buyers = people.filter((p) => p.team === 'buyer');
    const providers = people.filter((p) => p.team === 'provider');
    expect(buyers).toHaveLength(2);
    const stage = new ProtocolClient(server.url);
    expect((await stage.request('viewer:attach', { code: host.code, as: 'stage' })).ok).toBe(true);

    await host.client.until(() => hostView(host).teamSizes.provider === 2);
    expect(hostView(host).huddle).toEqual({ rounds: [1], seconds: 600, multiplier: RULES_V2.huddleStarMultiplier, thisRound: true });

    // The console changes round 3 before it starts; refused changes say why and change nothing.
    await command(host, { type: 'setHuddle', round: 3, huddle: true });
    await host.client.until(() => hostView(host).huddle!.rounds.length === 2);
    expect(hostView(host).huddle!.rounds).toEqual([1, 3]);
    const tooFar = await host.client.request('host:command', { command: { type: 'setHuddle', round: 7, huddle: true } });
    expect(tooFar).toMatchObject({ ok: false, code: 'NO_SUCH_ROUND' });
    const malformed = await host.client.request('host:command', { command: { type: 'setHuddle', round: 0, huddle: true } });
    expect(malformed).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
    const notHost = await buyers[0].client.request('host:command', { command: { type: 'setHuddle', round: 2, huddle: true } });
    expect(notHost).toMatchObject({ ok: false, code: 'NOT_HOST' });

    await command(host, { type: 'startRound' });
    await host.client.until(() => hostView(host).phase === 'card');
    expect(await host.client.request('host:command', { command: { type: 'setHuddle', round: 1, huddle: false } })).toMatchObject({ ok: false, code: 'ROUND_STARTED' });
    // A vote before the huddle opens is refused.
    expect(await buyers[0].client.request('participant:choose', { optionId: 'masked-sandbox' })).toMatchObject({ ok: false, code: 'WRONG_PHASE' });

    await command(host, { type: 'startTimer' });
    await host.client.until(() => hostView(host).phase === 'huddle');
    const hv = hostView(host);
    expect(hv.timer.deadline! - hv.round!.startedAt).toBeGreaterThan(590_000);
    for (const p of people) {
      await p.client.until((c) => teamView(c)?.phase === 'huddle');
      const v = teamView(p.client);
      // Each team sees the other team's options during the huddle, and that this round is a huddle round.
      expect(new Set(v.card!.options.map((o) => o.team))).toEqual(new Set(['buyer', 'provider']));
      expect(v.huddle?.thisRound).toBe(true);
    }
    await stage.until((c) => (c.view as StageView)?.phase === 'huddle');
    expect((stage.view as StageView).huddle?.thisRound).toBe(true);

    // Backing the joint move in the huddle: each team sees how many of the other team back it so far.
    expect((await buyers[0].client.request('participant:choose', { optionId: 'masked-sandbox' })).ok).toBe(true);
    expect((await providers[0].client.request('participant:choose', { optionId: 'pay-enclave' })).ok).toBe(true);
    for (const p of people) await p.client.until((c) => teamView(c).jointBacking?.buyer === 1 && teamView(c).jointBacking?.provider === 1);
    // Phones get counts only; the facilitator sees the names.
    expect(JSON.stringify(teamView(providers[1].client))).not.toContain(buyers[0].participantId);
    await host.client.until(() => hostView(host).jointBacking?.provider === 1);
    const h = hostView(host);
    const names = jointBackerNames(h.fullCard, h.round, h.state.participants);
    expect(names.buyer).toEqual([h.state.participants[buyers[0].participantId].name]);
    expect(names.provider).toEqual([h.state.participants[providers[0].participantId].name]);

    // Pause and +30 s work on the huddle's timer; a paused huddle takes no vote.
    await command(host, { type: 'pause' });
    await host.client.until(() => hostView(host).timer.paused);
    expect(await buyers[1].client.request('participant:choose', { optionId: 'masked-sandbox' })).toMatchObject({ ok: false, code: 'PAUSED' });
    const left = hostView(host).timer.remainingMs!;
    await command(host, { type: 'extend', seconds: 30 });
    await host.client.until(() => hostView(host).timer.remainingMs === left + 30_000);
    await command(host, { type: 'resume' });
    await host.client.until(() => !hostView(host).timer.paused);

    // Skip ends the huddle: the vote opens with its own timer and keeps the huddle's votes.
    await command(host, { type: 'skip' });
    await host.client.until(() => hostView(host).phase === 'deciding');
    expect(Object.keys(hostView(host).round!.choices).sort()).toEqual([buyers[0].participantId, providers[0].participantId].sort());
    expect((await buyers[1].client.request('participant:choose', { optionId: 'masked-sandbox' })).ok).toBe(true);
    expect((await providers[1].client.request('participant:choose', { optionId: 'pay-enclave' })).ok).toBe(true);
    await command(host, { type: 'reveal' });
    await host.client.until(() => hostView(host).phase === 'reveal');
    const r = hostView(host).lastResult!;
    expect(r.stepChange).toBe(true);
    const bonus = (RULES_V2.huddleStarMultiplier - 1) * RULES_V2.starScore;
    expect(r.stakes).toEqual({ multiplier: RULES_V2.huddleStarMultiplier, before: 0, bonus });
    const base = partnershipScoreV2(r.teams.buyer.positionAfter, r.teams.provider.positionAfter, 1);
    expect(r.score).toBe(base + bonus);
    expect(hostView(host).score).toBe(base + bonus);

    // Round 2 is no huddle round: straight to the vote.
    await command(host, { type: 'closeRound' });
    await command(host, { type: 'startRound' });
    await host.client.until(() => hostView(host).phase === 'card' && hostView(host).roundIndex === 1);
    expect(hostView(host).huddle!.thisRound).toBe(false);
    await command(host, { type: 'startTimer' });
    await host.client.until(() => hostView(host).phase === 'deciding');

    // The log records it: the config in `created` and the facilitator's change as `huddleSet`.
    const exported = await (await fetch(`${server.url}/api/sessions/${host.code}/log`, { headers: { authorization: `Bearer ${host.hostKey}` } })).json();
    const log = (exported.events as { event: { type: string } }[]).map((e) => e.event);
    expect(log[0]).toMatchObject({ type: 'created', config: { huddleRounds: [1], huddleSeconds: 600 } });
    expect(log.filter((e) => e.type === 'huddleSet')).toEqual([expect.objectContaining({ round: 3, huddle: true })]);
    for (const c of [host, ...people, { client: stage }]) c.client.socket.close();
  });

  it('the huddle\u2019s timer runs out by itself on the server and the vote opens', async () => {
    const host = await createHostedSession(server.url, { cardIds: ['claims-archive'], rounds: 1, huddleRounds: [1], huddleSeconds: 10, decideSeconds: 600 });
    const ada = await joinAs(server.url, host.code, 'Ada');
    await command(host, { type: 'startRound' });
    await command(host, { type: 'startTimer' });
    await ada.client.until((c) => teamView(c)?.phase === 'huddle');
    const started = Date.now();
    await ada.client.until((c) => teamView(c).phase === 'deciding', 20_000);
    expect(Date.now() - started).toBeGreaterThan(8_000);
    for (const c of [host, ada]) c.client.socket.close();
  });

  it('a session without huddle rounds plays as before, and a rules v1 session refuses huddles', async () => {
    const host = await createHostedSession(server.url, { cardIds: ['claims-archive'], rounds: 1 });
    expect(hostView(host).huddle).toEqual({ rounds: [], seconds: RULES_V2.huddleSeconds, multiplier: RULES_V2.huddleStarMultiplier, thisRound: false });
    await command(host, { type: 'startRound' });
    await command(host, { type: 'startTimer' });
    await host.client.until(() => hostView(host).phase === 'deciding');
    const v1 = await createHostedSession(server.url, { rounds: 2 }, defaultDeck);
    expect(hostView(v1).rules).toBeUndefined();
    expect(await v1.client.request('host:command', { command: { type: 'setHuddle', round: 2, huddle: true } })).toMatchObject({ ok: false, code: 'HUDDLES_V2_ONLY' });
    for (const c of [host, v1]) c.client.socket.close();
  });
});

describe('a huddle survives a server restart', () => {
  it('SIGKILLed mid-huddle: back in the huddle with its votes and (about) the time it had', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'powerup-huddle-kill-'));
    const port = await freePort();
    let server = await spawnServer({ port, dataDir });
    try {
      const host = await createHostedSession(server.url, { cardIds: ['claims-archive'], rounds: 1, huddleRounds: [1], huddleSeconds: 300, decideSeconds: 600 });
      const ada = await joinAs(server.url, host.code, 'Ada');
      await command(host, { type: 'startRound' });
      await command(host, { type: 'startTimer' });
      await ada.client.until((c) => teamView(c)?.phase === 'huddle');
      expect((await ada.client.request('participant:choose', { optionId: 'masked-sandbox' })).ok).toBe(true);
      await host.client.until(() => hostView(host).jointBacking?.buyer === 1);
      const remainingBefore = hostView(host).timer.deadline! - Date.now();

      await killHard(server.child);
      server = await spawnServer({ port, dataDir });
      const host2 = new ProtocolClient(server.url);
      const attached = await host2.request('host:attach', { code: host.code, hostKey: host.hostKey });
      expect(attached.ok).toBe(true);
      if (!attached.ok) return;
      expect(attached.view.phase).toBe('huddle');
      expect(attached.view.round!.choices[ada.participantId]).toBe('masked-sandbox');
      expect(attached.view.timer.deadline! - Date.now()).toBeGreaterThan(remainingBefore - 5_000);
      // The restart's own pause and resume are in the log, and the huddle goes on to the vote.
      expect((await host2.request('host:command', { command: { type: 'skip' } })).ok).toBe(true);
      await host2.until((c) => (c.view as { phase?: string } | undefined)?.phase === 'deciding');
      ada.client.close();
      host.client.close();
      host2.close();
    } finally {
      await killHard(server.child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
