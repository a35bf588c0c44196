import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';
import { createHostedSession, command, hostView } from '../support/flows';
import { ProtocolClient } from '../../scripts/bots/protocolClient';

// Issue 15 item 8: the facilitator's pick of cards travels in the create request, is checked against the
// deck (an unknown card is refused, nothing is created) and is recorded in the `created` event.
describe('creating a session with a pick of cards', () => {
  let server: TestServer;
  let client: ProtocolClient;
  beforeAll(async () => {
    server = await startTestServer();
    client = new ProtocolClient(server.url);
  });
  afterAll(async () => {
    client.socket.close();
    await server.stop();
  });

  it('refuses a card the deck does not have, with a code and a message naming it', async () => {
    const r = await client.request('session:create', { config: { rounds: 2, cardIds: ['first-weeks', 'no-such-card'] } });
    expect(r).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
    expect(!r.ok && r.message).toBe('config.cardIds: the deck has no card "no-such-card".');
  });

  it('refuses card ids that are not a list of ids (zod), with the field in the message', async () => {
    for (const cardIds of ['first-weeks', [42], [''], ['__proto__'], Array.from({ length: 61 }, (_, i) => `c${i}`)]) {
      const r = await client.request('session:create', { config: { cardIds } });
      expect(r, JSON.stringify(cardIds).slice(0, 40)).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
      expect(!r.ok && r.message).toMatch(/cardIds/);
    }
  });

  it('records the pick in `created` and deals those cards in that order', async () => {
    const cardIds = ['renewal', 'claims-archive', 'whose-idea'];
    const host = await createHostedSession(server.url, { rounds: 3, cardIds, decideSeconds: 600, storySeconds: 600, storyVoteSeconds: 600 });
    const log = await (await fetch(`${server.url}/api/sessions/${host.code}/log`, { headers: { authorization: `Bearer ${host.hostKey}` } })).json();
    const created = log.events[0].event;
    expect(created.type).toBe('created');
    expect(created.config.cardIds).toEqual(cardIds);
    expect(hostView(host).state.cardOrder).toEqual(cardIds);
    const dealt: string[] = [];
    for (let i = 0; i < 3; i++) {
      await command(host, { type: i === 0 ? 'startRound' : 'closeRound' });
      if (i > 0) {
        await host.client.until(() => hostView(host).phase === 'between');
        await command(host, { type: 'startRound' });
      }
      await host.client.until(() => hostView(host).phase === 'card' && hostView(host).roundIndex === i);
      dealt.push(hostView(host).card!.id);
      await command(host, { type: 'startTimer' });
      for (;;) {
        await host.client.until(() => ['stories', 'storyVote', 'deciding'].includes(hostView(host).phase));
        const phase = hostView(host).phase;
        if (phase === 'deciding') break;
        await command(host, { type: 'skip' });
        await host.client.until(() => hostView(host).phase !== phase);
      }
      await command(host, { type: 'reveal' });
      await host.client.until(() => hostView(host).phase === 'reveal');
    }
    expect(dealt).toEqual(cardIds);
    host.client.socket.close();
  });
});
