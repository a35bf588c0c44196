// The processes under test: the real server (as `npm start` runs it, minus the build) and the bare
// socket.io baseline, each a child of the bench so its CPU and memory are its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort } from '../tests/support/childServer';
import { trackChild, tempDir, removeDir } from './resources';

export type ServerUnderTest = {
  url: string;
  pid: number;
  /** Resident set size of the server process, in MB (VmRSS from /proc). */
  rssMb(): number;
  stop(): Promise<void>;
};

export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
  return kb / 1024;
}

/**
 * With BENCH_PROFILE_DIR set, servers and load workers run under `node --cpu-prof` and write a .cpuprofile there when
 * stopped (SIGTERM lets them exit cleanly): open it in Chrome DevTools' Performance panel.
 */
export function profileArgs(): string[] {
  const dir = process.env.BENCH_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** Stops gracefully (so a profile gets written), then hard after a grace period. */
function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** `node --import tsx <script>` as a tracked child, resolved once its output contains `readyText`. */
async function spawnNode(script: string, env: Record<string, string>, readyText: string): Promise<ChildProcess> {
  const child = trackChild(
    spawn(process.execPath, [...profileArgs(), '--import', 'tsx', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  let out = '';
  await new Promise<void>((resolve, reject) => {
    // Generous: a loaded 2-core machine may take a while to transpile and open the store.
    const timer = setTimeout(() => reject(new Error(`${script} did not start: ${out}`)), 90_000);
    const onData = (d: Buffer) => {
      out += d;
      if (out.includes(readyText)) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.off('exit', onExit);
        // Keep draining (a full pipe would block the child); show warnings and errors.
        child.stdout!.resume();
        child.stderr!.on('data', (e) => process.stderr.write(`[${script}] ${e}`));
        resolve();
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}: ${out}`));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
  return child;
}

/**
 * The real server: `node --import tsx server/main.ts` on a free port with its own temp DATA_DIR, logging
 * warnings only. `env` adds variables (DATABASE_URL, REDIS_URL, NODE_ID for a node of several); `port` and
 * `dataDir` start it again where a killed one was.
 */
export async function startRealServer(opts: { env?: Record<string, string>; port?: number; dataDir?: string } = {}): Promise<RealServer> {
  const dataDir = opts.dataDir ?? tempDir('data');
  const port = opts.port ?? (await freePort());
  const child = await spawnNode('server/main.ts', { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', MAX_CONNECTIONS_PER_ADDRESS: '0', ...opts.env }, 'Power Up is running');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    pid: child.pid!,
    rssMb: () => rssMbOf(child.pid!),
    async stop() {
      await stopChild(child);
      removeDir(dataDir);
    },
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

export type RealServer = ServerUnderTest & {
  port: number;
  dataDir: string;
  /** SIGKILL, as a crash: nothing pending is written, the data dir stays for a restart. */
  kill(): Promise<void>;
};

/** The baseline: bench/bareServer.ts in its own process. */
export async function startBareServer(): Promise<ServerUnderTest> {
  const port = await freePort();
  const child = await spawnNode('bench/bareServer.ts', { PORT: String(port), HOST: '127.0.0.1' }, 'bare server listening');
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, rssMb: () => rssMbOf(child.pid!), stop: () => stopChild(child) };
}
