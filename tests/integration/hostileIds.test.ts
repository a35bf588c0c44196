import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestServer, type TestServer } from '../support/testServer';
import { command, createHostedSession, joinAs, teamView, type Host, openVote } from '../support/flows';
import { stateHash } from '../../shared/engine/hash';
import { defaultDeck } from '../../shared/deck/loadDeck';

// The audit's critical finding: one "__proto__" id from an anonymous client wrote onto
// Object.prototype and from then on every payload of every session was refused. Here an attacker's
// session receives well-formed messages carrying hostile ids, and a bystander's session (a real
// room with votes) must keep working, on the same server, after each batch.
const HOSTILE = [...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype'];
const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

describe('hostile ids from outside', () => {
  let server: TestServer;
  let attacker: Host;
  let bystander: Host;
  beforeAll(async () => {
    // Thousands of refused messages from one address: the rate limits are not what is under test here.
    const big = 1e9;
    server = await startTestServer({ limits: { socketBurst: big, socketPerSecond: big, failedLookupsBurst: big, failedLookupsPerSecond: big, createsBurst: big, createsPerSecond: big } });
    attacker = await createHostedSession(server.url, { rounds: 3, decideSeconds: 60 });
    bystander = await createHostedSession(server.url, { rounds: 3, decideSeconds: 60, storyRounds: false });
  });
  afterAll(async () => {
    attacker.client.close();
    bystander.client.close();
    await server.stop();
  });

  it('refuses hideStory, votes and moves with reserved ids, and every other session keeps working', async () => {
    const mole = await joinAs(server.url, attacker.code, 'Mole');
    await command(attacker, { type: 'startRound' });
    await openVote(attacker);
    const before = stateHash(server.registry.get(attacker.code)!.state);
    for (const id of HOSTILE) {
      const hide = await attacker.client.request('host:command', { command: { type: 'hideStory', storyId: id, hidden: true } });
      expect(hide).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
      expect(await attacker.client.request('host:command', { command: { type: 'remove', participantId: id } })).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
      expect(await attacker.client.request('host:command', { command: { type: 'move', participantId: id, team: 'buyer' } })).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
      expect(await mole.client.request('participant:choose', { optionId: id })).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
      expect(await mole.client.request('participant:storyVote', { storyId: id })).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
    }
    expect(stateHash(server.registry.get(attacker.code)!.state)).toBe(before);
    // The server runs in this process: its Object.prototype is ours.
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_NAMES);

    // The bystander's workshop: a vote is counted and the round resolves.
    const ana = await joinAs(server.url, bystander.code, 'Ana');
    await command(bystander, { type: 'startRound' });
    await openVote(bystander);
    await ana.client.until((c) => teamView(c)?.phase === 'deciding');
    const option = teamView(ana.client).card!.options.find((o) => o.team === ana.team && !o.wait)!;
    expect(await ana.client.request('participant:choose', { optionId: option.id })).toMatchObject({ ok: true });
    await command(bystander, { type: 'reveal' });
    expect(server.registry.get(bystander.code)!.state.history[0].teams[ana.team].chosenOptionId).toBe(option.id);
    mole.client.close();
    ana.client.close();
  });

  it('refuses a deck whose option id is "constructor", and an imported log carrying "__proto__"', async () => {
    const h = attacker.client;
    const deck = structuredClone(defaultDeck);
    deck.cards[0].options[0].id = 'constructor';
    const created = await h.request('session:create', { config: {}, deck });
    expect(created).toMatchObject({ ok: false, code: 'BAD_DECK' });
    const log = {
      format: 'powerup-log',
      version: 1,
      code: 'EVILX',
      stateHash: 'x',
      events: [
        { seq: 1, at: 1, event: { type: 'created', at: 1, config: {}, deck: { id: 'd', title: 'D', cards: [] }, seed: 1 } },
        { seq: 2, at: 2, event: { type: 'storyHidden', at: 2, storyId: '__proto__', hidden: true } },
      ],
    };
    const res = await fetch(`${server.url}/api/sessions/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(log) });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_NAMES);
  });

  it('fuzz: well-formed messages with hostile ids change nothing and a bystander still votes', async () => {
    const buyer = await joinAs(server.url, bystander.code, 'Bo', 'buyer');
    await command(bystander, { type: 'closeRound' });
    await command(bystander, { type: 'startRound' });
    await openVote(bystander);
    await buyer.client.until((c) => teamView(c)?.phase === 'deciding');
    const hostile = fc.constantFrom(...HOSTILE);
    const message = fc.oneof(
      fc.record({ who: fc.constant('host' as const), event: fc.constant('host:command'), payload: fc.oneof(
        hostile.map((id) => ({ command: { type: 'hideStory', storyId: id, hidden: true } })),
        hostile.map((id) => ({ command: { type: 'remove', participantId: id, ban: true } })),
        hostile.map((id) => ({ command: { type: 'move', participantId: id, team: 'provider' } })),
      ) }),
      fc.record({ who: fc.constant('buyer' as const), event: fc.constantFrom('participant:choose'), payload: hostile.map((id) => ({ optionId: id })) }),
      fc.record({ who: fc.constant('buyer' as const), event: fc.constantFrom('participant:storyVote'), payload: hostile.map((id) => ({ storyId: id })) }),
    );
    const session = server.registry.get(bystander.code)!;
    const before = stateHash(session.state);
    const msgs = fc.sample(fc.array(message, { minLength: 200, maxLength: 200 }), { numRuns: 1, seed: 1301 })[0];
    for (const m of msgs) {
      const client = m.who === 'host' ? bystander.client : buyer.client;
      const r = await client.request(m.event as any, m.payload as any);
      expect(r).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
    }
    expect(stateHash(session.state)).toBe(before);
    const option = teamView(buyer.client).card!.options.find((o) => o.team === buyer.team && !o.wait)!;
    expect(await buyer.client.request('participant:choose', { optionId: option.id })).toMatchObject({ ok: true });
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_NAMES);
    buyer.client.close();
  });
});
