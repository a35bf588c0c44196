import type { GameEvent } from '../../shared/schemas/events';

type Pending = { code: string; seq: number; event: GameEvent; done: (err: Error | null) => void };

/**
 * Persist before acknowledging, cheaply: every event accepted during one turn of the event loop
 * is written in a single transaction, then each caller hears back. A burst of 2,000 votes costs a
 * handful of transactions instead of 2,000.
 */
export class GroupCommitter {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(
    private write: (batch: { code: string; seq: number; event: GameEvent }[]) => void,
    /** Told when a caller's callback throws; the rest of the batch is still answered. */
    private onCallbackError: (err: unknown) => void = (err) => console.error('group commit callback failed', err),
  ) {}

  append(code: string, seq: number, event: GameEvent, done: (err: Error | null) => void): void {
    this.pending.push({ code, seq, event, done });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    let error: Error | null = null;
    try {
      this.write(batch);
    } catch (err) {
      error = err as Error;
    }
    // One caller's throwing callback must neither leave the others unanswered nor escape the event loop.
    for (const p of batch) {
      try {
        p.done(error);
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
