// The parent side of the load workers: forks bench/loadWorker.ts processes and sends them requests.
import { fork, type ChildProcess } from 'node:child_process';
import type { BurstResult, ConnectedResult, JoinResult, ReadyResult, WorkerMessage, WorkerReply, WorkerRequest } from './loadProtocol';
import { trackChild } from './resources';
import { profileArgs } from './processes';
import { withTimeout } from './stats';

type ResultOf<R extends WorkerRequest> = R extends { cmd: 'join' } ? JoinResult : R extends { cmd: 'ready' } ? ReadyResult : R extends { cmd: 'burst' } ? BurstResult : R extends { cmd: 'connected' } ? ConnectedResult : null;

class LoadWorker {
  private nextId = 1;
  private waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(readonly child: ChildProcess) {
    child.on('message', (reply: WorkerReply) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      if (reply.ok) w.resolve(reply.result);
      else w.reject(new Error(`load worker: ${reply.error}`));
    });
    child.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`load worker exited (${code})`));
      this.waiting.clear();
    });
  }

  request<R extends WorkerRequest>(request: R, timeoutMs: number): Promise<ResultOf<R>> {
    const id = this.nextId++;
    const reply = new Promise<ResultOf<R>>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, request } satisfies WorkerMessage);
    });
    return withTimeout(reply, timeoutMs, `load worker ${request.cmd}`);
  }
}

/** A few worker processes; work is split between them by the scenarios. */
export class LoadWorkers {
  private constructor(readonly workers: LoadWorker[]) {}

  static start(count: number): LoadWorkers {
    const workers = Array.from({ length: count }, () => {
      const child = fork('bench/loadWorker.ts', [], { execArgv: [...profileArgs(), '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      return new LoadWorker(trackChild(child));
    });
    return new LoadWorkers(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Sends each worker its own request (undefined: that worker sits this one out). */
  each<R extends WorkerRequest>(requests: (R | undefined)[], timeoutMs: number): Promise<ResultOf<R>[]> {
    return Promise.all(requests.flatMap((r, i) => (r ? [this.workers[i].request(r, timeoutMs)] : [])));
  }

  all<R extends WorkerRequest>(request: R, timeoutMs: number): Promise<ResultOf<R>[]> {
    return this.each(this.workers.map(() => request), timeoutMs);
  }

  /** Disconnects every client of every worker (between scenarios). */
  async reset(): Promise<void> {
    await this.all({ cmd: 'reset' }, 30_000);
  }

  /** Closes every client and ends the workers (killed if they do not go in time). */
  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(async (w) => {
        if (w.child.exitCode !== null) return;
        const exited = new Promise<void>((resolve) => w.child.once('exit', () => resolve()));
        try {
          await w.request({ cmd: 'close' }, 5000);
          await withTimeout(exited, 5000, 'load worker exit');
        } catch {
          w.child.kill('SIGKILL');
        }
      }),
    );
  }
}

/** Splits `total` into `parts` near-equal counts. */
export function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}
