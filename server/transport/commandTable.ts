import type { ZodType } from 'zod';
import type { FastifyBaseLogger } from 'fastify';
import { SessionElsewhere, type SessionRegistry } from '../sessions/registry';
import type { Session, SubmitResult } from '../sessions/session';
import type { EventDraft } from '../../shared/protocol/hostCommandToEvent';
import { hostCommandToEvent } from '../../shared/protocol/hostCommandToEvent';
import { newSecret, hashSecret } from '../sessions/keys';
import { ackError, type AckError } from '../../shared/protocol/ack';
import {
  CreateSessionSchema, HostAttachSchema, HostCommandPayloadSchema, JoinSchema, RejoinSchema, ChooseSchema,
  StorySchema, StoryVoteSchema, TeamChoiceSchema, ViewerAttachSchema, SyncSchema, PredictSchema,
} from '../../shared/protocol/commands';
import { ERROR_CODES, type ClientToServerEvents, type SocketData } from '../../shared/protocol/events';
import { SessionConfigSchema } from '../../shared/schemas/config';
import { defaultDeckV2, parseDeck } from '../../shared/deck/loadDeck';
import type { AbuseGuards } from '../security/abuseGuards';
import { maskWords } from '../security/wordFilter';
import { rooms, type Broadcaster } from './broadcaster';
import { own } from '../../shared/engine/ownRecord';
import { RULE_ERRORS } from '../../shared/engine/errors';
import { affordability, shortText } from '../../shared/engine/affordable';
import { currentCard } from '../../shared/engine/apply';
import type { CohortSource } from '../sessions/cohortSource';

/**
 * The socket protocol as a table: one entry per client event, with the roles that may send it, the zod
 * schema of its payload and its handler, whose answer is the event's typed acknowledgement. The list of
 * known events is the table's keys; socketHandlers.ts runs every entry through one error boundary.
 */
export type EventName = keyof ClientToServerEvents;
export type AckOf<E extends EventName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
export type Role = SocketData['role'];
type MaybePromise<T> = T | Promise<T>;

/** The connection a command came from, as handlers see it (the real socket, or one on another node). */
export type Conn = {
  readonly ip: string;
  readonly data: SocketData;
  /** Gives the connection its role and puts it in the session's rooms. */
  attach(data: SocketData, rooms: string[]): void;
  /** A join of this connection is being stored (a double tap must not make a second participant). */
  joining: boolean;
  /** Work to do right after the acknowledgement went out (e.g. kicking a removed participant's sockets). */
  afterAck(fn: () => void): void;
};

export type CommandDeps = {
  registry: SessionRegistry;
  broadcaster: Broadcaster;
  guards: AbuseGuards;
  cohorts: CohortSource;
  log: Pick<FastifyBaseLogger, 'info' | 'error' | 'debug'>;
};

export type Command<E extends EventName, P> = {
  /** Who may send it; anyone else gets `refuse`'s answer (checked before the payload, unless `payloadFirst`). */
  roles: readonly Role[] | 'any';
  refuse?: AckError;
  schema: ZodType<P>;
  /** A missing payload is read as `{}`. */
  optionalPayload?: boolean;
  payloadFirst?: boolean;
  /** The session the command acts on (several nodes: the one whose owner must run it). */
  target(payload: unknown, data: SocketData): string | undefined;
  handle(conn: Conn, payload: P, deps: CommandDeps): MaybePromise<AckOf<E>>;
};

const command = <E extends EventName, P>(c: Command<E, P>) => c;

const alreadyAttached = ackError(ERROR_CODES.ALREADY_ATTACHED, 'This connection already has a role; reload to join again.');
const internal = () => ackError(ERROR_CODES.INTERNAL, 'Something went wrong on the server; nothing was changed.');
const guessLimited = () => ackError(ERROR_CODES.RATE_LIMITED, 'Too many wrong codes or keys from this network; wait a minute.');
const gone = () => ackError(ERROR_CODES.NO_SUCH_SESSION, 'That session is gone.');

