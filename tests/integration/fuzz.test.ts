import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ZodType } from 'zod';
import { startServer, type RunningServer } from '../../server/app';
import { LIMITS } from '../../server/transport/rateLimit';
import { hostCommandToEvent } from '../../shared/protocol/hostCommandToEvent';
import { ProtocolClient } from '../../scripts/bots/protocolClient';
import { createHostedSession, joinAs, command, hostView, teamView, type Host, openVote } from '../support/flows';
import {
  CreateSessionSchema, HostAttachSchema, HostCommandPayloadSchema, JoinSchema, RejoinSchema, ChooseSchema, StorySchema,
  StoryVoteSchema, TeamChoiceSchema, ViewerAttachSchema, SyncSchema,
} from '../../shared/protocol/commands';
import { ROOM_CODE_ALPHABET } from '../../shared/protocol/roomCode';
import { parseDeck } from '../../shared/deck/loadDeck';
import { applyEventInPlace } from '../../shared/engine/apply';
import { stateHash } from '../../shared/engine/hash';
import type { GameState } from '../../shared/schemas/state';
import type { GameEvent } from '../../shared/schemas/events';

// Property-based fuzzing of every inbound socket event against a real server. Each generated message
// carries the role of the socket that sends it; an oracle written from the protocol's contract says
// which error code it must get. Every message the oracle expects to be refused is sent, pipelined, in
// batches; after each batch the session's state hash and seq must be exactly what they were.
// Messages the contract says would succeed and change something (a valid vote, a valid join …) are not
// sent: they are counted as skipped and never make up the 100,000.

const TARGET_MESSAGES = 100_000;
const BATCH = 1_000;
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

const EVENTS = [
  'session:create', 'host:attach', 'host:command', 'participant:join', 'participant:rejoin', 'participant:choose',
  'participant:story', 'participant:storyVote', 'participant:team', 'viewer:attach', 'sync',
] as const;
type KnownEvent = (typeof EVENTS)[number];
const KNOWN = new Set<string>(EVENTS);

type Role = 'anonymous' | 'buyer' | 'provider' | 'stage' | 'host';
const ROLES: Role[] = ['anonymous', 'anonymous', 'buyer', 'provider', 'stage', 'host'];
/** How the message goes on the wire: normal, no payload at all, junk after the payload, or no ack. */
type Shape = 'normal' | 'noPayload' | 'extraArgs' | 'noAck';
type Msg = { sender: number; event: string; payload: unknown; shape: Shape };

/** What the server sees: socket.io sends JSON (undefined → null, NaN → null, …); binary stays binary. */
function onTheWire(payload: unknown): unknown {
  if (payload instanceof Uint8Array) return Buffer.from(payload);
  if (payload === undefined) return null;
  return JSON.parse(JSON.stringify([payload]))[0];
}

type World = { code: string; state: () => GameState; seq: () => number; hostKey: string; tokens: Record<'buyer' | 'provider', string>; participantIds: Record<'buyer' | 'provider', string> };

/** The protocol contract, as docs/protocol.md and docs/security.md state it: the code a message must get. */
class Oracle {
  private working: GameState;
  constructor(private world: World) {
    this.working = structuredClone(world.state());
  }

