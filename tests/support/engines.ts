import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './childServer';

/**
 * PostgreSQL and Redis from Debian's packages (`postgresql`, `redis-server`), each started by the test on
 * loopback in its own temporary directory and stopped after it. Postgres refuses to run as root: when the
 * tests run as root (CI does), initdb and postgres run as the `postgres` user the package creates (or a
 * `powerup-pg` user made here with useradd), through runuser.
 *
 * Without the packages, a suite that needs them fails with an install hint, unless POWERUP_SKIP_ENGINES=1
 * is set: then it is skipped, and says so loudly.
 */
export const SKIP_VARIABLE = 'POWERUP_SKIP_ENGINES';
export const INSTALL_HINT = 'apt-get install -y postgresql redis-server (or set POWERUP_SKIP_ENGINES=1 to skip these suites)';

export function pgBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => existsSync(path.join(base, v, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], 'bin') : undefined;
}

function redisBin(): string | undefined {
  for (const p of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) if (existsSync(p)) return p;
  return undefined;
}

/** Which engines are missing, and whether their suites should be skipped (loudly) instead of failing. */
export function engineCheck(need: ('postgres' | 'redis')[]): { skip: boolean } {
  const missing = need.filter((n) => (n === 'postgres' ? !pgBin() : !redisBin()));
  if (missing.length === 0) return { skip: false };
  if (process.env[SKIP_VARIABLE] === '1') {
    const line = '!'.repeat(100);
    console.warn(`\n${line}\n!!! SKIPPED: ${missing.join(' and ')} not installed; ${SKIP_VARIABLE}=1 is set, so the suites on the real engines do NOT run.\n${line}\n`);
    return { skip: true };
  }
  throw new Error(`${missing.join(' and ')} not installed: ${INSTALL_HINT}`);
}

/** The unprivileged user Postgres runs as when the tests run as root. */
function pgUser(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'powerup-pg']) if (spawnSync('id', ['-u', name]).status === 0) return name;
  const made = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'powerup-pg']);
  if (made.status !== 0) throw new Error(`could not create a user for Postgres: ${made.stderr}`);
  return 'powerup-pg';
}

function asUser(user: string | undefined, cmd: string, args: string[]): [string, string[]] {
  return user ? ['runuser', ['-u', user, '--', cmd, ...args]] : [cmd, args];
}

function waitExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

export type Postgres = { url: string; stop(): Promise<void>; /** A fresh empty database on this server. */ database(name: string): Promise<string> };

export async function startPostgres(): Promise<Postgres> {
  const bin = pgBin();
  if (!bin) throw new Error(`postgres not installed: ${INSTALL_HINT}`);
  const user = pgUser();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'powerup-pg-'));
  const data = path.join(dir, 'data');
  if (user) {
    const uid = Number(spawnSync('id', ['-u', user]).stdout.toString().trim());
    const gid = Number(spawnSync('id', ['-g', user]).stdout.toString().trim());
    chownSync(dir, uid, gid);
  }
  const [initCmd, initArgs] = asUser(user, path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  // fsync off: a test database needs no crash safety of its own (the server's own durability is its COMMIT).
  const [cmd, args] = asUser(user, path.join(bin, 'postgres'), ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-c', 'fsync=off', '-c', 'max_connections=200']);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.end();
      break;
    } catch {
      await c.end().catch(() => {});
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`postgres did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    async database(name: string) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name}`);
      await c.query(`CREATE DATABASE ${name}`);
      await c.end();
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      // A fast shutdown, sent to the postmaster itself (runuser does not pass signals on).
      try {
        const pid = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
        process.kill(pid, 'SIGINT');
      } catch {
        child.kill('SIGKILL');
      }
      await waitExit(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Redis = { url: string; stop(): Promise<void> };

export async function startRedis(): Promise<Redis> {
  const bin = redisBin();
  if (!bin) throw new Error(`redis-server not installed: ${INSTALL_HINT}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'powerup-redis-'));
  const port = await freePort();
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis did not start: ${out}`)), 15_000);
    const check = (d: Buffer) => {
      out += d;
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', () => reject(new Error(`redis exited: ${out}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await waitExit(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
