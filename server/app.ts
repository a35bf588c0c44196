import Fastify, { LogController, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { Server as IOServer } from 'socket.io';
import { existsSync, mkdirSync, accessSync, constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Settings } from './settings';
import { VERSION } from './version';
import { lanUrls } from './lanUrls';
import { registerSocketHandlers } from './transport/socketHandlers';
import { LIMITS, type Limits } from './transport/rateLimit';
import { AbuseGuards } from './security/abuseGuards';
import { RedisBuckets } from './security/sharedBuckets';
import { registerSecurityHeaders } from './security/httpHeaders';
import { registerCors, originPolicy, socketOriginMiddleware } from './security/origins';
import { limitConnectionsPerAddress } from './security/connectionLimit';
import { registerErrorHandler } from './security/errorHandler';
import { registerHttpGuards } from './security/httpGuards';
import { LoopMonitor } from './loopMonitor';
import { SessionRegistry } from './sessions/registry';
import os from 'node:os';
import { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Ownership } from './cluster/ownership';
import { ClusterRegistry } from './cluster/clusterRegistry';
import { Forwarder } from './cluster/forwarder';
import { createSystemClock, type Clock } from './sessions/clock';
import { openStores } from './store/openStores';
import type { Store } from './store/store';
import type { StoreOptions } from './store/sqliteStore';
import type { DeckStore } from './store/deckStore';
import { registerReplayRoutes } from './http/replayRoutes';
import { registerCohortRoutes } from './http/cohortRoutes';
import { registerWelcomeRoute } from './http/welcomeRoute';
import { registerDeckRoutes } from './http/deckRoutes';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '../shared/protocol/events';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CLIENT_DIST = path.resolve(here, '../dist/client');

export type RunningServer = {
  url: string;
  port: number;
  app: FastifyInstance;
  io: IOServer<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  registry: SessionRegistry;
  /** Saved decks (the deck studio). */
  decks: DeckStore;
  /** The per-address abuse limits (tests read whether an address is blocked). */
  guards: AbuseGuards;
  close(): Promise<void>;
};

/** Refuses to start with a clear message when DATA_DIR cannot be created or written. */
function prepareDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, fsConstants.W_OK);
  } catch (err) {
    throw new Error(`DATA_DIR ${dir} is not writable: ${(err as Error).message}`);
  }
}

/** Only for tests and benchmarks, never read from the environment: e.g. the fuzz run raises the per-socket rate. */
export type ServerOptions = {
  limits?: Partial<Limits>;
  /** A short idle time for ended sessions. */
  registry?: { endedIdleMs?: number; sweepMs?: number; narrationPace?: number };
  /** SQLite store options (e.g. a database that takes no writes from the start). */
  sqlite?: StoreOptions;
  /** The store and the clock, when a test brings its own (by default: from the settings, and real time). */
  store?: { store: Store; decks: DeckStore };
  clock?: Clock;
};