const codeOf = (payload: unknown): string | undefined => {
  const c = (payload as { code?: unknown } | null | undefined)?.code;
  return typeof c === 'string' ? c.trim().toUpperCase() : undefined;
};
const attachedCode = (_: unknown, d: SocketData) => (d.role === 'none' ? undefined : d.code);

export function parsePayload<T>(schema: ZodType<T>, payload: unknown): { ok: true; data: T } | AckError {
  const r = schema.safeParse(payload);
  if (r.success) return { ok: true, data: r.data };
  const issue = r.error.issues[0];
  return ackError(ERROR_CODES.BAD_PAYLOAD, `${issue.path.join('.') || 'payload'}: ${issue.message}`);
}

/** Submits to the session and answers with the stored seq (plus `extra`), or why not. */
const submitted = <T extends object>(session: Session, draft: EventDraft, extra?: T) =>
  new Promise<SubmitResult & Partial<T>>((resolve) => session.submit(draft, (r) => resolve(r.ok && extra ? { ...r, ...extra } : r)));

/**
 * Finds a session by code. An address that has used up its failures gets RATE_LIMITED for every code,
 * right or wrong, so a guess that happens to be right cannot get through either. A session in memory is
 * found in this turn (messages of one socket keep their order and their flags); one in the store is loaded.
 */
function lookup(conn: Conn, deps: CommandDeps, code: string): AckError | Session | Promise<AckError | Session> {
  if (deps.guards.guessingBlocked(conn.ip)) return guessLimited();
  const found = (session: Session | undefined): AckError | Session => {
    if (session) return session;
    deps.guards.failed(conn.ip);
    return ackError(ERROR_CODES.NO_SUCH_SESSION, `No session with code ${code}.`);
  };
  const live = deps.registry.get(code);
  return live ? live : deps.registry.openOwned(code).then(found);
}

/** A synchronous or asynchronous value, continued without a turn when it is already there. */
function then<T, U>(v: T | Promise<T>, f: (t: T) => MaybePromise<U>): MaybePromise<U> {
  return v instanceof Promise ? v.then(f) : f(v);
}

const isError = (v: unknown): v is AckError => typeof v === 'object' && v !== null && (v as AckError).ok === false;

/** Names and stories are masked when the facilitator switched the word filter on. */
const filtered = (session: Session, text: string) => (session.state.config.wordFilter ? maskWords(text) : text);

function attachParticipant(conn: Conn, deps: CommandDeps, session: Session, participantId: string): void {
  const p = session.state.participants[participantId];
  conn.attach({ role: 'participant', code: session.code, participantId }, [rooms.team(session.code, p.team), rooms.participant(session.code, participantId), rooms.all(session.code)]);
  session.presence.connect(participantId);
  deps.broadcaster.presenceChanged(session);
}

/** The attached participant's session (loaded again if it left memory). */
function mySession(conn: Conn, deps: CommandDeps): MaybePromise<AckError | { session: Session; participantId: string }> {
  const d = conn.data;
  if (d.role !== 'participant') return ackError(ERROR_CODES.NOT_PARTICIPANT, 'Join the session first.');
  const wrap = (session: Session | undefined) => (session ? { session, participantId: d.participantId } : gone());
  const live = deps.registry.get(d.code);
  return live ? wrap(live) : deps.registry.openOwned(d.code).then(wrap);
}

/**
 * A vote for an option the team cannot pay (and, for a v2 joint part, the two teams' pooled stocks do not
 * cover either) is refused: it would be played as the wait. The phone marks these with the same rule.
 * Anything else wrong with the vote (phase, team, option) is left to the engine's own answer.
 */
function unaffordable(session: Session, participantId: string, optionId: string): AckError | null {
  const state = session.state;
  const me = own(state.participants, participantId);
  const card = currentCard(state);
  if (state.phase !== 'deciding' || !me || me.removed || !card) return null;
  const option = card.options.find((o) => o.id === optionId);
  if (!option || option.team !== me.team) return null;
  const inventories = { buyer: state.teams.buyer.inventory, provider: state.teams.provider.inventory };
  const a = affordability(inventories, card.options, me.team, option, state.rules === 2);
  if (a.kind !== 'blocked') return null;
  const pooled = a.pooled ? ', and the two teams\u2019 power-ups pooled do not cover it either' : '';
  return ackError(ERROR_CODES.CANNOT_AFFORD, `Your team cannot afford \u201c${option.label}\u201d: it ${shortText(inventories[me.team], option, a.short)}${pooled}. Pick another move.`);
}

