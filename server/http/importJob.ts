// The main thread's side of an import (issue 13 item 2): the request body goes to a worker thread
// (importWorker.ts) a network chunk at a time; the worker validates, folds and hashes the whole log; the
// main thread then only takes the rows a transaction at a time (receiveMessageOnPort: a chunk is
// deserialized only when it is written) and the snapshot's text. The main heap never holds the log.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { GameEvent } from '../../shared/schemas/events';
import type { FromWorker, ToWorker } from './importWorker';
import { ROWS_PER_MESSAGE } from './importWorker';
import type { RefusedLog } from './logImport';

/** The events of a validated import, handed out a chunk at a time and in order (what registry.importLog takes). */
export type ImportRows = { readonly length: number; slice(start: number, end: number): GameEvent[] };
export type ValidatedImport = { ok: true; stateHash: string; events: ImportRows; snapshot: string };

/**
 * The worker runs TypeScript: tsx's loader is registered inside it first (`npm start` and `npm run dev`
 * run the server with tsx; Node 20 does not pass a parent's loader hooks on to a worker thread).
 */
function bootScript(): string {
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./importWorker.ts', import.meta.url).href;
  // First of all the worker lowers its own thread's priority (on Linux a thread's nice value is its own, and
  // the threads it starts inherit it): on a machine with few cores the import then waits for the server's
  // main thread instead of taking its turn. Best effort (not every system allows it).
  const nice = `try { require('node:os').setPriority(${IMPORT_NICE}); } catch {}`;
  return `${nice} import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
}

/** The import worker's nice value (19: the lowest priority). */
const IMPORT_NICE = 19;

export class ImportJob {
  private readonly worker: Worker;
  private readonly rows: MessagePort;
  private closed = false;
  /** Settles once the whole body has been validated (or refused); rejects if the worker fails. */
  readonly result: Promise<ValidatedImport | RefusedLog>;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.rows = port1;
    this.worker = new Worker(bootScript(), { eval: true, workerData: { powerUpImport: true, rows: port2 }, transferList: [port2] });
    this.result = new Promise((resolve, reject) => {
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => reject(new Error(`the import worker stopped (exit code ${code})`)));
      this.worker.on('message', (m: FromWorker) => {
        if (m.type === 'refused') resolve({ ok: false, code: m.code, message: m.message });
        else if (m.type === 'error') reject(new Error(`the import worker failed: ${m.message}`));
        else {
          // The snapshot's text comes first (one string), then the rows, taken as they are written.
          const snapshot = this.take() as string;
          resolve({ ok: true, stateHash: m.stateHash, snapshot, events: this.rowsOf(m.count) });
        }
      });
    });
    this.result.catch(() => undefined); // the caller awaits it; never an unhandled rejection
  }

  /** A piece of the body as it arrives (copied to the worker: network buffers may share memory). */
  write(chunk: Buffer): void {
    if (!this.closed) this.worker.postMessage({ type: 'chunk', bytes: chunk } satisfies ToWorker);
  }

  end(): void {
    if (!this.closed) this.worker.postMessage({ type: 'end' } satisfies ToWorker);
  }

  /** Stops the worker and drops what it holds; safe to call more than once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.rows.close();
    void this.worker.terminate();
  }

  private take(): unknown {
    const m = receiveMessageOnPort(this.rows);
    if (!m) throw new Error('the import worker sent fewer rows than it announced');
    return m.message;
  }

  private rowsOf(count: number): ImportRows {
    let next = 0;
    return {
      length: count,
      slice: (start: number, end: number) => {
        const stop = Math.min(end, count);
        if (start !== next || stop - start !== Math.min(ROWS_PER_MESSAGE, count - start)) throw new Error(`import rows are taken in order, ${ROWS_PER_MESSAGE} at a time`);
        next = stop;
        return this.take() as GameEvent[];
      },
    };
  }
}
