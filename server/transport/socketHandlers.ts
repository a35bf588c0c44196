import type { Server, Socket } from 'socket.io';
import type { FastifyBaseLogger } from 'fastify';
import type { ZodType } from 'zod';
import type { SessionRegistry } from '../sessions/registry';
import type { Session, SubmitResult } from '../sessions/session';
import { hostCommandToEvent, type EventDraft } from '../../shared/protocol/hostCommandToEvent';
import { newSecret, hashSecret } from '../sessions/keys';
import { ackError, type AckError } from '../../shared/protocol/ack';
import {
  CreateSessionSchema, HostAttachSchema, HostCommandPayloadSchema, JoinSchema, RejoinSchema, ChooseSchema,
  StorySchema, StoryVoteSchema, TeamChoiceSchema, ViewerAttachSchema, SyncSchema, type HostCommand,
} from '../../shared/protocol/commands';
import { ERROR_CODES, type ClientToServerEvents, type ServerToClientEvents, type SocketData } from '../../shared/protocol/events';
import { SessionConfigSchema } from '../../shared/schemas/config';
import { defaultDeckV2, parseDeck } from '../../shared/deck/loadDeck';
import { TokenBucket } from './rateLimit';
import type { AbuseGuards } from '../security/abuseGuards';
import { maskWords } from '../security/wordFilter';
import { Broadcaster, rooms } from './broadcaster';
import { cohortSource } from '../sessions/cohortSource';
import { own } from '../../shared/engine/ownRecord';
import { RULE_ERRORS } from '../../shared/engine/errors';

type IO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type S = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type Reply = (r: any) => void;

const KNOWN_EVENTS = new Set<string>([
  'session:create', 'host:attach', 'host:command', 'participant:join', 'participant:rejoin', 'participant:choose',
  'participant:story', 'participant:storyVote', 'participant:team', 'viewer:attach', 'sync',
]);

function parse<T>(schema: ZodType<T>, payload: unknown): { ok: true; data: T } | AckError {
  const r = schema.safeParse(payload);
  if (r.success) return { ok: true, data: r.data };
  const issue = r.error.issues[0];
  return ackError(ERROR_CODES.BAD_PAYLOAD, `${issue.path.join('.') || 'payload'}: ${issue.message}`);
}

