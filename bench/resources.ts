// Everything the bench starts (child processes, temp dirs) is registered here, so it is killed and
// removed at the end of the run, on Ctrl-C, on an uncaught error and on the hard time limit alike.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const children = new Set<ChildProcess>();
const dirs = new Set<string>();
const closers = new Set<() => unknown>();
let installed = false;

/** Kills every registered child still alive and removes every temp dir; synchronous, so safe in 'exit'. */
export function cleanupAll(): void {
  for (const close of closers) {
    try {
      close();
    } catch {
      // best effort: the rest must still be cleaned up
    }
  }
  closers.clear();
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', cleanupAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      cleanupAll();
      process.exit(130);
    });
  }
}

export function trackChild(child: ChildProcess): ChildProcess {
  install();
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** A fresh temp dir, removed at cleanup (or earlier with `removeDir`). */
export function tempDir(prefix: string): string {
  install();
  const dir = mkdtempSync(path.join(os.tmpdir(), `powerup-bench-${prefix}-`));
  dirs.add(dir);
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

/** Something in this process to close at cleanup (a browser, a socket, a registry); returns an unregister. */
export function onCleanup(close: () => unknown): () => void {
  install();
  closers.add(close);
  return () => closers.delete(close);
}

/**
 * Ends the run after `ms` whatever happens: a hung scenario must not hang the machine. `report` runs
 * first (after cleanup), to print what was measured so far.
 */
export function hardTimeout(ms: number, report: () => void = () => {}): void {
  const timer = setTimeout(() => {
    process.stderr.write(`\nbench: hard time limit of ${Math.round(ms / 1000)} s reached; cleaning up.\n`);
    cleanupAll();
    report();
    process.exit(2);
  }, ms);
  timer.unref();
}
