import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer, type ServerOptions } from '../../server/app';

export type TestServer = RunningServer & { dataDir: string; stop(): Promise<void> };

/** A real server on a random free port with its own temporary DATA_DIR. */
/** `narrationPace`: how long each step of a reveal is held, as a fraction of reading pace (default 1). */
export async function startTestServer(opts: { dataDir?: string; limits?: ServerOptions['limits']; narrationPace?: number } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'powerup-test-'));
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'warn', corsOrigins: [] }, { limits: opts.limits, registry: opts.narrationPace ? { narrationPace: opts.narrationPace } : undefined });
  return {
    ...server,
    dataDir,
    async stop() {
      await server.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