  /** 'OK' = accepted without changing anything; 'SKIP' = would change something, so it is not sent. */
  expect(role: Role, event: string, wire: unknown): string {
    if (!KNOWN.has(event)) return 'UNKNOWN_EVENT';
    const e = event as KnownEvent;
    const parses = <T>(schema: ZodType<T>, v: unknown) => schema.safeParse(v);
    const sessionFor = (code: string) => (code === this.world.code ? this.world : undefined);
    switch (e) {
      case 'session:create': {
        const p = parses(CreateSessionSchema, wire ?? {});
        if (!p.success) return 'BAD_PAYLOAD';
        if (p.data.deck !== undefined && !parseDeck(p.data.deck).ok) return 'BAD_DECK';
        return 'SKIP';
      }
      case 'host:attach': {
        if (role !== 'anonymous' && role !== 'host') return 'ALREADY_ATTACHED';
        const p = parses(HostAttachSchema, wire);
        if (!p.success) return 'BAD_PAYLOAD';
        if (!sessionFor(p.data.code)) return 'NO_SUCH_SESSION';
        if (p.data.hostKey !== this.world.hostKey) return 'NOT_HOST';
        return role === 'host' ? 'OK' : 'SKIP';
      }
      case 'host:command': {
        if (role !== 'host') return 'NOT_HOST';
        const p = parses(HostCommandPayloadSchema, wire);
        if (!p.success) return 'BAD_PAYLOAD';
        const c = p.data.command;
        if (c.type === 'createReplayLink' || c.type === 'revokeReplayLink') return 'SKIP';
        return this.engine(hostCommandToEvent(c)!);
      }
      case 'participant:join': {
        if (role !== 'anonymous') return 'ALREADY_ATTACHED';
        const p = parses(JoinSchema, wire);
        if (!p.success) return 'BAD_PAYLOAD';
        if (!sessionFor(p.data.code)) return 'NO_SUCH_SESSION';
        return this.engine({ type: 'joined', participantId: 'fuzz-new', name: p.data.name, tokenHash: 'fuzz-new-token', team: p.data.team });
      }
      case 'participant:rejoin': {
        if (role !== 'anonymous') return 'ALREADY_ATTACHED';
        const p = parses(RejoinSchema, wire);
        if (!p.success) return 'BAD_PAYLOAD';
        if (!sessionFor(p.data.code)) return 'NO_SUCH_SESSION';
        if (Object.values(this.world.tokens).includes(p.data.token)) return 'SKIP';
        return 'UNKNOWN_TOKEN';
      }
      case 'participant:choose':
      case 'participant:story':
      case 'participant:storyVote':
      case 'participant:team': {
        if (role !== 'buyer' && role !== 'provider') return 'NOT_PARTICIPANT';
        const participantId = this.world.participantIds[role];
        if (e === 'participant:choose') {
          const p = parses(ChooseSchema, wire);
          return p.success ? this.engine({ type: 'choiceMade', participantId, optionId: p.data.optionId }) : 'BAD_PAYLOAD';
        }
        if (e === 'participant:story') {
          const p = parses(StorySchema, wire);
          const storyId = this.working.round?.storyByParticipant[participantId] ?? `s${this.world.seq() + 1}`;
          return p.success ? this.engine({ type: 'storySubmitted', participantId, storyId, text: p.data.text }) : 'BAD_PAYLOAD';
        }
        if (e === 'participant:storyVote') {
          const p = parses(StoryVoteSchema, wire);
          return p.success ? this.engine({ type: 'storyVoted', participantId, storyId: p.data.storyId }) : 'BAD_PAYLOAD';
        }
        const p = parses(TeamChoiceSchema, wire);
        if (!p.success) return 'BAD_PAYLOAD';
        // Choosing one's own team is answered before the engine, and appends nothing.
        if (this.working.participants[participantId].team === p.data.team) return 'SAME_TEAM';
        return this.engine({ type: 'teamChosen', participantId, team: p.data.team });
      }
      case 'viewer:attach': {
        if (role !== 'anonymous' && role !== 'stage') return 'ALREADY_ATTACHED';
        const p = parses(ViewerAttachSchema, wire);
        if (!p.success) return 'BAD_PAYLOAD';
        if (!sessionFor(p.data.code)) return 'NO_SUCH_SESSION';
        return role === 'stage' ? 'OK' : 'SKIP';
      }
      case 'sync': {
        if (!parses(SyncSchema, wire ?? {}).success) return 'BAD_PAYLOAD';
        return role === 'anonymous' ? 'NOT_ATTACHED' : 'OK';
      }
    }
  }

  /** The engine is the rule book: a refusal leaves the working copy untouched; an acceptance is skipped. */
  private engine(draft: Record<string, unknown>): string {
    const r = applyEventInPlace(this.working, { ...draft, at: Date.now() } as GameEvent);
    if (r.ok) {
      this.working = structuredClone(this.world.state());
      return 'SKIP';
    }
    return r.code;
  }
}