const PARTICIPANT: readonly Role[] = ['participant'];
const notParticipant = ackError(ERROR_CODES.NOT_PARTICIPANT, 'Join the session first.');

export const COMMANDS = {
  'session:create': command<'session:create', import('zod').infer<typeof CreateSessionSchema>>({
    roles: 'any',
    schema: CreateSessionSchema,
    optionalPayload: true,
    target: () => undefined,
    handle(conn, p, deps) {
      return (async () => {
        // Every attempt counts (a refused deck too), on the budget every node shares (REDIS_URL).
        if (!(await deps.guards.creates.take(conn.ip))) return ackError(ERROR_CODES.RATE_LIMITED, 'Too many sessions created from this network; wait a few minutes.');
        // New sessions tell the reveal step by step unless the request says otherwise.
        const config = SessionConfigSchema.parse({ narrate: true, ...p.config });
        // New sessions play rules v2 with the v2 deck; an uploaded deck without `rules: 2` plays v1.
        let deck = defaultDeckV2;
        if (p.deck !== undefined) {
          const parsed = parseDeck(p.deck);
          if (!parsed.ok) return { ...ackError(ERROR_CODES.BAD_DECK, parsed.errors[0]), errors: parsed.errors.slice(0, 20) };
          deck = parsed.deck;
        }
        const unknownCard = config.cardIds.find((id) => !deck.cards.some((c) => c.id === id));
        if (unknownCard) return ackError(ERROR_CODES.BAD_PAYLOAD, `config.cardIds: the deck has no card "${unknownCard}".`);
        // An earlier session's host key links this one to it (past cohorts in the debrief, issue 12 item 4).
        const reuse = p.hostKey;
        if (reuse && !(await deps.cohorts.hostKeyKnown(reuse))) {
          deps.guards.failed(conn.ip);
          return ackError(ERROR_CODES.NOT_HOST, 'That host key opens no session on this server; create the session without it.');
        }
        const { code, hostKey, session } = await deps.registry.create(config, deck);
        if (reuse) await deps.cohorts.adoptHostKey(code, reuse, session);
        deps.log.info({ code, ...(reuse ? { linked: true } : {}) }, 'session created');
        return { ok: true as const, code, hostKey: reuse ?? hostKey };
      })();
    },
  }),

  'host:attach': command<'host:attach', import('zod').infer<typeof HostAttachSchema>>({
    roles: ['none', 'host'],
    refuse: alreadyAttached,
    schema: HostAttachSchema,
    target: codeOf,
    handle(conn, p, deps) {
      return then(lookup(conn, deps, p.code), (session) => {
        if (isError(session)) return session;
        if (!deps.registry.isHost(session, p.hostKey)) {
          deps.guards.failed(conn.ip);
          return ackError(ERROR_CODES.NOT_HOST, 'That host key does not open this session.');
        }
        conn.attach({ role: 'host', code: session.code }, [rooms.host(session.code), rooms.all(session.code)]);
        return { ok: true as const, seq: session.seq, view: deps.broadcaster.hostView(session) };
      });
    },
  }),

  'host:command': command<'host:command', import('zod').infer<typeof HostCommandPayloadSchema>>({
    roles: ['host'],
    refuse: ackError(ERROR_CODES.NOT_HOST, 'Only the facilitator (with the host key) can do that.'),
    schema: HostCommandPayloadSchema,
    target: attachedCode,
    async handle(conn, p, deps) {
      const d = conn.data;
      if (d.role !== 'host') return ackError(ERROR_CODES.NOT_HOST, 'Only the facilitator (with the host key) can do that.');
      const session = deps.registry.get(d.code) ?? (await deps.registry.openOwned(d.code));
      if (!session) return gone();
      const c = p.command;
      if (c.type === 'createReplayLink') return { ok: true as const, seq: session.seq, replayToken: await deps.registry.createReplayLink(session, c.shareNamed ?? false) };
      if (c.type === 'revokeReplayLink') {
        await deps.registry.revokeReplayLink(session);
        return { ok: true as const, seq: session.seq };
      }
      const r = await submitted(session, hostCommandToEvent(c)!);
      if (r.ok && c.type === 'remove') conn.afterAck(() => deps.broadcaster.kick(session, c.participantId, c.ban ? 'banned' : 'removed'));
      if (r.ok && c.type === 'move') conn.afterAck(() => deps.broadcaster.moveSockets(session, c.participantId));
      return r;
    },
  }),

  // A join is stored before the connection gets its role: a second join sent meanwhile (a double tap)
  // must not create a second participant.
  'participant:join': command<'participant:join', import('zod').infer<typeof JoinSchema>>({
    roles: ['none'],
    refuse: alreadyAttached,
    schema: JoinSchema,
    target: codeOf,
    handle(conn, p, deps) {
      if (conn.joining) return alreadyAttached;
      return then(lookup(conn, deps, p.code), (session) => {
        if (isError(session)) return session;
        // Loading the session from the store took turns: a join sent meanwhile may be ahead.
        if (conn.data.role !== 'none' || conn.joining) return alreadyAttached;
        // A device the facilitator banned stays out, whatever name it comes back with.
        const previous = p.previousToken;
        if (previous && own(session.state.bannedTokens, hashSecret(previous))) return ackError(ERROR_CODES.BANNED, 'The facilitator removed this device from the session; it cannot join again.');
        const token = newSecret();
        const participantId = `p${session.seq + 1}-${newSecret().slice(0, 6)}`;
        conn.joining = true;
        const stored = new Promise<SubmitResult>((resolve) =>
          session.submit({ type: 'joined', participantId, name: filtered(session, p.name), tokenHash: hashSecret(token), team: p.team }, (r) => {
            if (!r.ok) conn.joining = false; // at once when the engine refuses it in this turn
            resolve(r);
          }),
        );
        return stored.then((r) => {
          if (!r.ok) return r;
          conn.joining = false; // the role is given in this same turn
          attachParticipant(conn, deps, session, participantId);
          const team = session.state.participants[participantId].team;
          return { ok: true as const, seq: r.seq, participantId, token, view: deps.broadcaster.teamView(session, team), me: deps.broadcaster.personalView(session, participantId) };
        });
      });
    },
  }),

  'participant:rejoin': command<'participant:rejoin', import('zod').infer<typeof RejoinSchema>>({
    roles: ['none'],
    refuse: alreadyAttached,
    schema: RejoinSchema,
    target: codeOf,
    handle(conn, p, deps) {
      // A valid token is a 192-bit secret, not a guess: it gets back in even from an address out of guesses,
      // and anything else from such an address is RATE_LIMITED whether the code exists or not.
      const blocked = deps.guards.guessingBlocked(conn.ip);
      const live = deps.registry.get(p.code);
      return then(live ?? deps.registry.openOwned(p.code), (session) => {
        const tokenHash = hashSecret(p.token);
        const participantId = session && session.participantByToken(tokenHash);
        if (!session || !participantId) {
          if (blocked) return guessLimited();
          deps.guards.failed(conn.ip);
          if (!session) return ackError(ERROR_CODES.NO_SUCH_SESSION, `No session with code ${p.code}.`);
          return own(session.state.bannedTokens, tokenHash)
            ? ackError(ERROR_CODES.BANNED, 'The facilitator removed you from this session.')
            : ackError(ERROR_CODES.UNKNOWN_TOKEN, 'This device is not in that session any more; join again.');
        }
        attachParticipant(conn, deps, session, participantId);
        const team = session.state.participants[participantId].team;
        const upToDate = p.lastSeq !== undefined && p.lastSeq === session.seq;
        return { ok: true as const, seq: session.seq, participantId, view: upToDate ? undefined : deps.broadcaster.teamView(session, team), me: deps.broadcaster.personalView(session, participantId) };
      });
    },
  }),

  'participant:choose': command<'participant:choose', import('zod').infer<typeof ChooseSchema>>({
    roles: PARTICIPANT,
    refuse: notParticipant,
    schema: ChooseSchema,
    target: attachedCode,
    handle(conn, p, deps) {
      return then(mySession(conn, deps), (me) => {
        if (isError(me)) return me;
        return unaffordable(me.session, me.participantId, p.optionId) ?? submitted(me.session, { type: 'choiceMade', participantId: me.participantId, optionId: p.optionId });
      });
    },
  }),

  'participant:story': command<'participant:story', import('zod').infer<typeof StorySchema>>({
    roles: PARTICIPANT,
    refuse: notParticipant,
    schema: StorySchema,
    target: attachedCode,
    handle(conn, p, deps) {
      return then(mySession(conn, deps), (me) => {
        if (isError(me)) return me;
        const round = me.session.state.round;
        const existing = round ? own(round.storyByParticipant, me.participantId) : undefined;
        const storyId = existing ?? `s${me.session.seq + 1}`;
        return submitted(me.session, { type: 'storySubmitted', participantId: me.participantId, storyId, text: filtered(me.session, p.text) }, { storyId }) as Promise<AckOf<'participant:story'>>;
      });
    },
  }),

  'participant:storyVote': command<'participant:storyVote', import('zod').infer<typeof StoryVoteSchema>>({
    roles: PARTICIPANT,
    refuse: notParticipant,
    schema: StoryVoteSchema,
    target: attachedCode,
    handle(conn, p, deps) {
      return then(mySession(conn, deps), (me) => (isError(me) ? me : submitted(me.session, { type: 'storyVoted', participantId: me.participantId, storyId: p.storyId })));
    },
  }),

  'participant:team': command<'participant:team', import('zod').infer<typeof TeamChoiceSchema>>({
    roles: PARTICIPANT,
    refuse: notParticipant,
    schema: TeamChoiceSchema,
    target: attachedCode,
    handle(conn, p, deps) {
      return then(mySession(conn, deps), (me) => {
        if (isError(me)) return me;
        // Answered like the facilitator's move, and nothing is appended to the log.
        if (own(me.session.state.participants, me.participantId)?.team === p.team) return ackError('SAME_TEAM', RULE_ERRORS.SAME_TEAM);
        return submitted(me.session, { type: 'teamChosen', participantId: me.participantId, team: p.team }).then((r) => {
          if (r.ok) conn.afterAck(() => deps.broadcaster.moveSockets(me.session, me.participantId));
          return r;
        });
      });
    },
  }),

  // Rules v2: a prediction tap between the end of the vote and the reveal (shared/engine/v2/predictions.ts).
  'participant:predict': command<'participant:predict', import('zod').infer<typeof PredictSchema>>({
    roles: PARTICIPANT,
    refuse: notParticipant,
    schema: PredictSchema,
    target: attachedCode,
    handle(conn, p, deps) {
      return then(mySession(conn, deps), (me) => (isError(me) ? me : submitted(me.session, { type: 'predicted', participantId: me.participantId, team: p.team, question: p.question, expect: p.expect })));
    },
  }),

  'viewer:attach': command<'viewer:attach', import('zod').infer<typeof ViewerAttachSchema>>({
    roles: ['none', 'stage'],
    refuse: alreadyAttached,
    schema: ViewerAttachSchema,
    target: codeOf,
    handle(conn, p, deps) {
      return then(lookup(conn, deps, p.code), (session) => {
        if (isError(session)) return session;
        conn.attach({ role: 'stage', code: session.code }, [rooms.stage(session.code), rooms.all(session.code)]);
        return { ok: true as const, seq: session.seq, view: deps.broadcaster.stageView(session) };
      });
    },
  }),

  sync: command<'sync', import('zod').infer<typeof SyncSchema>>({
    roles: ['host', 'stage', 'participant'],
    refuse: ackError(ERROR_CODES.NOT_ATTACHED, 'Attach to a session first.'),
    schema: SyncSchema,
    optionalPayload: true,
    payloadFirst: true,
    target: attachedCode,
    handle(conn, p, deps) {
      const d = conn.data;
      if (d.role === 'none' || d.role === 'replay') return ackError(ERROR_CODES.NOT_ATTACHED, 'Attach to a session first.');
      return then(deps.registry.get(d.code) ?? deps.registry.openOwned(d.code), (session): AckOf<'sync'> => {
        if (!session) return gone();
        const b = deps.broadcaster;
        if (p.lastSeq === session.seq) return { ok: true, seq: session.seq };
        if (d.role === 'host') return { ok: true, seq: session.seq, view: b.hostView(session) };
        if (d.role === 'stage') return { ok: true, seq: session.seq, view: b.stageView(session) };
        const team = session.state.participants[d.participantId].team;
        return { ok: true, seq: session.seq, view: b.teamView(session, team), me: b.personalView(session, d.participantId) };
      });
    },
  }),
} satisfies { [E in EventName]: Command<E, any> };

