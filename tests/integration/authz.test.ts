import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../server/app';
import { ProtocolClient } from '../../scripts/bots/protocolClient';
import { defaultDeck } from '../../shared/deck/loadDeck';
import { stateHash } from '../../shared/engine/hash';
import type { HostView } from '../../shared/protocol/events';
import type { TeamView } from '../../shared/schemas/views';

// The authorization matrix: every command against every role, each in a fresh session brought to a
// state where the command can succeed. Only the cells marked 'ok' may succeed; every other cell must
// get exactly the error code in the table and leave the session's state hash and seq untouched.

const ROLES = ['anonymous', 'buyer', 'provider', 'stage', 'replay', 'host', 'otherHost'] as const;
type Role = (typeof ROLES)[number];

/** A row: what to do first (as the real facilitator and participants), then what each role sends. */
type Row = { name: string; setup?: Step[]; expect: Record<Role, string> };
type Step = { host: object } | { story: 'buyer' | 'provider' };

const host = (code: string): Record<Role, string> => ({
  anonymous: code, buyer: code, provider: code, stage: code, replay: code, host: 'ok', otherHost: 'NO_EFFECT',
});
const participantsOnly: Record<Role, string> = { anonymous: 'NOT_PARTICIPANT', buyer: 'ok', provider: 'ok', stage: 'NOT_PARTICIPANT', replay: 'NOT_PARTICIPANT', host: 'NOT_PARTICIPANT', otherHost: 'NOT_PARTICIPANT' };
const deciding: Step[] = [{ host: { type: 'startRound' } }, { host: { type: 'startTimer' } }];
const stories: Step[] = [...deciding, { host: { type: 'skip' } }];

