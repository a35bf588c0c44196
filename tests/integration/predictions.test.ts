import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';
import { createHostedSession, joinAs, command, hostView, teamView } from '../support/flows';
import { ProtocolClient } from '../../scripts/bots/protocolClient';
import type { StageView } from '../../shared/schemas/views';
import { predictionTallies, revealComparison, gotThrough } from '../../shared/engine/v2/predictionRecord';

// Issue 12 item 1 through real sockets: the vote closes, the prediction window opens, each participant taps
// for their own team only, refusals say why and change nothing, the console and stage see the split, the
// phones only their own taps, and the reveal carries the comparison.
describe('predictions before the reveal (server)', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.stop(); });

  it('predict in the window, refused outside it / for the other team / with unknown values; the reveal compares', async () => {
    const host = await createHostedSession(server.url, { cardIds: ['claims-archive', 'claim-tracker'], rounds: 2, decideSeconds: 600, storyRounds: false, predictSeconds: 120 });
    const people = [await joinAs(server.url, host.code, 'Ada'), await joinAs(server.url, host.code, 'Ben'), await joinAs(server.url, host.code, 'Cy'), await joinAs(server.url, host.code, 'Di')];
    const [b1, b2] = people.filter((p) => p.team === 'buyer');
    const [p1, p2] = people.filter((p) => p.team === 'provider');
    const stage = new ProtocolClient(server.url);
    expect((await stage.request('viewer:attach', { code: host.code, as: 'stage' })).ok).toBe(true);
    await host.client.until(() => hostView(host).teamSizes.provider === 2);

    await command(host, { type: 'startRound' });
    await command(host, { type: 'startTimer' });
    await host.client.until(() => hostView(host).phase === 'deciding');
    // Not yet: the vote is open.
    expect(await b1.client.request('participant:predict', { team: 'buyer', question: 'through', expect: true })).toMatchObject({ ok: false, code: 'PREDICTIONS_CLOSED' });
    for (const b of [b1, b2]) expect((await b.client.request('participant:choose', { optionId: 'masked-sandbox' })).ok).toBe(true);
    for (const p of [p1, p2]) expect((await p.client.request('participant:choose', { optionId: 'pay-enclave' })).ok).toBe(true);

    // The facilitator closes the vote: the window opens with its own timer, and the vote is closed.
    await command(host, { type: 'skip' });
    await host.client.until(() => hostView(host).phase === 'predicting');
    const hv = hostView(host);
    expect(hv.timer.deadline! - Date.now()).toBeGreaterThan(100_000);
    expect(hv.predictions).toEqual({ buyer: { members: 2, through: { yes: 0, no: 0 }, step: { yes: 0, no: 0 } }, provider: { members: 2, through: { yes: 0, no: 0 }, step: { yes: 0, no: 0 } } });
    expect(await b1.client.request('participant:choose', { optionId: 'masked-sandbox' })).toMatchObject({ ok: false, code: 'WRONG_PHASE' });

    const seqBefore = hostView(host).state.history.length;
    const refusals: [ProtocolClient, unknown, string][] = [
      [b1.client, { team: 'provider', question: 'through', expect: true }, 'OTHER_TEAM_PREDICTION'],
      [b1.client, { team: 'buyer', question: 'win', expect: true }, 'BAD_PAYLOAD'],
      [b1.client, { team: 'buyer', question: 'through', expect: 'yes' }, 'BAD_PAYLOAD'],
      [b1.client, { team: 'buyer', question: 'through', expect: true, extra: 1 }, 'BAD_PAYLOAD'],
      [b1.client, { team: 'competitor', question: 'step', expect: false }, 'BAD_PAYLOAD'],
      [host.client, { team: 'buyer', question: 'through', expect: true }, 'NOT_PARTICIPANT'],
    ];
    for (const [c, payload, code] of refusals) expect(await c.request('participant:predict', payload)).toMatchObject({ ok: false, code });

    const tap = async (who: { client: ProtocolClient }, team: 'buyer' | 'provider', question: 'through' | 'step', expect_: boolean) => {
      const r = await who.client.request('participant:predict', { team, question, expect: expect_ });
      expect(r.ok).toBe(true);
    };
    await tap(b1, 'buyer', 'through', true);
    await tap(b2, 'buyer', 'through', true);
    await tap(b1, 'buyer', 'step', false);
    await tap(b1, 'buyer', 'step', true); // a change of mind
    await tap(b2, 'buyer', 'step', false);
    await tap(p1, 'provider', 'through', false);
    await tap(p1, 'provider', 'through', false); // the same tap again changes nothing

    const split = { buyer: { members: 2, through: { yes: 2, no: 0 }, step: { yes: 1, no: 1 } }, provider: { members: 2, through: { yes: 0, no: 1 }, step: { yes: 0, no: 0 } } };
    await host.client.until(() => JSON.stringify(hostView(host).predictions) === JSON.stringify(split));
    await stage.until((c) => JSON.stringify((c.view as StageView).predictions) === JSON.stringify(split));
    // A phone sees its own taps only: no team split, no one else's taps.
    await b1.client.until((c) => c.me?.myPrediction?.step === true);
    expect(b1.client.me!.myPrediction).toEqual({ through: true, step: true });
    // p2 tapped nothing: its own `me` still arrives with the window (a 'me' after the team view's patch).
    await p2.client.until((c) => teamView(c)?.phase === 'predicting' && c.me?.myPrediction != null);
    expect(p2.client.me!.myPrediction).toEqual({ through: null, step: null });
    const phone = JSON.stringify(teamView(p2.client));
    expect(phone).not.toContain('"predictions"');
    expect(phone).not.toContain(b1.participantId);
    expect(hostView(host).state.history.length).toBe(seqBefore);

    // The reveal: the split goes with the round, compared with what the engine resolved.
    await command(host, { type: 'reveal' });
    await host.client.until(() => hostView(host).phase === 'reveal');
    expect(await b2.client.request('participant:predict', { team: 'buyer', question: 'step', expect: true })).toMatchObject({ ok: false, code: 'PREDICTIONS_CLOSED' });
    const r = hostView(host).lastResult!;
    expect(r.predictions).toEqual(split);
    await stage.until((c) => (c.view as StageView).lastResult?.predictions !== undefined);
    expect((stage.view as StageView).lastResult!.predictions).toEqual(split);
    // claims-archive: both teams' parts of the joint move from the start stocks, a step change.
    expect(r.stepChange).toBe(true);
    expect(gotThrough(r.teams.buyer)).toBe(true);
    expect(revealComparison(r, 'buyer')).toBe('Buyer expected to get through (2 yes, 0 no of 2): it did \u2014 right. Buyer was split on a step change (1 yes, 1 no of 2): there was one.');
    expect(revealComparison(r, 'provider')).toMatch(/^Provider expected not to get through \(0 yes, 1 no of 2\): it did \u2014 wrong\. Provider was split on a step change/);

    // Round 2: the facilitator reveals straight from the vote; no window, nothing recorded for that round.
    await command(host, { type: 'closeRound' });
    await command(host, { type: 'startRound' });
    await command(host, { type: 'startTimer' });
    await host.client.until(() => hostView(host).phase === 'deciding');
    await command(host, { type: 'reveal' });
    await host.client.until(() => hostView(host).roundsPlayed === 2);
    const history = hostView(host).state.history;
    expect(history[1].predictions).toBeUndefined();
    expect(predictionTallies(history).find((t) => t.team === 'buyer' && t.question === 'through')).toMatchObject({ rounds: 1, expected: 1, happened: 1, right: 1, split: 0 });
    for (const c of [host.client, stage, ...people.map((p) => p.client)]) c.close();
  });
});
