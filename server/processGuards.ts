import type { FastifyBaseLogger } from 'fastify';

type ProcessLike = { on(event: 'uncaughtException', f: (err: Error, origin: string) => void): unknown; on(event: 'unhandledRejection', f: (reason: unknown) => void): unknown };

/**
 * Last line of defence: a bug that escapes a callback is logged and the workshop goes on, rather than the
 * process ending in front of the room. Every state change is stored before it is acknowledged, so staying
 * up cannot lose or invent a vote.
 */
export function installProcessGuards(log: Pick<FastifyBaseLogger, 'fatal' | 'error'>, proc: ProcessLike = process): void {
  proc.on('uncaughtException', (err, origin) => {
    log.fatal({ err: err?.message ?? String(err), stack: err?.stack, origin }, 'uncaught exception (the server keeps running)');
  });
  proc.on('unhandledRejection', (reason) => {
    const err = reason instanceof Error ? reason : undefined;
    log.error({ err: err?.message ?? String(reason), stack: err?.stack }, 'unhandled promise rejection');
  });
}
