import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';
import { joinAs, command, hostView, openVote, votableOptions, type Host } from '../support/flows';
import { ProtocolClient } from '../../scripts/bots/protocolClient';
import type { CohortResponse } from '../../server/http/cohortRoutes';

// The default v2 deck's curated arc: round 1 "first-weeks", round 2 "claims-archive".
const CONFIG = { rounds: 2, storyRounds: false, decideSeconds: 60, title: 'Secret client review' };

async function host(url: string, hostKey?: string): Promise<Host> {
  const client = new ProtocolClient(url);
  const created = await client.request('session:create', hostKey ? { config: CONFIG, hostKey } : { config: CONFIG });
  if (!created.ok) throw new Error(`create failed: ${created.code}`);
  const attached = await client.request('host:attach', { code: created.code, hostKey: created.hostKey });
  if (!attached.ok) throw new Error(`attach failed: ${attached.code}`);
  return { client, code: created.code, hostKey: created.hostKey };
}

/** Plays both rounds: one Buyer and one Provider, the Buyer votes `buyer[round]`, the Provider the first option it can pay; then ends. */
async function play(url: string, h: Host, buyer: string[], names: [string, string]) {
  const b = await joinAs(url, h.code, names[0], 'buyer');
  const p = await joinAs(url, h.code, names[1], 'provider');
  for (let round = 0; round < 2; round++) {
    await command(h, { type: 'startRound' });
    await openVote(h);
    // The facilitator's view of this round (not a late one of the last round) names the card's options.
    await h.client.until(() => hostView(h).roundIndex === round && hostView(h).phase === 'deciding');
    const card = hostView(h).fullCard!;
    await b.client.until(() => b.client.view?.phase === 'deciding');
    await b.client.request('participant:choose', { optionId: buyer[round] });
    await p.client.until(() => p.client.view?.phase === 'deciding');
    const provider = votableOptions(p.client, 'provider')[0] ?? card.options.find((o) => o.team === 'provider' && o.wait)!;
    await p.client.request('participant:choose', { optionId: provider.id });
    await h.client.until(() => hostView(h).voted.buyer + hostView(h).voted.provider === 2);
    await command(h, { type: 'reveal' });
    if (round === 0) await command(h, { type: 'closeRound' });
  }
  await command(h, { type: 'end' });
  await h.client.until(() => hostView(h).phase === 'ended');
  b.client.close();
  p.client.close();
}

const cohorts = (url: string, code: string, key: string) => fetch(`${url}/api/sessions/${code}/cohorts`, { headers: { authorization: `Bearer ${key}` } });

describe('past cohorts (issue 12 item 4): only the facilitator\u2019s own sessions', () => {
  let server: TestServer;
  let a1: Host;
  let a2: Host;
  let b: Host;
  beforeAll(async () => {
    server = await startTestServer();
    a1 = await host(server.url);
    // Round 2 picks what the Buyers can still pay (a vote the team cannot afford is refused: CANNOT_AFFORD).
    await play(server.url, a1, ['rewrite-fast', 'public-test'], ['Ana', 'Ben']);
    // The same facilitator's second session, created with the first session's host key.
    a2 = await host(server.url, a1.hostKey);
    await play(server.url, a2, ['trim-reports', 'public-test'], ['Cy', 'Di']);
    // Another facilitator (their own key), same deck: must never show up in A's view.
    b = await host(server.url);
    await play(server.url, b, ['open-marketing', 'public-test'], ['Eve', 'Fred']);
  }, 60_000);
  afterAll(async () => {
    for (const h of [a1, a2, b]) h?.client.close();
    await server?.stop();
  });

  it('a session created with an earlier host key keeps that key, and an unknown key is refused', async () => {
    expect(a2.hostKey).toBe(a1.hostKey);
    expect(b.hostKey).not.toBe(a1.hostKey);
    const c = new ProtocolClient(server.url);
    const r = await c.request('session:create', { config: CONFIG, hostKey: 'x'.repeat(32) });
    c.close();
    expect(r).toMatchObject({ ok: false, code: 'NOT_HOST' });
  });

  it('the first session\u2019s view counts the second and never the other facilitator\u2019s', async () => {
    const res = await cohorts(server.url, a1.code, a1.hostKey);
    expect(res.status).toBe(200);
    const v = (await res.json()) as CohortResponse;
    expect(v.sessions).toBe(1);
    expect(v.cards.map((c) => c.cardId)).toEqual(['first-weeks', 'claims-archive']);
    const buyer = Object.fromEntries(v.cards[0].teams.buyer.map((o) => [o.optionId, o]));
    expect(buyer['trim-reports']).toMatchObject({ rooms: 1, roomShare: 1, voteShare: 1, here: false }); // a2
    expect(buyer['rewrite-fast']).toMatchObject({ rooms: 0, here: true, hereVoteShare: 1 }); // this room
    expect(buyer['open-marketing']).toMatchObject({ rooms: 0, voteShare: 0 }); // b's choice: not counted
    expect(v.endings.reduce((n, e) => n + e.count, 0)).toBe(1);
    // Anonymous: no other session's code, title or names.
    const text = JSON.stringify(v);
    for (const s of [a2.code, b.code, 'Secret', 'Cy', 'Eve']) expect(text).not.toContain(s);

    const v2 = (await (await cohorts(server.url, a2.code, a2.hostKey)).json()) as CohortResponse;
    expect(v2.sessions).toBe(1);
    expect(v2.cards[0].teams.buyer.find((o) => o.optionId === 'rewrite-fast')!.rooms).toBe(1);
  });

  it('the other facilitator sees none of A\u2019s sessions', async () => {
    const v = (await (await cohorts(server.url, b.code, b.hostKey)).json()) as CohortResponse;
    expect(v.sessions).toBe(0);
    expect(v.cards[0].teams.buyer.every((o) => o.rooms === 0)).toBe(true);
  });

  it('only the host key opens it: another facilitator\u2019s key, a replay token or nothing get 403', async () => {
    expect((await cohorts(server.url, a1.code, b.hostKey)).status).toBe(403);
    const made = await a1.client.request('host:command', { command: { type: 'createReplayLink' } });
    expect((await cohorts(server.url, a1.code, (made as { replayToken: string }).replayToken)).status).toBe(403);
    expect((await fetch(`${server.url}/api/sessions/${a1.code}/cohorts`)).status).toBe(403);
    expect((await cohorts(server.url, 'ZZZZZ', a1.hostKey)).status).toBe(404);
  });

  it('a log imported with the host key counts; imported with another key it does not', async () => {
    const log = await (await fetch(`${server.url}/api/sessions/${b.code}/log`, { headers: { authorization: `Bearer ${b.hostKey}` } })).text();
    const imp = (key?: string) =>
      fetch(`${server.url}/api/sessions/import`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: log });
    const mine = await imp(a1.hostKey);
    expect(mine.status).toBe(201);
    expect((await mine.json()).hostKey).toBe(a1.hostKey);
    const anon = await imp();
    expect(anon.status).toBe(201);
    expect((await anon.json()).hostKey).not.toBe(a1.hostKey);
    expect((await imp('y'.repeat(32))).status).toBe(403);
    const v = (await (await cohorts(server.url, a1.code, a1.hostKey)).json()) as CohortResponse;
    expect(v.sessions).toBe(2); // a2 and the import made with A's key
    expect(v.cards[0].teams.buyer.find((o) => o.optionId === 'open-marketing')!.rooms).toBe(1);
    const vb = (await (await cohorts(server.url, b.code, b.hostKey)).json()) as CohortResponse;
    expect(vb.sessions).toBe(0);
  });
});