/** Every event a client may send: the table's keys (anything else is UNKNOWN_EVENT). */
export const KNOWN_EVENTS: ReadonlySet<string> = new Set(Object.keys(COMMANDS));

/**
 * Runs one command through the one error boundary: the role, the payload, the handler. Whatever the
 * handler does — answers at once, answers later, throws, rejects — `reply` is called exactly once, and
 * neither a throwing handler nor a throwing `reply` (the client's ack callback) escapes.
 */
export function runCommand<E extends EventName>(
  event: E,
  conn: Conn,
  payload: unknown,
  deps: CommandDeps,
  reply: (ack: AckOf<E> | AckError) => void,
  /** Several nodes: the session is owned by another node; run it there (by default: a retryable refusal). */
  elsewhere?: (err: SessionElsewhere) => void,
): void {
  const entry = COMMANDS[event] as unknown as Command<E, unknown>;
  let sent = false;
  const after: (() => void)[] = [];
  const safe = (f: () => void, what: string) => {
    try {
      f();
    } catch (err) {
      try {
        deps.log.error({ event, err: (err as Error)?.message, stack: (err as Error)?.stack }, what);
      } catch {
        /* the logger itself failed */
      }
    }
  };
  const answer = (ack: AckOf<E> | AckError) => {
    if (sent) return;
    sent = true;
    safe(() => reply(ack), 'acknowledgement callback failed');
    for (const f of after) safe(f, 'work after an acknowledgement failed');
  };
  const failed = (err: unknown) => {
    if (err instanceof SessionElsewhere && !sent) {
      if (elsewhere) {
        sent = true;
        return safe(() => elsewhere(err), 'forwarding failed');
      }
      return answer(ackError(ERROR_CODES.SESSION_MOVED, 'This session is moving between servers; try again in a moment.'));
    }
    safe(() => deps.log.error({ event, err: (err as Error)?.message, stack: (err as Error)?.stack }, 'handler failed'), 'logging failed');
    answer(internal());
  };
  const scoped: Conn = {
    get ip() {
      return conn.ip;
    },
    get data() {
      return conn.data;
    },
    attach: (d, r) => conn.attach(d, r),
    get joining() {
      return conn.joining;
    },
    set joining(v) {
      conn.joining = v;
    },
    afterAck: (f) => (sent ? safe(f, 'work after an acknowledgement failed') : after.push(f)),
  };
  try {
    const roleOk = entry.roles === 'any' || entry.roles.includes(conn.data.role);
    if (!roleOk && !entry.payloadFirst) return answer(entry.refuse ?? internal());
    const p = parsePayload(entry.schema, entry.optionalPayload ? (payload ?? {}) : payload);
    if (!p.ok) return answer(p);
    if (!roleOk) return answer(entry.refuse ?? internal());
    const out = entry.handle(scoped, p.data, deps);
    if (out instanceof Promise) out.then(answer, failed);
    else answer(out);
  } catch (err) {
    failed(err);
  }
}