// Secrets travel in socket payloads, Authorization headers and URL fragments: none may reach a log line.
const REDACT = ['hostKey', 'token', 'replayToken', 'tokenHash', 'authorization', 'editKey'].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export async function startServer(settings: Settings, options: ServerOptions = {}): Promise<RunningServer> {
  prepareDataDir(settings.dataDir);
  const limits: Limits = {
    ...LIMITS,
    ...(settings.maxConnectionsPerAddress !== undefined ? { connectionsPerAddress: settings.maxConnectionsPerAddress } : {}),
    ...options.limits,
  };
  const app = Fastify({
    logger: {
      level: settings.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', ...REDACT],
    },
    bodyLimit: limits.httpBodyBytes,
    // A request (headers and body) must arrive within this time: a dribbled body is cut off with 408.
    // Node only enforces it when given to the server's constructor (`http`), and checks every
    // `connectionsCheckingInterval`, whose default (30 s) would add up to 30 s to the limit.
    requestTimeout: limits.httpRequestTimeoutMs,
    http: {
      requestTimeout: limits.httpRequestTimeoutMs,
      headersTimeout: Math.min(60_000, limits.httpRequestTimeoutMs),
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(limits.httpRequestTimeoutMs / 10))),
    },
    logController: new LogController({ disableRequestLogging: true }),
  });
  // Every error answer, fastify's own included (413, 415, bad JSON…), is { ok: false, code, message }.
  registerErrorHandler(app);

  // The composition root: the store (SQLite in DATA_DIR, or Postgres with DATABASE_URL) and the clock are
  // made here and handed in; nothing below reaches for a database handle or a global timer.
  const clock = options.clock ?? createSystemClock((err) => app.log.error({ err: (err as Error)?.message, stack: (err as Error)?.stack }, 'timer callback failed'));
  const { store, decks } = options.store ?? (await openStores(settings, options.sqlite, app.log));
  // Several nodes (REDIS_URL): a lease per running session in Redis, commands forwarded to its owner,
  // fan-out through socket.io's Redis streams adapter (docs/deploy.md).
  let cluster: { redis: Redis; sub: Redis; registry: ClusterRegistry; forwarder: Forwarder; buckets: RedisBuckets } | undefined;
  let registry: SessionRegistry;
  if (settings.redisUrl) {
    const nodeId = settings.nodeId ?? `${os.hostname()}-${process.pid}`;
    const redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
    redis.on('error', (err) => app.log.warn({ err: err.message }, 'redis'));
    const sub = redis.duplicate();
    sub.on('error', () => {});
    const ownership = new Ownership(redis, nodeId, settings.leaseMs ?? 3000, clock, app.log);
    const clustered = new ClusterRegistry({ store, clock, log: app.log, ...options.registry }, ownership);
    const forwarder = new Forwarder(redis, sub, nodeId, { request: async () => ({ ack: undefined, effects: {} }), left: () => {} }, app.log);
    // The per-address abuse budgets are one across the nodes (docs/deploy.md, "Abuse limits on several nodes").
    const buckets = new RedisBuckets(redis);
    await buckets.start();
    cluster = { redis, sub, registry: clustered, forwarder, buckets };
    registry = clustered;
    app.log.info({ nodeId }, 'several nodes: this one joins through Redis');
  } else {
    registry = new SessionRegistry({ store, clock, log: app.log, ...options.registry });
  }
  const recovered = cluster ? 0 : await registry.recover();
  if (recovered) app.log.info({ recovered }, 'running sessions recovered from the log');
  const guards = new AbuseGuards(limits, cluster?.buckets);
  const loop = new LoopMonitor();
  registerSecurityHeaders(app);
  const origins = originPolicy({ allowList: settings.corsOrigins, publicUrl: settings.publicUrl, host: settings.host });
  registerCors(app, origins);
  registerHttpGuards(app, guards);
  registerReplayRoutes(app, registry);
  // Past cohorts for the debrief: the facilitator's other sessions of the same deck (issue 12 item 4).
  registerCohortRoutes(app, registry);
  // Saved decks (the deck studio, /studio): same database (SQLite file or Postgres), their own table.
  registerDeckRoutes(app, decks, guards);
  // The join page's welcome: the workshop title before joining (issue 15 item 18).
  registerWelcomeRoute(app, registry, guards);

  // ?stats=1 adds memory, event-loop delay and counts (no codes, no secrets): what `npm run soak` samples.
  // `storage` says whether a new session can be stored now (a write probe); when not, the answer is 503.
  app.get<{ Querystring: { stats?: string } }>('/healthz', async (req, reply) => {
    const storage = await registry.storageHealth();
    const body = { ok: storage.ok, version: VERSION, storage: storage.ok ? 'ok' : storage.message };
    if (!storage.ok) reply.code(503);
    if (req.query.stats !== '1') return body;
    const sessions = [...registry.all()].length;
    return { ...body, stats: loop.stats({ sessions, sockets: io.engine.clientsCount }) };
  });

  // Where phones should go: PUBLIC_URL behind a proxy, else this machine's LAN addresses (a facilitator
  // who opened http://localhost must not hand out a localhost link or QR code).
  let listeningPort = settings.port;
  app.get('/api/info', async () => ({
    ok: true,
    version: VERSION,
    publicUrl: settings.publicUrl ?? null,
    lanUrls: lanUrls(settings.host, listeningPort).filter((u) => !/\/\/(localhost|127\.)/.test(u)),
  }));

  const hasClient = existsSync(path.join(CLIENT_DIST, 'index.html'));
  if (hasClient) await app.register(fastifyStatic, { root: CLIENT_DIST, index: ['index.html'] });
  else app.log.warn(`No client build at ${CLIENT_DIST}: run "npm run build" (npm start does it for you).`);
  // Client-side routes (/join, /host, /stage …) all load the single page; anything else is a JSON 404.
  app.setNotFoundHandler((req, reply) => {
    if (hasClient && (req.method === 'GET' || req.method === 'HEAD') && !req.url.startsWith('/api/') && !req.url.startsWith('/socket.io')) {
      return reply.sendFile('index.html');
    }
    return reply.code(404).send({ ok: false, code: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}` });
  });

  await app.listen({ port: settings.port, host: settings.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  listeningPort = port;

  const io = new IOServer<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(app.server, {
    maxHttpBufferSize: limits.maxMessageBytes,
    // No connection-state recovery: it buffers every broadcast (views of the whole room) for each
    // disconnected socket, which grew memory in the soak. Rejoin with a token and seq is the guarantee.
    cors: settings.corsOrigins.length ? { origin: [...settings.corsOrigins] } : undefined,
    serveClient: false,
  });
  io.engine.use(socketOriginMiddleware(origins));
  limitConnectionsPerAddress(io, limits.connectionsPerAddress, app.log);
  if (cluster) {
    // Streams, not pub/sub: a node that loses Redis for a moment reads on from where it was, so views
    // and presence are not silently dropped (docs/deploy.md says why this adapter).
    io.adapter(createAdapter(cluster.redis, { streamName: 'powerup:io', maxLen: 5000, heartbeatInterval: 1000, heartbeatTimeout: 3000 }) as never);
    registerSocketHandlers(io, registry, app.log, guards, { registry: cluster.registry, forwarder: cluster.forwarder });
    await cluster.forwarder.start();
    // Only now take over sessions nobody owns: commands for them can reach this node.
    const taken = await cluster.registry.recover();
    if (taken) app.log.info({ taken }, 'running sessions taken over');
  } else registerSocketHandlers(io, registry, app.log, guards);

  const hostForUrl = settings.host === '0.0.0.0' || settings.host === '::' ? '127.0.0.1' : settings.host;
  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    app,
    io,
    registry,
    decks,
    guards,
    async close() {
      loop.stop();
      io.close();
      await app.close();
      await registry.close();
      if (cluster) {
        await cluster.forwarder.close();
        await cluster.buckets.close();
        cluster.sub.disconnect();
        await cluster.redis.quit().catch(() => {});
      }
    },
  };
}
