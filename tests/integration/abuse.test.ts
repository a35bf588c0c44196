import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer, type ServerOptions } from '../../server/app';
import { LIMITS } from '../../server/transport/rateLimit';
import { ProtocolClient } from '../../scripts/bots/protocolClient';
import { createHostedSession, joinAs, command, hostView, openVote } from '../support/flows';

// Abuse from inside and outside the room, against the real limits (LIMITS): floods, guessing, size caps,
// what names and stories may contain, the word filter, and what removing and banning really do.

const servers: { server: RunningServer; dataDir: string }[] = [];
const clients: ProtocolClient[] = [];

/** A fresh server per test: the per-address budgets are per process, and every test here spends them. */
async function fresh(options: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'powerup-abuse-'));
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', corsOrigins: [] }, options);
  servers.push({ server, dataDir });
  return server;
}
function client(url: string): ProtocolClient {
  const c = new ProtocolClient(url);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const { server, dataDir } of servers.splice(0)) {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

describe('message floods', () => {
  it('limits every socket to a burst of 30 and 10 messages a second, and drops a socket that keeps hammering', async () => {
    const server = await fresh();
    const host = await createHostedSession(server.url);
    clients.push(host.client);
    const bystander = await joinAs(server.url, host.code, 'Calm');
    clients.push(bystander.client);

    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 100 }, () => host.client.request('sync', {})));
    const seconds = (Date.now() - started) / 1000;
    const accepted = answers.filter((a) => a.ok).length;
    const limited = answers.filter((a) => !a.ok && a.code === 'RATE_LIMITED').length;
    expect(accepted + limited).toBe(100);
    expect(accepted).toBeGreaterThanOrEqual(LIMITS.socketBurst - 2); // session:create and host:attach took two
    expect(accepted).toBeLessThanOrEqual(LIMITS.socketBurst + Math.ceil(seconds * LIMITS.socketPerSecond) + 1);

    // Past 200 refused messages the server hangs up on that socket; other sockets carry on.
    const dropped = new Promise<string>((resolve) => host.client.socket.once('disconnect', (reason) => resolve(reason)));
    (host.client.socket as any).io.opts.reconnection = false;
    for (let i = 0; i < LIMITS.socketDropsBeforeDisconnect + 50; i++) host.client.socket.emit('sync', {}, () => {});
    expect(await dropped).toBe('io server disconnect');
    expect((await bystander.client.request('sync', {})).ok).toBe(true);
  });

  it('limits sessions created from one address (10 at once, then one every 10 s), over sockets and log imports', async () => {
    const server = await fresh();
    const c = client(server.url);
    const answers = [];
    for (let i = 0; i < LIMITS.createsBurst + 3; i++) answers.push(await c.request('session:create', {}));
    expect(answers.slice(0, LIMITS.createsBurst).every((a) => a.ok)).toBe(true);
    expect(answers.slice(LIMITS.createsBurst + 1).every((a) => !a.ok && a.code === 'RATE_LIMITED')).toBe(true);
    const imported = await fetch(`${server.url}/api/sessions/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(imported.status).toBe(429);
  });
});

describe('room-code guessing', () => {
  it('refuses lookups from an address after 20 wrong codes or keys — even a right code — but lets a valid token back in', async () => {
    const server = await fresh();
    const host = await createHostedSession(server.url);
    clients.push(host.client);
    const member = await joinAs(server.url, host.code, 'Member');
    member.client.close();
    const guesser = client(server.url);
    const wrong = ['CCCCC', 'DDDDD', 'FFFFF', 'GGGGG', 'HHHHH', 'JJJJJ', 'KKKKK', 'MMMMM', 'NNNNN', 'PPPPP'].filter((c) => c !== host.code);
    let refused = 0;
    for (let i = 0; i < LIMITS.failedLookupsBurst; i++) {
      const r = await guesser.request('participant:join', { code: wrong[i % wrong.length], name: 'Guess' });
      if (!r.ok && r.code === 'NO_SUCH_SESSION') refused++;
    }
    // A second connection from the same address does not get a fresh budget.
    const second = client(server.url);
    expect(refused).toBeGreaterThanOrEqual(LIMITS.failedLookupsBurst - 1);
    expect(await second.request('participant:join', { code: wrong[0], name: 'Guess' })).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    // The right code looks exactly like a wrong one now: a guess cannot get through.
    expect(await second.request('participant:join', { code: host.code, name: 'Guess' })).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    expect(await second.request('viewer:attach', { code: host.code, as: 'stage' })).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    expect(await second.request('participant:rejoin', { code: host.code, token: 'x'.repeat(32) })).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    // Over HTTP too: one budget for both.
    expect((await fetch(`${server.url}/api/sessions/${host.code}/log`)).status).toBe(429);
    // A participant who drops and comes back holds a 192-bit token, not a guess: welcome back.
    const back = client(server.url);
    const r = await back.request('participant:rejoin', { code: host.code, token: member.token });
    expect(r).toMatchObject({ ok: true, participantId: member.participantId });
    expect(hostView(host).state.participants[member.participantId].removed).toBe(false);
  });

  it('never limits successful joins from one address: a whole workshop behind one NAT gets in', async () => {
    const server = await fresh();
    const host = await createHostedSession(server.url);
    clients.push(host.client);
    const n = 120; // well past every per-address budget
    const joined = await Promise.all(Array.from({ length: n }, (_, i) => joinAs(server.url, host.code, `Nat ${i}`)));
    for (const j of joined) clients.push(j.client);
    expect(new Set(joined.map((j) => j.participantId)).size).toBe(n);
    // And all of them can come back after a network blip.
    const again = await Promise.all(joined.map((j) => client(server.url).request('participant:rejoin', { code: host.code, token: j.token })));
    expect(again.every((r) => r.ok)).toBe(true);
  });

  it('counts wrong host keys as guesses', async () => {
    const server = await fresh();
    const host = await createHostedSession(server.url);
    clients.push(host.client);
    const c = client(server.url);
    for (let i = 0; i < LIMITS.failedLookupsBurst; i++) {
      expect(await c.request('host:attach', { code: host.code, hostKey: `wrong-key-${i}-aaaaaaaaaaaa` })).toMatchObject({ ok: false, code: 'NOT_HOST' });
    }
    expect(await c.request('host:attach', { code: host.code, hostKey: host.hostKey })).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
  });
});

describe('room size and membership', () => {
  it('caps a room at config.maxParticipants (ROOM_FULL) and frees a place when someone is removed', async () => {
    const server = await fresh();
    const host = await createHostedSession(server.url, { maxParticipants: 3 });
    clients.push(host.client);
    const three = await Promise.all(['A', 'B', 'C'].map((n) => joinAs(server.url, host.code, n)));
    for (const t of three) clients.push(t.client);
    expect(await client(server.url).request('participant:join', { code: host.code, name: 'D' })).toMatchObject({ ok: false, code: 'ROOM_FULL' });
    await command(host, { type: 'remove', participantId: three[0].participantId, ban: false });
    expect((await client(server.url).request('participant:join', { code: host.code, name: 'D' })).ok).toBe(true);
    await command(host, { type: 'lock', locked: true });
    expect(await client(server.url).request('participant:join', { code: host.code, name: 'E' })).toMatchObject({ ok: false, code: 'ROOM_LOCKED' });
  });

  it('ban blocks the token: the banned device cannot rejoin; a fresh join is a new person, stopped by locking the room', async () => {
    const server = await fresh();
    const host = await createHostedSession(server.url);
    clients.push(host.client);
    const prankster = await joinAs(server.url, host.code, 'Prank');
    const removed = await joinAs(server.url, host.code, 'Gone');
    clients.push(prankster.client, removed.client);

    await command(host, { type: 'remove', participantId: prankster.participantId, ban: true });
    await prankster.client.until((c) => c.kicked === 'banned');
    (prankster.client.socket as any).io.opts.reconnection = false;
    expect(await client(server.url).request('participant:rejoin', { code: host.code, token: prankster.token })).toMatchObject({ ok: false, code: 'BANNED' });

    await command(host, { type: 'remove', participantId: removed.participantId, ban: false });
    await removed.client.until((c) => c.kicked === 'removed');
    expect(await client(server.url).request('participant:rejoin', { code: host.code, token: removed.token })).toMatchObject({ ok: false, code: 'UNKNOWN_TOKEN' });

    // Joining again creates a new token: a ban cannot recognise the person. Locking the room can.
    const newcomer = await client(server.url).request('participant:join', { code: host.code, name: 'Prank' });
    expect(newcomer.ok).toBe(true);
    await command(host, { type: 'lock', locked: true });
    expect(await client(server.url).request('participant:join', { code: host.code, name: 'Prank' })).toMatchObject({ ok: false, code: 'ROOM_LOCKED' });
  });
});

describe('names and stories', () => {
  async function storyPhase(config: object = {}) {
    const server = await fresh();
    // Only cards that ask for a story, so the first round has a story stage.
    const { defaultDeck } = await import('../../shared/deck/loadDeck');
    const deck = { ...defaultDeck, cards: defaultDeck.cards.filter((c) => c.storyPrompt).slice(0, 2) };
    const c = client(server.url);
    const created = await c.request('session:create', { config: { storyRounds: true, decideSeconds: 600, storySeconds: 600, ...config }, deck });
    if (!created.ok) throw new Error(created.code);
    expect((await c.request('host:attach', { code: created.code, hostKey: created.hostKey })).ok).toBe(true);
    const host = { client: c, code: created.code, hostKey: created.hostKey };
    return { server, host };
  }

  it('strips control and invisible characters, trims, and bounds names to 24 and stories to 140 characters', async () => {
    const { server, host } = await storyPhase();
    const nasty = await client(server.url).request('participant:join', { code: host.code, name: '\u0007Ann\u0000\u202e  Lee\n\u200b' });
    expect(nasty.ok && nasty.me.name).toBe('Ann Lee');
    const tooLong = await client(server.url).request('participant:join', { code: host.code, name: 'x'.repeat(25) });
    expect(tooLong).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
    const blank = await client(server.url).request('participant:join', { code: host.code, name: '\u0000\u0001 \u200b' });
    expect(blank).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
    const markup = await joinAs(server.url, host.code, '<b onclick=x>Bo</b>');
    clients.push(markup.client);
    // Markup is kept as the text it is; the client only ever renders it with textContent.
    expect(markup.client.me!.name).toBe('<b onclick=x>Bo</b>');

    await command(host, { type: 'startRound' });
    await openVote(host);
    await command(host, { type: 'skip' });
    const p = markup.client;
    expect(await p.request('participant:story', { text: 'y'.repeat(141) })).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
    expect(await p.request('participant:story', { text: 'z'.repeat(5_000) })).toMatchObject({ ok: false, code: 'BAD_PAYLOAD' });
    expect((await p.request('participant:story', { text: '  We\u0000 shipped\r\n\u2066it\u2069 <script>alert(1)</script> ' })).ok).toBe(true);
    await host.client.until(() => Object.keys(hostView(host).round?.stories ?? {}).length === 1);
    expect(Object.values(hostView(host).round!.stories)[0].text).toBe('We shipped it <script>alert(1)</script>');
  });

  it('masks listed words in names and stories only when the facilitator switched the word filter on', async () => {
    const on = await storyPhase({ wordFilter: true });
    const rude = await joinAs(on.server.url, on.host.code, 'Shit Happens');
    clients.push(rude.client);
    expect(rude.client.me!.name).toBe('**** Happens');
    await command(on.host, { type: 'startRound' });
    await openVote(on.host);
    await command(on.host, { type: 'skip' });
    expect((await rude.client.request('participant:story', { text: 'What the FUUUCK, a classic assessment' })).ok).toBe(true);
    await on.host.client.until(() => Object.keys(hostView(on.host).round?.stories ?? {}).length === 1);
    expect(Object.values(hostView(on.host).round!.stories)[0].text).toBe('What the ******, a classic assessment');
    // The log holds the masked text: the word never reaches the disk or a replay.
    const stored = JSON.stringify(await on.server.registry.store.events(on.host.code));
    expect(stored).not.toMatch(/shit|fuuuck/i);

    const off = await storyPhase();
    const plain = await joinAs(off.server.url, off.host.code, 'Shit Happens');
    clients.push(plain.client);
    expect(plain.client.me!.name).toBe('Shit Happens');
  });
});
