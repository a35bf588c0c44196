import type { GameEvent } from '../../shared/schemas/events';
import { FencedError, type AppendResult, type AppendRow } from './store';

type Pending = AppendRow & { done: (err: Error | null) => void };

/**
 * Persist before acknowledging, cheaply: every event accepted while the previous batch is being written
 * (or during one turn of the event loop, when nothing is being written) goes into the next single
 * transaction, then each caller hears back. A burst of 2,000 votes costs a handful of transactions
 * instead of 2,000, on SQLite (synchronous) and on Postgres (a round trip per batch) alike. One batch
 * is written at a time, so a session's events reach the store in seq order.
 */
export class GroupCommitter {
  private pending: Pending[] = [];
  private scheduled = false;
  private writing: Promise<void> | undefined;

  constructor(
    private write: (batch: AppendRow[]) => Promise<AppendResult | void> | AppendResult | void,
    /** Told when a caller's callback throws; the rest of the batch is still answered. */
    private onCallbackError: (err: unknown) => void = (err) => console.error('group commit callback failed', err),
  ) {}

  append(code: string, seq: number, event: GameEvent, done: (err: Error | null) => void, epoch = 0): void {
    this.pending.push({ code, seq, event, epoch, done });
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  /** Writes what is pending now (after the batch being written, if any); resolves once all of it is answered. */
  flush(): Promise<void> {
    this.scheduled = false;
    if (this.writing) return this.writing.then(() => this.flush());
    const batch = this.pending;
    if (batch.length === 0) return Promise.resolve();
    this.pending = [];
    this.writing = this.commit(batch).finally(() => {
      this.writing = undefined;
      if (this.pending.length) this.schedule();
    });
    return this.writing;
  }

  private async commit(batch: Pending[]): Promise<void> {
    let error: Error | null = null;
    let refused: Set<string> | undefined;
    try {
      const rows = batch.map(({ done: _done, ...row }) => row);
      refused = (await this.write(rows))?.refused;
    } catch (err) {
      error = err as Error;
    }
    // One caller's throwing callback must neither leave the others unanswered nor escape the event loop.
    for (const p of batch) {
      try {
        p.done(error ?? (refused?.has(p.code) ? new FencedError(p.code) : null));
      } catch (err) {
        try {
          this.onCallbackError(err);
        } catch {
          /* the logger itself failed: nothing more to do */
        }
      }
    }
  }
}