export function registerSocketHandlers(io: IO, registry: SessionRegistry, log: FastifyBaseLogger, guards: AbuseGuards): Broadcaster {
  const broadcaster = new Broadcaster(io, registry);
  registry.listener = broadcaster;
  const { limits, creates } = guards;
  const now = () => registry.clock.now();
  const cohorts = cohortSource(registry);

  io.on('connection', (socket: S) => {
    const ip = socket.handshake.address;
    const bucket = new TokenBucket(limits.socketBurst, limits.socketPerSecond);
    let drops = 0;
    let unknown = 0;
    socket.data = { role: 'none' };

    // What each message weighs on the wire: engine.io hands over the raw packet (its text or binary
    // attachments) just before socket.io decodes it and runs the middleware below, synchronously.
    let bytesOnWire = 0;
    socket.conn.on('packet', (packet) => {
      if (packet.type !== 'message') return;
      const d = packet.data;
      bytesOnWire += typeof d === 'string' ? d.length : (d as { byteLength?: number } | undefined)?.byteLength ?? 0;
    });

    /** Refused messages count against the socket, by cost: one that keeps pushing is disconnected. */
    const refuse = (cost: number) => {
      drops += cost;
      if (drops >= limits.socketDropsBeforeDisconnect) {
        log.info({ ip }, 'socket disconnected: too many refused messages');
        socket.disconnect(true);
      }
    };

    // Every inbound message passes here first, known or not: the rate limit (by size), then unknown
    // events are logged and refused.
    socket.use(([event, ...args], next) => {
      const ack = args[args.length - 1];
      const reply = (r: AckError) => {
        if (typeof ack === 'function') ack(r);
      };
      const cost = Math.min(limits.socketBurst, 1 + Math.floor(bytesOnWire / limits.socketBytesPerToken));
      bytesOnWire = 0;
      const known = typeof event === 'string' && KNOWN_EVENTS.has(event);
      if (!known && ++unknown >= limits.unknownEventsBeforeDisconnect) {
        log.info({ ip }, 'socket disconnected: unknown events');
        socket.disconnect(true);
        return;
      }
      if (!bucket.take(Date.now(), cost)) {
        refuse(cost);
        return reply(ackError(ERROR_CODES.RATE_LIMITED, 'Too many messages: slow down a little.'));
      }
      if (!known) {
        // Only protocol-shaped names are logged: an event name is client text and could carry a secret.
        const name = typeof event === 'string' && /^[a-z]+:[a-zA-Z]{1,30}$/.test(event) ? event : '(not shown)';
        log.debug({ event: name }, 'unknown socket event ignored');
        return reply(ackError(ERROR_CODES.UNKNOWN_EVENT, `Unknown event "${String(event).slice(0, 40)}".`));
      }
      next();
    });

    /**
     * Wraps a handler: the ack is the last argument when it is a function (a payload may be missing or
     * followed by junk), a missing ack is tolerated, and nothing a client sends can throw out of here.
     */
    const on = (event: keyof ClientToServerEvents, handler: (payload: unknown, reply: Reply) => void | Promise<void>) => {
      socket.on(event as any, (...args: unknown[]) => {
        const ack = args[args.length - 1];
        const hasAck = typeof ack === 'function';
        const payload = hasAck && args.length === 1 ? undefined : args[0];
        const reply: Reply = hasAck ? (ack as Reply) : () => {};
        const failed = (err: unknown) => {
          log.error({ event, err: (err as Error).message }, 'handler failed');
          reply(ackError(ERROR_CODES.INTERNAL, 'Something went wrong on the server; nothing was changed.'));
        };
        try {
          const done = handler(payload, reply);
          if (done) done.catch(failed);
        } catch (err) {
          failed(err);
        }
      });
    };

    const guessLimited = () => ackError(ERROR_CODES.RATE_LIMITED, 'Too many wrong codes or keys from this network; wait a minute.');

    /**
     * Finds a session by code. An address that has used up its failures gets RATE_LIMITED for every code,
     * right or wrong, so a guess that happens to be right cannot get through either.
     */
    const lookup = (code: string, reply: Reply): Session | undefined | Promise<Session | undefined> => {
      if (guards.guessingBlocked(ip)) {
        reply(guessLimited());
        return undefined;
      }
      const found = (session: Session | undefined) => {
        if (!session) {
          guards.failed(ip);
          reply(ackError(ERROR_CODES.NO_SUCH_SESSION, `No session with code ${code}.`));
        }
        return session;
      };
      // In memory: answered in this turn (messages of one socket keep their order and their flags).
      const live = registry.get(code);
      return live ? live : registry.open(code).then(found);
    };

    /** One role per connection: attaching again as something else needs a new connection. */
    const attachedElsewhere = (allowed: SocketData['role'], reply: Reply): boolean => {
      const role = socket.data.role;
      if (role === 'none' || role === allowed) return false;
      reply(ackError(ERROR_CODES.ALREADY_ATTACHED, 'This connection already has a role; reload to join again.'));
      return true;
    };

    /** Names and stories are masked when the facilitator switched the word filter on. */
    const filtered = (session: Session, text: string) => (session.state.config.wordFilter ? maskWords(text) : text);

    const submit = (session: Session, draft: EventDraft, reply: Reply, extra: object = {}) =>
      session.submit(draft, (r: SubmitResult) => reply(r.ok ? { ...r, ...extra } : r));

    const attachParticipant = (session: Session, participantId: string) => {
      const p = session.state.participants[participantId];
      socket.data = { role: 'participant', code: session.code, participantId };
      void socket.join([rooms.team(session.code, p.team), rooms.participant(session.code, participantId), rooms.all(session.code)]);
      session.presence.connect(participantId);
      broadcaster.presenceChanged(session);
    };

    on('session:create', async (payload, reply) => {
      if (!creates.take(ip)) return reply(ackError(ERROR_CODES.RATE_LIMITED, 'Too many sessions created from this network; wait a few minutes.'));
      const p = parse(CreateSessionSchema, payload ?? {});
      if (!p.ok) return reply(p);
      const config = SessionConfigSchema.parse(p.data.config ?? {});
      // New sessions play rules v2 with the v2 deck; an uploaded deck without `rules: 2` plays v1.
      let deck = defaultDeckV2;
      if (p.data.deck !== undefined) {
        const parsed = parseDeck(p.data.deck);
        if (!parsed.ok) return reply({ ...ackError(ERROR_CODES.BAD_DECK, parsed.errors[0]), errors: parsed.errors.slice(0, 20) });
        deck = parsed.deck;
      }
      const unknownCard = config.cardIds.find((id) => !deck.cards.some((c) => c.id === id));
      if (unknownCard) return reply(ackError(ERROR_CODES.BAD_PAYLOAD, `config.cardIds: the deck has no card "${unknownCard}".`));
      // An earlier session's host key links this one to it (past cohorts in the debrief, issue 12 item 4).
      const reuse = p.data.hostKey;
      if (!reuse) {
        const { code, hostKey } = await registry.create(config, deck);
        log.info({ code }, 'session created');
        return reply({ ok: true, code, hostKey });
      }
      void (async () => {
        if (!(await cohorts.hostKeyKnown(reuse))) {
          guards.failed(ip);
          return reply(ackError(ERROR_CODES.NOT_HOST, 'That host key opens no session on this server; create the session without it.'));
        }
        const { code, session } = await registry.create(config, deck);
        await cohorts.adoptHostKey(code, reuse, session);
        log.info({ code, linked: true }, 'session created');
        reply({ ok: true, code, hostKey: reuse });
      })().catch((err) => {
        log.error({ err: (err as Error).message }, 'session:create failed');
        reply(ackError(ERROR_CODES.INTERNAL, 'Something went wrong on the server; nothing was changed.'));
      });
    });

    on('host:attach', async (payload, reply) => {
      if (attachedElsewhere('host', reply)) return;
      const p = parse(HostAttachSchema, payload);
      if (!p.ok) return reply(p);
      const session = await lookup(p.data.code, reply);
      if (!session) return;
      if (!registry.isHost(session, p.data.hostKey)) {
        guards.failed(ip);
        return reply(ackError(ERROR_CODES.NOT_HOST, 'That host key does not open this session.'));
      }
      socket.data = { role: 'host', code: session.code };
      void socket.join([rooms.host(session.code), rooms.all(session.code)]);
      reply({ ok: true, seq: session.seq, view: broadcaster.hostView(session) });
    });

    on('host:command', async (payload, reply) => {
      const d = socket.data;
      if (d.role !== 'host') return reply(ackError(ERROR_CODES.NOT_HOST, 'Only the facilitator (with the host key) can do that.'));
      const p = parse(HostCommandPayloadSchema, payload);
      if (!p.ok) return reply(p);
      const session = await registry.open(d.code);
      if (!session) return reply(ackError(ERROR_CODES.NO_SUCH_SESSION, 'That session is gone.'));
      const c = p.data.command;
      if (c.type === 'createReplayLink') return reply({ ok: true, seq: session.seq, replayToken: await registry.createReplayLink(session) });
      if (c.type === 'revokeReplayLink') {
        await registry.revokeReplayLink(session);
        return reply({ ok: true, seq: session.seq });
      }
      const draft = hostCommandToEvent(c)!;
      submit(session, draft, (r) => {
        reply(r);
        if (r.ok && c.type === 'remove') broadcaster.kick(session, c.participantId, c.ban ? 'banned' : 'removed');
        if (r.ok && c.type === 'move') broadcaster.moveSockets(session, c.participantId);
      });
    });

    // A join is stored before the connection gets its role: a second join sent meanwhile (a double tap)
    // must not create a second participant.
    let joining = false;
    on('participant:join', async (payload, reply) => {
      if (socket.data.role !== 'none' || joining) return reply(ackError(ERROR_CODES.ALREADY_ATTACHED, 'This connection already has a role; reload to join again.'));
      const p = parse(JoinSchema, payload);
      if (!p.ok) return reply(p);
      const found = lookup(p.data.code, reply);
      const session = found instanceof Promise ? await found : found;
      if (!session) return;
      // Loading the session from the store took turns: a join sent meanwhile (a double tap) may be ahead.
      if (socket.data.role !== 'none' || joining) return reply(ackError(ERROR_CODES.ALREADY_ATTACHED, 'This connection already has a role; reload to join again.'));
      // A device the facilitator banned stays out, whatever name it comes back with.
      const previous = p.data.previousToken;
      if (previous && own(session.state.bannedTokens, hashSecret(previous))) return reply(ackError(ERROR_CODES.BANNED, 'The facilitator removed this device from the session; it cannot join again.'));
      joining = true;
      const token = newSecret();
      const participantId = `p${session.seq + 1}-${newSecret().slice(0, 6)}`;
      submit(session, { type: 'joined', participantId, name: filtered(session, p.data.name), tokenHash: hashSecret(token), team: p.data.team }, (r) => {
        joining = false;
        if (!r.ok) return reply(r);
        attachParticipant(session, participantId);
        reply({ ok: true, seq: r.seq, participantId, token, view: broadcaster.teamView(session, session.state.participants[participantId].team), me: broadcaster.personalView(session, participantId) });
      });
    });

    on('participant:rejoin', async (payload, reply) => {
      if (socket.data.role !== 'none') return reply(ackError(ERROR_CODES.ALREADY_ATTACHED, 'This connection already has a role; reload to join again.'));
      const p = parse(RejoinSchema, payload);
      if (!p.ok) return reply(p);
      // A valid token is a 192-bit secret, not a guess: it gets back in even from an address out of guesses,
      // and anything else from such an address is RATE_LIMITED whether the code exists or not.
      const blocked = guards.guessingBlocked(ip);
      const session = blocked ? registry.get(p.data.code) ?? (await registry.open(p.data.code)) : await registry.open(p.data.code);
      const tokenHash = hashSecret(p.data.token);
      const participantId = session && session.participantByToken(tokenHash);
      if (!session || !participantId) {
        if (blocked) return reply(guessLimited());
        guards.failed(ip);
        if (!session) return reply(ackError(ERROR_CODES.NO_SUCH_SESSION, `No session with code ${p.data.code}.`));
        const banned = own(session.state.bannedTokens, tokenHash);
        return reply(banned
          ? ackError(ERROR_CODES.BANNED, 'The facilitator removed you from this session.')
          : ackError(ERROR_CODES.UNKNOWN_TOKEN, 'This device is not in that session any more; join again.'));
      }
      attachParticipant(session, participantId);
      const team = session.state.participants[participantId].team;
      const upToDate = p.data.lastSeq !== undefined && p.data.lastSeq === session.seq;
      reply({ ok: true, seq: session.seq, participantId, view: upToDate ? undefined : broadcaster.teamView(session, team), me: broadcaster.personalView(session, participantId) });
    });

    const asParticipant = async (reply: Reply): Promise<{ session: Session; participantId: string } | undefined> => {
      const d = socket.data;
      if (d.role !== 'participant') {
        reply(ackError(ERROR_CODES.NOT_PARTICIPANT, 'Join the session first.'));
        return undefined;
      }
      const session = await registry.open(d.code);
      if (!session) {
        reply(ackError(ERROR_CODES.NO_SUCH_SESSION, 'That session is gone.'));
        return undefined;
      }
      return { session, participantId: d.participantId };
    };

    on('participant:choose', async (payload, reply) => {
      const me = await asParticipant(reply);
      if (!me) return;
      const p = parse(ChooseSchema, payload);
      if (!p.ok) return reply(p);
      submit(me.session, { type: 'choiceMade', participantId: me.participantId, optionId: p.data.optionId }, reply);
    });

    on('participant:story', async (payload, reply) => {
      const me = await asParticipant(reply);
      if (!me) return;
      const p = parse(StorySchema, payload);
      if (!p.ok) return reply(p);
      const round = me.session.state.round;
      const existing = round ? own(round.storyByParticipant, me.participantId) : undefined;
      const storyId = existing ?? `s${me.session.seq + 1}`;
      submit(me.session, { type: 'storySubmitted', participantId: me.participantId, storyId, text: filtered(me.session, p.data.text) }, reply, { storyId });
    });

    on('participant:storyVote', async (payload, reply) => {
      const me = await asParticipant(reply);
      if (!me) return;
      const p = parse(StoryVoteSchema, payload);
      if (!p.ok) return reply(p);
      submit(me.session, { type: 'storyVoted', participantId: me.participantId, storyId: p.data.storyId }, reply);
    });

    on('participant:team', async (payload, reply) => {
      const me = await asParticipant(reply);
      if (!me) return;
      const p = parse(TeamChoiceSchema, payload);
      if (!p.ok) return reply(p);
      // Answered like the facilitator's move, and nothing is appended to the log.
      if (own(me.session.state.participants, me.participantId)?.team === p.data.team)
        return reply(ackError('SAME_TEAM', RULE_ERRORS.SAME_TEAM));
      submit(me.session, { type: 'teamChosen', participantId: me.participantId, team: p.data.team }, (r) => {
        reply(r);
        if (r.ok) broadcaster.moveSockets(me.session, me.participantId);
      });
    });

    on('viewer:attach', async (payload, reply) => {
      if (attachedElsewhere('stage', reply)) return;
      const p = parse(ViewerAttachSchema, payload);
      if (!p.ok) return reply(p);
      const session = await lookup(p.data.code, reply);
      if (!session) return;
      socket.data = { role: 'stage', code: session.code };
      void socket.join([rooms.stage(session.code), rooms.all(session.code)]);
      reply({ ok: true, seq: session.seq, view: broadcaster.stageView(session) });
    });

    on('sync', async (payload, reply) => {
      const p = parse(SyncSchema, payload ?? {});
      if (!p.ok) return reply(p);
      const d = socket.data;
      if (d.role === 'none' || d.role === 'replay') return reply(ackError(ERROR_CODES.NOT_ATTACHED, 'Attach to a session first.'));
      const session = await registry.open(d.code);
      if (!session) return reply(ackError(ERROR_CODES.NO_SUCH_SESSION, 'That session is gone.'));
      if (p.data.lastSeq === session.seq) return reply({ ok: true, seq: session.seq });
      if (d.role === 'host') return reply({ ok: true, seq: session.seq, view: broadcaster.hostView(session) });
      if (d.role === 'stage') return reply({ ok: true, seq: session.seq, view: broadcaster.stageView(session) });
      const team = session.state.participants[d.participantId].team;
      reply({ ok: true, seq: session.seq, view: broadcaster.teamView(session, team), me: broadcaster.personalView(session, d.participantId) });
    });

    socket.on('disconnect', () => {
      const d = socket.data;
      if (d.role !== 'participant') return;
      const session = registry.get(d.code);
      if (!session) return;
      session.presence.disconnect(d.participantId, now());
      broadcaster.presenceChanged(session);
    });
  });
  return broadcaster;
}
