import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { defaultDeck, defaultDeckV2 } from '../../shared/deck/loadDeck';
import { startTestServer, type TestServer } from '../support/testServer';
import { createHostedSession, joinAs, command, teamView, hostView, openVote, votableOptions, type Host } from '../support/flows';
import { foldEvents } from '../../shared/engine/apply';
import { stateHash } from '../../shared/engine/hash';
import { ReplayIndex } from '../../shared/replay/replayIndex';
import type { Card } from '../../shared/schemas/deck';
import type { GameEvent } from '../../shared/schemas/events';

// Issue 13 item 7: a running session's read-only replay link saw facilitator-grade data — both teams' briefs
// for every card (the `created` event carries the whole deck), each person's vote before the reveal, and the
// seed. A replay link now shows what the room has seen revealed, nothing more.

type Served = { ok: true; role: string; format: string; code: string; stateHash?: string; note?: string; events: { seq: number; event: GameEvent }[] };
const getLog = async (url: string, code: string, key: string, after = 0) => {
  const res = await fetch(`${url}/api/sessions/${code}/log${after ? `?after=${after}` : ''}`, { headers: { authorization: `Bearer ${key}` } });
  expect(res.status).toBe(200);
  const text = await res.text();
  return { text, log: JSON.parse(text) as Served };
};
const eventsOf = (log: Served) => log.events.map((e) => e.event);
/** Every word of a card a replay link must not see before it is played. */
const secretWords = (card: Card) => [card.briefs.buyer, card.briefs.provider, card.situation, ...(card.stakes ? [card.stakes.buyer.text, card.stakes.provider.text] : [])];

async function playRound(host: Host, players: Awaited<ReturnType<typeof joinAs>>[], round: number, reveal: boolean) {
  await command(host, { type: 'startRound' });
  await openVote(host);
  await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.roundIndex === round && teamView(c).phase === 'deciding')));
  for (const [i, p] of players.entries()) {
    // Only what the team can pay: the server refuses the rest (CANNOT_AFFORD), and the seed varies.
    const mine = votableOptions(p.client, p.team);
    const wait = teamView(p.client).card!.options.find((o) => o.team === p.team && o.wait)!;
    const r = await p.client.request('participant:choose', { optionId: (mine.length ? mine[i % mine.length] : wait).id });
    expect(r).toMatchObject({ ok: true });
  }
  await host.client.until(() => hostView(host).roundIndex === round && hostView(host).voted.buyer + hostView(host).voted.provider === players.length);
  if (reveal) {
    await command(host, { type: 'reveal' });
    await command(host, { type: 'closeRound' });
  }
}