// ---------------------------------------------------------------------------------------------------
// Generators: a plausible payload for each event, then mutations (missing, extra, wrongly typed and
// oversized fields, wrong payload types), unknown events, and replays of real earlier messages.

const ANY = fc.anything({ maxDepth: 2, maxKeys: 4, withNullPrototype: true, withObjectString: true });
const longString = fc.string({ minLength: 200, maxLength: 6_000 });

function generators(world: World, optionIds: string[], replays: { event: string; payload: unknown }[]) {
  const codeAlphabet = fc.constantFrom(...ROOM_CODE_ALPHABET.split(''));
  const code = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(world.code, world.code.toLowerCase(), ` ${world.code} `) },
    { weight: 2, arbitrary: fc.string({ unit: codeAlphabet, minLength: 5, maxLength: 5 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
    { weight: 1, arbitrary: ANY },
  );
  const text = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('   ', '\u0000\u0007\u001b', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '\u202eevil\u2066', 'a'.repeat(25), 'b'.repeat(141), 'Zoë 👩🏽‍💻'),
    longString,
  );
  const secret = fc.oneof(
    fc.string({ minLength: 16, maxLength: 128, unit: 'binary-ascii' }),
    fc.string({ maxLength: 15 }),
    fc.string({ minLength: 129, maxLength: 400 }),
    fc.constantFrom(world.hostKey, world.tokens.buyer, world.tokens.provider),
  );
  const id = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...optionIds, world.participantIds.buyer, world.participantIds.provider, 's1', 's999', '__proto__', 'constructor') },
    { weight: 2, arbitrary: fc.string({ maxLength: 70 }) },
    { weight: 1, arbitrary: ANY },
  );
  const team = fc.oneof(fc.constantFrom('buyer', 'provider', 'Buyer', 'admin', ''), ANY);
  const bool = fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: ANY });
  const seconds = fc.oneof(fc.integer({ min: -10, max: 10_000 }), fc.double(), fc.constantFrom(1e308, -0, 0.5), ANY);
  const seq = fc.oneof(fc.integer({ min: -5, max: 1_000_000 }), fc.double(), fc.string({ maxLength: 5 }));

  const command = fc.oneof(
    fc.constantFrom('startRound', 'startTimer', 'pause', 'resume', 'skip', 'reveal', 'closeRound', 'end', 'createReplayLink', 'revokeReplayLink').map((type) => ({ type })),
    fc.record({ type: fc.constant('extend'), seconds }),
    fc.record({ type: fc.constant('move'), participantId: id, team }),
    fc.record({ type: fc.constant('remove'), participantId: id, ban: bool }, { requiredKeys: ['type', 'participantId'] }),
    fc.record({ type: fc.constant('lock'), locked: bool }),
    fc.record({ type: fc.constant('hideStory'), storyId: id, hidden: bool }),
    fc.record({ type: fc.oneof(fc.string({ maxLength: 12 }), fc.constant('__proto__')) }),
  );

  const base: Record<KnownEvent, fc.Arbitrary<Record<string, unknown>>> = {
    'session:create': fc.record({ config: fc.oneof(fc.record({ rounds: fc.oneof(fc.integer({ min: -3, max: 20 }), ANY), title: fc.oneof(text, ANY), wordFilter: bool }, { requiredKeys: [] }), ANY), deck: ANY }, { requiredKeys: [] }),
    'host:attach': fc.record({ code, hostKey: secret }),
    'host:command': fc.record({ command }),
    'participant:join': fc.record({ code, name: text, team }, { requiredKeys: ['code', 'name'] }),
    'participant:rejoin': fc.record({ code, token: secret, lastSeq: seq }, { requiredKeys: ['code', 'token'] }),
    'participant:choose': fc.record({ optionId: id }),
    'participant:story': fc.record({ text }),
    'participant:storyVote': fc.record({ storyId: id }),
    'participant:team': fc.record({ team }),
    'viewer:attach': fc.record({ code, as: fc.oneof(fc.constant('stage'), fc.constantFrom('host', 'participant'), ANY) }),
    sync: fc.record({ lastSeq: seq }, { requiredKeys: [] }),
  };

  const mutated = (b: fc.Arbitrary<Record<string, unknown>>) => fc.oneof(
    { weight: 5, arbitrary: b },
    { weight: 1, arbitrary: fc.tuple(b, fc.nat()).map(([o, n]) => { const keys = Object.keys(o); const c = { ...o }; if (keys.length) delete c[keys[n % keys.length]]; return c; }) },
    { weight: 1, arbitrary: fc.tuple(b, fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'admin')), ANY).map(([o, k, v]) => ({ ...o, [k]: v })) },
    { weight: 1, arbitrary: fc.tuple(b, fc.nat(), ANY).map(([o, n, v]) => { const keys = Object.keys(o); return keys.length ? { ...o, [keys[n % keys.length]]: v } : o; }) },
    { weight: 1, arbitrary: fc.tuple(b, longString).map(([o, s]) => { const keys = Object.keys(o); return keys.length ? { ...o, [keys[0]]: s } : { x: s }; }) },
    { weight: 1, arbitrary: ANY },
    { weight: 1, arbitrary: fc.oneof(b.map((o) => [o]), fc.constantFrom(null, undefined, 0, '', [], true, 'payload'), fc.uint8Array({ maxLength: 64 })) },
  );

  const known = fc.constantFrom(...EVENTS).chain((event) => mutated(base[event]).map((payload) => ({ event: event as string, payload })));
  const unknown = fc.record({
    event: fc.oneof(fc.string({ maxLength: 20 }).map((s) => `zz:${s}`), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'view', 'me', 'kicked', 'host:commands', 'SYNC')),
    payload: ANY,
  });
  const replayed = fc.constantFrom(...replays);
  const shape = fc.constantFrom<Shape>('normal', 'normal', 'normal', 'normal', 'normal', 'normal', 'normal', 'noPayload', 'extraArgs', 'noAck');

  return fc.record({
    sender: fc.nat(ROLES.length - 1),
    shape,
    message: fc.oneof({ weight: 20, arbitrary: known }, { weight: 2, arbitrary: unknown }, { weight: 2, arbitrary: replayed }),
  }).map(({ sender, shape, message }): Msg => ({ sender, shape, event: message.event, payload: message.payload }));
}

