import { z } from 'zod';
import path from 'node:path';

/** Every environment variable the server reads, with its default. The README's table mirrors this. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: z.string().url().optional(),
  CORS_ORIGINS: z.string().default(''),
  /** Concurrent sockets per address (a whole room may share one NAT address); 0 switches the limit off. */
  MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(0).optional(),
  /** PostgreSQL instead of the embedded SQLite file: postgres://user:password@host:5432/db */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  /** Several nodes: fan-out and session ownership through Redis (needs DATABASE_URL). redis://host:6379 */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  /** This node's name among several (default: host name and pid). */
  NODE_ID: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).optional(),
  /** How long a node's ownership of a session lasts without renewal (takeover time after a crash). */
  LEASE_MS: z.coerce.number().int().min(500).max(60_000).default(3000),
});

export type Settings = {
  port: number;
  host: string;
  dataDir: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  publicUrl?: string;
  corsOrigins: string[];
  /** Default LIMITS.connectionsPerAddress (600); 0: no limit. */
  maxConnectionsPerAddress?: number;
  databaseUrl?: string;
  redisUrl?: string;
  nodeId?: string;
  leaseMs?: number;
};

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`Bad environment variable ${String(first.path[0])}: ${first.message}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && !e.DATABASE_URL) throw new Error('REDIS_URL (several nodes) needs DATABASE_URL: the nodes share one PostgreSQL store.');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL,
    corsOrigins: e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    nodeId: e.NODE_ID,
    leaseMs: e.LEASE_MS,
  };
}