// 'replay' is a connection that only knows the replay token (there is no replay socket role yet: it is
// anonymous with a token); 'otherHost' is the facilitator of another session, holding that session's key:
// its socket is bound to its own session, so its commands and syncs act there — 'NO_EFFECT' means it was
// answered, but this session did not change and nothing of it was sent.
const MATRIX: Row[] = [
  { name: 'host:command startRound', expect: host('NOT_HOST') },
  { name: 'host:command startTimer', setup: [{ host: { type: 'startRound' } }], expect: host('NOT_HOST') },
  { name: 'host:command pause', setup: deciding, expect: host('NOT_HOST') },
  { name: 'host:command resume', setup: [...deciding, { host: { type: 'pause' } }], expect: host('NOT_HOST') },
  { name: 'host:command extend', setup: deciding, expect: host('NOT_HOST') },
  { name: 'host:command skip', setup: deciding, expect: host('NOT_HOST') },
  { name: 'host:command reveal', setup: deciding, expect: host('NOT_HOST') },
  { name: 'host:command closeRound', setup: [...deciding, { host: { type: 'reveal' } }], expect: host('NOT_HOST') },
  { name: 'host:command end', expect: host('NOT_HOST') },
  { name: 'host:command move', expect: host('NOT_HOST') },
  { name: 'host:command remove', expect: host('NOT_HOST') },
  { name: 'host:command lock', expect: host('NOT_HOST') },
  { name: 'host:command hideStory', setup: [...stories, { story: 'provider' }], expect: host('NOT_HOST') },
  // The matrix's sessions play rules v1: the facilitator gets past the role check and the engine says why not.
  { name: 'host:command setHuddle', expect: { ...host('NOT_HOST'), host: 'HUDDLES_V2_ONLY' } },
  { name: 'host:command createReplayLink', expect: host('NOT_HOST') },
  { name: 'host:command revokeReplayLink', expect: host('NOT_HOST') },
  { name: 'participant:join', expect: { anonymous: 'ok', buyer: 'ALREADY_ATTACHED', provider: 'ALREADY_ATTACHED', stage: 'ALREADY_ATTACHED', replay: 'ok', host: 'ALREADY_ATTACHED', otherHost: 'ALREADY_ATTACHED' } },
  { name: 'participant:rejoin', expect: { anonymous: 'UNKNOWN_TOKEN', buyer: 'ALREADY_ATTACHED', provider: 'ALREADY_ATTACHED', stage: 'ALREADY_ATTACHED', replay: 'UNKNOWN_TOKEN', host: 'ALREADY_ATTACHED', otherHost: 'ALREADY_ATTACHED' } },
  { name: 'participant:rejoin (own secret, new connection)', expect: { anonymous: 'UNKNOWN_TOKEN', buyer: 'ok', provider: 'ok', stage: 'UNKNOWN_TOKEN', replay: 'UNKNOWN_TOKEN', host: 'UNKNOWN_TOKEN', otherHost: 'UNKNOWN_TOKEN' } },
  { name: 'participant:choose', setup: deciding, expect: participantsOnly },
  { name: 'participant:story', setup: stories, expect: participantsOnly },
  { name: 'participant:storyVote', setup: [...stories, { story: 'buyer' }, { story: 'provider' }, { host: { type: 'skip' } }], expect: participantsOnly },
  { name: 'participant:team', expect: participantsOnly },
  { name: 'viewer:attach', expect: { anonymous: 'ok', buyer: 'ALREADY_ATTACHED', provider: 'ALREADY_ATTACHED', stage: 'ok', replay: 'ok', host: 'ALREADY_ATTACHED', otherHost: 'ALREADY_ATTACHED' } },
  { name: 'sync', expect: { anonymous: 'NOT_ATTACHED', buyer: 'ok', provider: 'ok', stage: 'ok', replay: 'NOT_ATTACHED', host: 'ok', otherHost: 'NO_EFFECT' } },
  { name: 'session:create', expect: { anonymous: 'ok', buyer: 'ok', provider: 'ok', stage: 'ok', replay: 'ok', host: 'ok', otherHost: 'ok' } },
  { name: 'host:attach', expect: { anonymous: 'NOT_HOST', buyer: 'ALREADY_ATTACHED', provider: 'ALREADY_ATTACHED', stage: 'ALREADY_ATTACHED', replay: 'NOT_HOST', host: 'ok', otherHost: 'NOT_HOST' } },
  { name: 'GET /api/sessions/:code/log', expect: { anonymous: '403', buyer: '403', provider: '403', stage: '403', replay: 'ok', host: 'ok', otherHost: '403' } },
  // A read-only link made without shareNamed gets the debrief only (issue 15 item 19).
  { name: 'GET /api/sessions/:code/decisions.csv', expect: { anonymous: '403', buyer: '403', provider: '403', stage: '403', replay: '403', host: 'ok', otherHost: '403' } },
];

// Every card asks for a story, so the story rows can reach their phase; small enough for one socket message.
const DECK = { ...defaultDeck, cards: defaultDeck.cards.filter((c) => c.storyPrompt).slice(0, 2) };
const CONFIG = { teamChoice: true, storyRounds: true, decideSeconds: 600, storySeconds: 600, storyVoteSeconds: 600 };
const RANDOM_SECRET = 'not-a-real-secret-0123456789';

type World = {
  code: string;
  hostKey: string;
  replayToken: string;
  sockets: Record<Role, ProtocolClient>;
  tokens: Record<'buyer' | 'provider', string>;
  ids: Record<'buyer' | 'provider', string>;
  teams: Record<'buyer' | 'provider', 'buyer' | 'provider'>;
};

