import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';
import { createHostedSession, joinAs, command, hostView, openVote, teamView, type Host } from '../support/flows';
import defaultDeckV2 from '../../shared/deck/default-deck-v2.json';

/**
 * The default v2 deck with the costs this story needs pinned (the deck's balance may change): the three cards'
 * hazards strike the Providers' Stories only, so the Buyers' Courage and Budget move by their own moves alone.
 */
function pinnedDeck() {
  const deck = JSON.parse(JSON.stringify(defaultDeckV2)) as typeof defaultDeckV2;
  const effects: Record<string, { courage: number; budget: number; stories: number }> = {
    'share-files': { courage: -2, budget: 0, stories: 1 },
    'bypass-queue': { courage: -2, budget: 1, stories: 0 },
    'fund-pilot': { courage: 0, budget: -2, stories: 1 },
    'gain-share': { courage: -1, budget: -1, stories: 1 },
    'savings-plan': { courage: -1, budget: 1, stories: -1 },
  };
  for (const card of deck.cards) {
    if (!['claims-archive', 'claim-tracker', 'mid-year-freeze'].includes(card.id)) continue;
    Object.assign(card.hazard, { hits: 'provider', strikes: 'stories', damage: 1 });
    for (const o of card.options) if (effects[o.id]) o.effects = effects[o.id];
  }
  return deck;
}

// A scripted client (no phone UI) votes for an option its team cannot pay: the server refuses it with
// CANNOT_AFFORD and nothing is stored, by the same rule the phone marks options with
// (shared/engine/affordable.ts); a v2 joint part that the two teams' pooled power-ups cover is accepted,
// as the phone keeps it votable ("Can't afford alone…").

describe('a vote the team cannot afford (real server, real socket.io-client)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function next(host: Host, cmd: object, phase: string) {
    await command(host, cmd);
    await host.client.until(() => hostView(host)?.phase === phase);
  }

  it('is refused with CANNOT_AFFORD and changes nothing; a joint part the pool covers is accepted', async () => {
    const host = await createHostedSession(server.url, { rounds: 3, storyRounds: false, decideSeconds: 600, cardIds: ['claims-archive', 'claim-tracker', 'mid-year-freeze'] }, pinnedDeck());
    const ada = await joinAs(server.url, host.code, 'Ada', 'buyer');
    const ben = await joinAs(server.url, host.code, 'Ben', 'provider');
    try {
      // Round 1: the Buyers spend their 2 Courage.
      await next(host, { type: 'startRound' }, 'card');
      await openVote(host);
      await ada.client.until(() => teamView(ada.client)?.phase === 'deciding');
      expect(await ada.client.request('participant:choose', { optionId: 'share-files' })).toMatchObject({ ok: true });
      await next(host, { type: 'reveal' }, 'reveal');
      await next(host, { type: 'closeRound' }, 'between');

      // Round 2: "bypass the queue" needs 2 Courage; the Buyers have less.
      await next(host, { type: 'startRound' }, 'card');
      await openVote(host);
      await ada.client.until(() => teamView(ada.client)?.phase === 'deciding');
      const courage = teamView(ada.client).teams.buyer.inventory.courage;
      expect(courage).toBeLessThan(2);
      const seq = host.client.seq;
      const before = JSON.stringify(hostView(host).state.round);
      const refused = await ada.client.request('participant:choose', { optionId: 'bypass-queue' });
      const label = hostView(host).fullCard!.options.find((o) => o.id === 'bypass-queue')!.label;
      expect(refused).toEqual({ ok: false, code: 'CANNOT_AFFORD', message: `Your team cannot afford \u201c${label}\u201d: it needs 2 Courage, the team has ${courage}. Pick another move.` });
      // A stored event would reach the facilitator's view as a new seq: give it the time to arrive.
      await new Promise((r) => setTimeout(r, 150));
      // Nothing stored: no vote counted, the round's state unchanged.
      expect(hostView(host).voted.buyer).toBe(0);
      expect(JSON.stringify(hostView(host).state.round)).toBe(before);
      expect(host.client.seq).toBe(seq);
      // A choice already made stays when a later one is refused.
      expect(await ada.client.request('participant:choose', { optionId: 'fund-pilot' })).toMatchObject({ ok: true });
      await host.client.until(() => hostView(host).state.round?.choices[ada.participantId] === 'fund-pilot');
      expect(await ada.client.request('participant:choose', { optionId: 'bypass-queue' })).toMatchObject({ ok: false, code: 'CANNOT_AFFORD' });
      await new Promise((r) => setTimeout(r, 100));
      expect(hostView(host).state.round?.choices[ada.participantId]).toBe('fund-pilot');
      // Other mistakes keep the engine's own answers (checked before affordability matters).
      expect(await ada.client.request('participant:choose', { optionId: 'clear-updates' })).toMatchObject({ ok: false, code: 'WRONG_TEAM' });
      await next(host, { type: 'reveal' }, 'reveal');
      await next(host, { type: 'closeRound' }, 'between');

      // Round 3: the Buyers' joint part needs 1 Courage they do not have; the Providers' Courage (less
      // their own part) covers it when both vote the joint move: accepted, and the joint move fires.
      await next(host, { type: 'startRound' }, 'card');
      await openVote(host);
      await ada.client.until(() => teamView(ada.client)?.phase === 'deciding');
      const teams = teamView(ada.client).teams;
      expect(teams.buyer.inventory.courage).toBe(0);
      expect(teams.provider.inventory.courage).toBeGreaterThanOrEqual(2);
      expect(await ada.client.request('participant:choose', { optionId: 'gain-share' })).toMatchObject({ ok: true });
      expect(await ben.client.request('participant:choose', { optionId: 'savings-plan' })).toMatchObject({ ok: true });
      await host.client.until(() => hostView(host).voted.buyer + hostView(host).voted.provider === 2);
      await next(host, { type: 'reveal' }, 'reveal');
      const result = hostView(host).lastResult!;
      expect(result.jointFired).toBe(true);
      expect(result.teams.buyer.playedOptionId).toBe('gain-share');
      expect(result.teams.buyer.coveredByPartner).toContain('courage');
    } finally {
      ada.client.close();
      ben.client.close();
      host.client.close();
    }
  });
});