// ---------------------------------------------------------------------------------------------------

type Sent = { msg: Msg; expected: string; got?: { ok: boolean; code?: string } };

function emit(client: ProtocolClient, m: Msg): Promise<{ ok: boolean; code?: string } | undefined> {
  const s = client.socket as any;
  if (m.shape === 'noAck') {
    s.emit(m.event, m.payload);
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    if (m.shape === 'noPayload') s.emit(m.event, resolve);
    else if (m.shape === 'extraArgs') s.emit(m.event, m.payload, 'junk', { more: 1 }, resolve);
    else s.emit(m.event, m.payload, resolve);
  });
}

async function startFuzzServer(): Promise<RunningServer & { dataDir: string }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'powerup-fuzz-'));
  // The per-socket and per-address limits would refuse most of 100,000 messages from one address;
  // they are raised here through the test-only option (abuse.test.ts checks the real ones).
  const big = 1e9;
  const server = await startServer(
    { port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', corsOrigins: [] },
    { limits: { socketBurst: big, socketPerSecond: big, unknownEventsBeforeDisconnect: big, failedLookupsBurst: big, failedLookupsPerSecond: big, createsBurst: big, createsPerSecond: big } },
  );
  return { ...server, dataDir };
}

describe('fuzzing every inbound event', () => {
  let server: RunningServer & { dataDir: string };
  let host: Host;
  let buyer: Awaited<ReturnType<typeof joinAs>>;
  let provider: Awaited<ReturnType<typeof joinAs>>;
  let clients: ProtocolClient[];
  let world: World;
  const replays: { event: string; payload: unknown }[] = [];
  let sentTotal = 0;
  let skippedTotal = 0;
  const codesSeen = new Map<string, number>();

  beforeAll(async () => {
    server = await startFuzzServer();
    host = await createHostedSession(server.url, { decideSeconds: 3600, storyRounds: true });
    buyer = await joinAs(server.url, host.code, 'Buyer Bo');
    provider = await joinAs(server.url, host.code, 'Provider Pat');
    const stage = new ProtocolClient(server.url);
    expect((await stage.request('viewer:attach', { code: host.code, as: 'stage' })).ok).toBe(true);
    await command(host, { type: 'lock', locked: true });
    const anon1 = new ProtocolClient(server.url);
    const anon2 = new ProtocolClient(server.url);
    await Promise.all([anon1.connected(), anon2.connected()]);
    clients = [anon1, anon2, buyer.client, provider.client, stage, host.client];
    const session = () => server.registry.get(host.code)!;
    world = {
      code: host.code,
      hostKey: host.hostKey,
      state: () => session().state,
      seq: () => session().seq,
      tokens: { buyer: buyer.token, provider: provider.token },
      participantIds: { buyer: buyer.participantId, provider: provider.participantId },
    };
    // Real messages that were accepted once, replayed later from every kind of socket.
    replays.push(
      { event: 'participant:join', payload: { code: host.code, name: 'Buyer Bo' } },
      { event: 'participant:rejoin', payload: { code: host.code, token: buyer.token, lastSeq: 0 } },
      { event: 'host:attach', payload: { code: host.code, hostKey: host.hostKey } },
      { event: 'viewer:attach', payload: { code: host.code, as: 'stage' } },
      { event: 'host:command', payload: { command: { type: 'startRound' } } },
      { event: 'host:command', payload: { command: { type: 'startTimer' } } },
      { event: 'host:command', payload: { command: { type: 'lock', locked: true } } },
      { event: 'session:create', payload: { config: { rounds: 99 } } },
    );
  }, 60_000);

  afterAll(async () => {
    for (const c of clients ?? []) c.close();
    await server?.close();
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  /** Sends generated batches until `count` messages went out; every batch must leave the session untouched. */
  async function fuzz(count: number, seed: number): Promise<void> {
    const card = world.state().round ? hostView(host).fullCard : null;
    const optionIds = card ? card.options.map((o) => o.id) : ['opt-1'];
    const msgArb = generators(world, optionIds, replays);
    const runs = Math.ceil((count * 1.15) / BATCH);
    let sentHere = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(msgArb, { minLength: BATCH, maxLength: BATCH }), async (msgs) => {
        if (sentHere >= count) return;
        const hashBefore = stateHash(world.state());
        const seqBefore = world.seq();
        const oracle = new Oracle(world);
        const sent: Sent[] = [];
        const acks: Promise<void>[] = [];
        for (const msg of msgs) {
          const role = ROLES[msg.sender];
          const wire = msg.shape === 'noPayload' ? undefined : onTheWire(msg.payload);
          const expected = oracle.expect(role, msg.event, wire);
          if (expected === 'SKIP') {
            skippedTotal++;
            continue;
          }
          const entry: Sent = { msg, expected };
          sent.push(entry);
          acks.push(emit(clients[msg.sender], msg).then((r) => { entry.got = r; }));
        }
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.all(acks),
          new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('acks missing after 20 s')), 20_000); }),
        ]).finally(() => clearTimeout(timer));
        sentHere += sent.length;
        sentTotal += sent.length;

        const wrong = sent.filter((s) => s.msg.shape !== 'noAck' && (s.expected === 'OK' ? s.got?.ok !== true : s.got?.ok !== false || s.got.code !== s.expected));
        for (const s of sent) if (s.got) codesSeen.set(s.got.ok ? 'OK' : s.got.code!, (codesSeen.get(s.got.ok ? 'OK' : s.got.code!) ?? 0) + 1);
        const describe = (s: Sent) => `${ROLES[s.msg.sender]} ${s.msg.shape} ${s.msg.event} ${JSON.stringify(s.msg.payload)?.slice(0, 200)} → expected ${s.expected}, got ${JSON.stringify(s.got)?.slice(0, 200)}`;
        if (wrong.length) throw new Error(`${wrong.length} messages got the wrong answer:\n${wrong.slice(0, 5).map(describe).join('\n')}`);
        if (world.seq() !== seqBefore) throw new Error(`seq moved from ${seqBefore} to ${world.seq()}`);
        if (stateHash(world.state()) !== hashBefore) throw new Error('a refused message changed the state');
      }),
      { numRuns: runs, seed, endOnFailure: true },
    );
    expect(sentHere).toBeGreaterThanOrEqual(count);
  }

  it('refuses every malformed, wrongly typed, replayed and out-of-order message with its code and changes nothing', async () => {
    const started = Date.now();
    // In the lobby (the room is locked, so a well-formed join is refused too) …
    await fuzz(TARGET_MESSAGES / 2, SEED);
    // … and in the middle of a vote, with a vote already cast.
    await command(host, { type: 'startRound' });
    await openVote(host);
    await buyer.client.until((c) => teamView(c)?.phase === 'deciding');
    const option = teamView(buyer.client).card!.options.find((o) => o.team === buyer.team)!;
    expect((await buyer.client.request('participant:choose', { optionId: option.id })).ok).toBe(true);
    replays.push({ event: 'participant:choose', payload: { optionId: option.id } });
    await host.client.until(() => hostView(host).voted.buyer === 1);
    await fuzz(TARGET_MESSAGES / 2, SEED + 1);

    const seconds = (Date.now() - started) / 1000;
    console.log(`fuzz: ${sentTotal} messages sent (${skippedTotal} generated but skipped as valid) in ${seconds.toFixed(1)} s; answers: ${JSON.stringify(Object.fromEntries([...codesSeen].sort((a, b) => b[1] - a[1])))}`);
    expect(sentTotal).toBeGreaterThanOrEqual(TARGET_MESSAGES);
    // The vote cast before the storm of junk is still there.
    expect(world.state().round!.choices[buyer.participantId]).toBe(option.id);
    // Every socket still has its role and answers.
    for (const c of clients.slice(2)) expect((await c.request('sync', {})).ok).toBe(true);
  }, 180_000);

  it('drops a connection that sends a message over the size limit, and nothing changes', async () => {
    const hashBefore = stateHash(world.state());
    const seqBefore = world.seq();
    const oversized = fc.sample(fc.tuple(fc.constantFrom(...EVENTS), fc.string({ minLength: LIMITS.maxMessageBytes + 10, maxLength: LIMITS.maxMessageBytes + 60_000 })), { numRuns: 12, seed: SEED });
    for (const [event, big] of oversized) {
      const c = new ProtocolClient(server.url);
      await c.connected();
      const gone = new Promise<string>((resolve) => c.socket.once('disconnect', (reason) => resolve(reason)));
      let acked = false;
      (c.socket as any).io.opts.reconnection = false;
      (c.socket as any).emit(event, { code: host.code, name: big, text: big, optionId: big }, () => { acked = true; });
      expect(await gone).toBe('transport close');
      expect(acked).toBe(false);
      c.close();
    }
    expect(world.seq()).toBe(seqBefore);
    expect(stateHash(world.state())).toBe(hashBefore);
  });

  it('is still healthy afterwards: /healthz answers and a fresh session plays', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    const fresh = await createHostedSession(server.url, { decideSeconds: 60 });
    const p = await joinAs(server.url, fresh.code, 'After');
    await command(fresh, { type: 'startRound' });
    await openVote(fresh);
    await p.client.until((c) => teamView(c)?.phase === 'deciding');
    const option = teamView(p.client).card!.options.find((o) => o.team === p.team)!;
    expect((await p.client.request('participant:choose', { optionId: option.id })).ok).toBe(true);
    await command(fresh, { type: 'reveal' });
    await fresh.client.until(() => hostView(fresh).phase === 'reveal');
    p.client.close();
    fresh.client.close();
  });
});