describe('authorization matrix', () => {
  let server: RunningServer;
  let dataDir: string;
  let other: { client: ProtocolClient; code: string; hostKey: string };
  const open: ProtocolClient[] = [];
  const client = () => {
    const c = new ProtocolClient(server.url);
    open.push(c);
    return c;
  };
  const ok = <T extends { ok: boolean }>(r: T, what: string): Extract<T, { ok: true }> => {
    if (!r.ok) throw new Error(`${what} refused: ${JSON.stringify(r)}`);
    return r as Extract<T, { ok: true }>;
  };

  async function newHost(): Promise<{ client: ProtocolClient; code: string; hostKey: string }> {
    const c = client();
    const created = ok(await c.request('session:create', { config: CONFIG, deck: DECK }), 'create');
    ok(await c.request('host:attach', { code: created.code, hostKey: created.hostKey }), 'attach');
    return { client: c, code: created.code, hostKey: created.hostKey };
  }

  async function world(): Promise<World> {
    const h = await newHost();
    const buyer = client();
    const provider = client();
    const b = ok(await buyer.request('participant:join', { code: h.code, name: 'Bea', team: 'buyer' }), 'join');
    const p = ok(await provider.request('participant:join', { code: h.code, name: 'Pip', team: 'provider' }), 'join');
    const stage = client();
    ok(await stage.request('viewer:attach', { code: h.code, as: 'stage' }), 'stage');
    const link = ok(await h.client.request('host:command', { command: { type: 'createReplayLink' } }), 'replay link');
    const anonymous = client();
    const replay = client();
    await Promise.all([anonymous.connected(), replay.connected()]);
    return {
      code: h.code,
      hostKey: h.hostKey,
      replayToken: link.replayToken!,
      sockets: { anonymous, buyer, provider, stage, replay, host: h.client, otherHost: other.client },
      tokens: { buyer: b.token, provider: p.token },
      ids: { buyer: b.participantId, provider: p.participantId },
      teams: { buyer: 'buyer', provider: 'provider' },
    };
  }

  /** The secret each role holds: its own token or key; anonymous and the stage hold none. */
  const secretOf = (w: World, role: Role) =>
    role === 'buyer' || role === 'provider' ? w.tokens[role]
      : role === 'replay' ? w.replayToken
        : role === 'host' ? w.hostKey
          : role === 'otherHost' ? other.hostKey
            : RANDOM_SECRET;

  async function runSetup(w: World, steps: Step[] = []): Promise<void> {
    for (const step of steps) {
      if ('host' in step) ok(await w.sockets.host.request('host:command', { command: step.host }), JSON.stringify(step.host));
      else ok(await w.sockets[step.story].request('participant:story', { text: `A story from the ${step.story}` }), 'story');
    }
  }

  /** Sends the row's command as `role` and returns 'ok' or the error code (HTTP: 'ok' or the status). */
  async function attempt(w: World, row: Row, role: Role): Promise<string> {
    const s = w.sockets[role];
    const state = server.registry.get(w.code)!.state;
    const code = w.code;
    if (row.name.startsWith('GET ')) {
      const url = `${server.url}${row.name.slice(4).replace(':code', code)}`;
      const headers: Record<string, string> = role === 'anonymous' || role === 'stage' ? {} : { authorization: `Bearer ${secretOf(w, role)}` };
      const res = await fetch(url, { headers });
      return res.status === 200 ? 'ok' : String(res.status);
    }
    const session = server.registry.get(code)!;
    const before = { seq: session.seq, hash: stateHash(session.state) };
    const answer = (r: { ok: boolean; code?: string; view?: unknown }) => {
      if (role !== 'otherHost' || !(row.name.startsWith('host:command') || row.name === 'sync')) return r.ok ? 'ok' : r.code!;
      // The other facilitator's socket acts on its own session: this one must not move, and no view of it may come back.
      const untouched = session.seq === before.seq && stateHash(session.state) === before.hash;
      const leaked = JSON.stringify(r.view ?? {}).includes(w.ids.buyer);
      return untouched && !leaked ? 'NO_EFFECT' : 'CHANGED_THIS_SESSION';
    };
    const mine = (role === 'buyer' || role === 'provider') ? role : undefined;
    if (row.name.startsWith('host:command ')) {
      const type = row.name.slice('host:command '.length);
      const extra: Record<string, object> = {
        extend: { seconds: 30 },
        move: { participantId: w.ids.buyer, team: 'provider' },
        remove: { participantId: w.ids.buyer, ban: true },
        lock: { locked: true },
        hideStory: { storyId: Object.keys(state.round?.stories ?? {})[0] ?? 's1', hidden: true },
        setHuddle: { round: 2, huddle: true },
      };
      return answer(await s.request('host:command', { command: { type, ...extra[type] } }));
    }
    switch (row.name) {
      case 'participant:join': return answer(await s.request('participant:join', { code, name: `Newcomer ${role}` }));
      case 'participant:rejoin': return answer(await s.request('participant:rejoin', { code, token: secretOf(w, role) }));
      case 'participant:rejoin (own secret, new connection)': return answer(await client().request('participant:rejoin', { code, token: secretOf(w, role) }));
      case 'participant:choose': {
        const card = state.deck.cards.find((c) => c.id === state.round!.cardId)!;
        const option = card.options.find((o) => o.team === (mine ? w.teams[mine] : 'buyer'))!;
        return answer(await s.request('participant:choose', { optionId: option.id }));
      }
      case 'participant:story': return answer(await s.request('participant:story', { text: `Story by ${role}` }));
      case 'participant:storyVote': {
        const stories = Object.values(state.round!.stories);
        const target = stories.find((st) => st.team !== (mine ? w.teams[mine] : 'buyer'))!;
        return answer(await s.request('participant:storyVote', { storyId: target.storyId }));
      }
      case 'participant:team': {
        const team = mine ? (w.teams[mine] === 'buyer' ? 'provider' : 'buyer') : 'provider';
        const r = await s.request('participant:team', { team });
        if (r.ok && mine) w.teams[mine] = team;
        return answer(r);
      }
      case 'viewer:attach': return answer(await s.request('viewer:attach', { code, as: 'stage' }));
      case 'sync': return answer(await s.request('sync', {}));
      case 'session:create': return answer(await s.request('session:create', {}));
      case 'host:attach': return answer(await s.request('host:attach', { code, hostKey: secretOf(w, role) }));
    }
    throw new Error(`no attempt for ${row.name}`);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'powerup-authz-'));
    // Authorization, not rate limits, is under test: the per-address budgets are raised (abuse.test.ts checks them).
    server = await startServer(
      { port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', corsOrigins: [] },
      { limits: { createsBurst: 1e6, createsPerSecond: 1e6, failedLookupsBurst: 1e6, failedLookupsPerSecond: 1e6 } },
    );
    other = await newHost();
  });

  afterAll(async () => {
    for (const c of open) c.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('allows exactly the cells of the table, and a refused cell changes nothing', async () => {
    const actual: Record<string, Record<Role, string>> = {};
    for (const row of MATRIX) {
      const w = await world();
      await runSetup(w, row.setup);
      const session = server.registry.get(w.code)!;
      actual[row.name] = {} as Record<Role, string>;
      // Refused cells first (so the allowed ones cannot spoil them), each checked for side effects.
      const order = [...ROLES].sort((a, b) => Number(row.expect[a] === 'ok') - Number(row.expect[b] === 'ok'));
      for (const role of order) {
        const hash = stateHash(session.state);
        const seq = session.seq;
        const got = await attempt(w, row, role);
        actual[row.name][role] = got;
        if (got !== 'ok') {
          expect({ row: row.name, role, seq: session.seq, hash: stateHash(session.state) }).toEqual({ row: row.name, role, seq, hash });
        }
      }
      for (const role of ROLES) if (role !== 'host' && role !== 'otherHost') w.sockets[role].close();
      w.sockets.host.close();
    }
    const table = Object.entries(actual).map(([name, cells]) => `${name.padEnd(48)} ${ROLES.map((r) => cells[r].padEnd(17)).join('')}`);
    console.log(`${''.padEnd(48)} ${ROLES.map((r) => r.padEnd(17)).join('')}\n${table.join('\n')}`);
    expect(actual).toEqual(Object.fromEntries(MATRIX.map((r) => [r.name, r.expect])));
  }, 120_000);

  it('the facilitator of another session sees nothing of this one', async () => {
    const w = await world();
    const r = await other.client.request('sync', {});
    expect(r.ok && (r.view as HostView).state.participants[w.ids.buyer]).toBeFalsy();
    const viaOther = await fetch(`${server.url}/api/sessions/${w.code}/log`, { headers: { authorization: `Bearer ${other.hostKey}` } });
    expect(viaOther.status).toBe(403);
    // and a participant never holds the facilitator's view
    expect((w.sockets.buyer.view as TeamView).kind).toBe('team');
  });
});