describe('a replay link shows what has been revealed, nothing more (issue 13 item 7)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('rules v2, running: no vote of the round in progress, no seed, no unplayed card; the round appears after its reveal', async () => {
    const host = await createHostedSession(server.url, { rounds: 4, storyRounds: false, decideSeconds: 600, shuffle: true }, defaultDeckV2);
    const players = await Promise.all(['Ana', 'Ben', 'Cy', 'Di'].map((n) => joinAs(server.url, host.code, n)));
    await playRound(host, players, 0, true);
    await playRound(host, players, 1, false); // round 2 in progress: everyone has voted, nothing revealed
    const token = (await command(host, { type: 'createReplayLink' })).replayToken as string;

    const full = (await getLog(server.url, host.code, host.hostKey)).log;
    const fullEvents = eventsOf(full);
    const created = fullEvents[0] as Extract<GameEvent, { type: 'created' }>;
    const state = foldEvents(fullEvents);
    const [card1, card2] = state.cardOrder.map((id) => created.deck.cards.find((c) => c.id === id)!);
    const round2Start = full.events.filter((e) => e.event.type === 'roundStarted')[1].seq;
    expect(full.events.filter((e) => e.event.type === 'choiceMade' && e.seq > round2Start)).toHaveLength(4);

    const { text, log } = await getLog(server.url, host.code, token);
    expect(log.role).toBe('replay');
    const served = eventsOf(log);
    // Only up to the last resolved round's boundary: no vote (or anything else) of round 2.
    expect(log.events.at(-1)!.seq).toBe(round2Start - 1);
    expect(served.filter((e) => e.type === 'roundStarted')).toHaveLength(1);
    expect(served.filter((e) => e.type === 'choiceMade')).toHaveLength(4);
    expect(log.note).toMatch(/once it is revealed/);
    // No seed: rules v2 draws nothing, and the served config deals the cards itself.
    const servedCreated = served[0] as Extract<GameEvent, { type: 'created' }>;
    expect(servedCreated.seed).toBe(0);
    expect(text).not.toContain(`"seed":${created.seed}`);
    // The played card is whole; no word (nor id) of any other card, round 2's included.
    for (const w of secretWords(card1)) expect(text).toContain(JSON.stringify(w).slice(1, -1));
    for (const card of created.deck.cards.filter((c) => c.id !== card1.id)) {
      for (const w of secretWords(card)) expect(text, card.id).not.toContain(JSON.stringify(w).slice(1, -1));
      expect(text).not.toContain(`"${card.id}"`);
    }
    // It folds (the replay page folds it the same way) to the hash it carries and to the room's round 1.
    const folded = foldEvents(served);
    expect(stateHash(folded)).toBe(log.stateHash);
    expect(folded.history).toHaveLength(1);
    expect(folded.history[0]).toEqual(state.history[0]);
    expect(new ReplayIndex(served).length).toBe(served.length);
    // A tail never passes the boundary either.
    expect((await getLog(server.url, host.code, token, log.events.length)).log.events).toEqual([]);

    // The facilitator's own export stays complete and imports to the same state hash.
    const imp = await fetch(`${server.url}/api/sessions/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ format: full.format, version: 1, code: full.code, stateHash: full.stateHash, events: full.events }) });
    expect(imp.status).toBe(201);
    expect((await imp.json()).stateHash).toBe(full.stateHash);
    expect((fullEvents[0] as { seed: number }).seed).toBe(created.seed);

    // After the reveal, round 2 appears, with its card.
    await command(host, { type: 'reveal' });
    const after = await getLog(server.url, host.code, token);
    const tail = (await getLog(server.url, host.code, token, log.events.length)).log.events;
    expect(tail.map((e) => e.event.type)).toContain('revealed');
    expect(tail.filter((e) => e.event.type === 'choiceMade')).toHaveLength(4);
    expect(after.log.note).toBeUndefined();
    for (const w of secretWords(card2)) expect(after.text).toContain(JSON.stringify(w).slice(1, -1));
    expect(stateHash(foldEvents(eventsOf(after.log)))).toBe(after.log.stateHash);
    expect(foldEvents(eventsOf(after.log)).history).toEqual(foldEvents(eventsOf((await getLog(server.url, host.code, host.hostKey)).log)).history);
    for (const p of players) p.client.close();
    host.client.close();
  });

  it('rules v1, running: only the lobby, without the seed; the whole log with its seed once the session has ended', async () => {
    const host = await createHostedSession(server.url, { rounds: 2, storyRounds: false, decideSeconds: 600 }, defaultDeck);
    const players = await Promise.all(['Ana', 'Ben'].map((n) => joinAs(server.url, host.code, n)));
    const token = (await command(host, { type: 'createReplayLink' })).replayToken as string;
    const lobby = (await getLog(server.url, host.code, token)).log;
    expect(lobby.note).toBeUndefined();
    expect(eventsOf(lobby).map((e) => e.type)).toEqual(['created', 'joined', 'joined']);
    await playRound(host, players, 0, true);
    await playRound(host, players, 1, false);

    const full = eventsOf((await getLog(server.url, host.code, host.hostKey)).log);
    const created = full[0] as Extract<GameEvent, { type: 'created' }>;
    const { text, log } = await getLog(server.url, host.code, token);
    expect(eventsOf(log).map((e) => e.type)).toEqual(['created', 'joined', 'joined']);
    expect(log.note).toMatch(/rules v1/);
    expect((eventsOf(log)[0] as { seed: number }).seed).toBe(0);
    expect(text).not.toContain(`"seed":${created.seed}`);
    for (const card of created.deck.cards) for (const w of secretWords(card)) expect(text).not.toContain(JSON.stringify(w).slice(1, -1));
    expect(stateHash(foldEvents(eventsOf(log)))).toBe(log.stateHash);
    // The lobby's fold deals the same cards as the real one (the dealt order is in the served config).
    expect(foldEvents(eventsOf(log)).cardOrder.length).toBe(foldEvents(full).cardOrder.length);

    await command(host, { type: 'end' });
    const ended = (await getLog(server.url, host.code, token)).log;
    const endedEvents = eventsOf(ended);
    expect((endedEvents[0] as { seed: number }).seed).toBe(created.seed);
    expect(endedEvents.length).toBe(full.length + 1);
    const folded = foldEvents(endedEvents);
    expect(stateHash(folded)).toBe(ended.stateHash);
    expect(folded.history).toEqual(foldEvents(full).history.slice(0, 1));
    for (const p of players) p.client.close();
    host.client.close();
  });
});
