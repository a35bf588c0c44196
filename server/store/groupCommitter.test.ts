import { describe, it, expect, vi } from 'vitest';
import { GroupCommitter } from './groupCommitter';
import { FencedError } from './store';
import type { GameEvent } from '../../shared/schemas/events';

const event = { type: 'timeUp', at: 0, reason: 'timer' } as unknown as GameEvent;

// Issue 13, item 13: one throwing acknowledgement callback left the rest of its batch unanswered and
// escaped as an uncaught exception.
describe('GroupCommitter', () => {
  it('answers every caller of a batch even when one callback throws, and reports the error', async () => {
    const written: number[] = [];
    const errors: unknown[] = [];
    const c = new GroupCommitter((batch) => void written.push(batch.length), (err) => errors.push(err));
    const answered: (Error | null)[] = [];
    c.append('ABCDE', 1, event, (e) => answered.push(e));
    c.append('ABCDE', 2, event, () => {
      throw new Error('ack exploded');
    });
    c.append('ABCDE', 3, event, (e) => answered.push(e));
    await expect(c.flush()).resolves.toBeUndefined();
    expect(written).toEqual([3]);
    expect(answered).toEqual([null, null]);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('ack exploded');
  });

  it('also when the write failed: every caller hears the error', async () => {
    const c = new GroupCommitter(async () => {
      throw new Error('disk full');
    }, () => {});
    const answered: string[] = [];
    c.append('ABCDE', 1, event, () => {
      throw new Error('ack exploded');
    });
    c.append('ABCDE', 2, event, (e) => answered.push(e!.message));
    await c.flush();
    expect(answered).toEqual(['disk full']);
  });

  it('on the scheduled flush too: nothing escapes to the event loop', async () => {
    const onError = vi.fn();
    const c = new GroupCommitter(() => {}, onError);
    let later = false;
    c.append('ABCDE', 1, event, () => {
      throw new Error('boom');
    });
    c.append('ABCDE', 2, event, () => (later = true));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(later).toBe(true);
    expect(onError).toHaveBeenCalledOnce();
  });

  it('a fenced session hears FencedError, the others of the batch are stored', async () => {
    const c = new GroupCommitter(async () => ({ refused: new Set(['FENCE']) }));
    const answered: Record<string, Error | null> = {};
    c.append('FENCE', 7, event, (e) => (answered.FENCE = e));
    c.append('OTHER', 2, event, (e) => (answered.OTHER = e));
    await c.flush();
    expect(answered.FENCE).toBeInstanceOf(FencedError);
    expect(answered.OTHER).toBeNull();
  });

  it('writes one batch at a time: what arrives during a slow write goes into the next batch, in order', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const c = new GroupCommitter(async (batch) => {
      batches.push(batch.map((r) => r.seq));
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
    });
    const acked: number[] = [];
    c.append('ABCDE', 1, event, () => acked.push(1));
    const first = c.flush();
    c.append('ABCDE', 2, event, () => acked.push(2));
    c.append('ABCDE', 3, event, () => acked.push(3));
    await new Promise((r) => setTimeout(r, 10));
    expect(batches).toEqual([[1]]);
    release();
    await first;
    await c.flush();
    expect(batches).toEqual([[1], [2, 3]]);
    expect(acked).toEqual([1, 2, 3]);
  });
});
