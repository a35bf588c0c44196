import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';
import { createHostedSession, joinAs, command, hostView } from '../support/flows';
import { ProtocolClient } from '../../scripts/bots/protocolClient';

// Issue 15, the server's part: a new round sends everyone a fresh personal view (item 1), and a device
// banned from a room cannot join it again under a new name (item 3).
describe('a first workshop without surprises (server)', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.stop(); });

  it('item 1: at a new round every phone gets a personal view without last round\u2019s story, choice or backing', async () => {
    const host = await createHostedSession(server.url, { cardIds: ['first-weeks', 'whose-idea'], rounds: 2, storySeconds: 600, storyVoteSeconds: 600, decideSeconds: 600 });
    const ada = await joinAs(server.url, host.code, 'Ada');
    const ben = await joinAs(server.url, host.code, 'Ben');
    const go = async (cmd: object, phase: string) => {
      await command(host, cmd);
      await host.client.until(() => hostView(host).phase === phase);
    };
    await go({ type: 'startRound' }, 'card');
    await go({ type: 'startTimer' }, 'stories');
    expect((await ada.client.request('participant:story', { text: 'Hear the callers first.' })).ok).toBe(true);
    await ada.client.until((c) => c.me?.myStory?.text === 'Hear the callers first.');
    await go({ type: 'skip' }, 'storyVote');
    await go({ type: 'skip' }, 'deciding');
    await go({ type: 'reveal' }, 'reveal');
    await go({ type: 'closeRound' }, 'between');
    await go({ type: 'startRound' }, 'card');
    await ada.client.until((c) => c.me?.myStory === null);
    await ben.client.until((c) => c.me?.myChoice === null && c.me?.myStoryVote === null);
    for (const c of [host, ada, ben]) c.client.socket.close();
  });

  it('item 3: a join that carries a banned previous token is refused; a removed (not banned) one may come back', async () => {
    const host = await createHostedSession(server.url, { rounds: 1 });
    const cy = await joinAs(server.url, host.code, 'Cy');
    const di = await joinAs(server.url, host.code, 'Di');
    await command(host, { type: 'remove', participantId: cy.participantId, ban: true });
    await command(host, { type: 'remove', participantId: di.participantId, ban: false });

    const again = new ProtocolClient(server.url);
    const refused = await again.request('participant:join', { code: host.code, name: 'Cy again', previousToken: cy.token });
    expect(refused).toMatchObject({ ok: false, code: 'BANNED' });
    const back = new ProtocolClient(server.url);
    const allowed = await back.request('participant:join', { code: host.code, name: 'Di again', previousToken: di.token });
    expect(allowed.ok).toBe(true);
    // A previous token is a secret like the others: junk is refused as a bad payload.
    const junk = new ProtocolClient(server.url);
    expect(await junk.request('participant:join', { code: host.code, name: 'X', previousToken: 'short' })).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
    const active = () => Object.values(hostView(host).state.participants).filter((p) => !p.removed).map((p) => p.name);
    await host.client.until(() => active().includes('Di again'));
    expect(active()).toEqual(['Di again']);
    for (const c of [host, cy, di, { client: again }, { client: back }, { client: junk }]) c.client.socket.close();
  });
});
