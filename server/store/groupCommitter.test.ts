import { describe, it, expect, vi } from 'vitest';
import { GroupCommitter } from './groupCommitter';
import type { GameEvent } from '../../shared/schemas/events';

const event = { type: 'timeUp', at: 0, reason: 'timer' } as unknown as GameEvent;

// Issue 13, item 13: one throwing acknowledgement callback left the rest of its batch unanswered and
// escaped as an uncaught exception.
describe('GroupCommitter', () => {
  it('answers every caller of a batch even when one callback throws, and reports the error', () => {
    const written: number[] = [];
    const errors: unknown[] = [];
    const c = new GroupCommitter((batch) => written.push(batch.length), (err) => errors.push(err));
    const answered: (Error | null)[] = [];
    c.append('ABCDE', 1, event, (e) => answered.push(e));
    c.append('ABCDE', 2, event, () => {
      throw new Error('ack exploded');
    });
    c.append('ABCDE', 3, event, (e) => answered.push(e));
    expect(() => c.flush()).not.toThrow();
    expect(written).toEqual([3]);
    expect(answered).toEqual([null, null]);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('ack exploded');
  });

  it('also when the write failed: every caller hears the error', () => {
    const c = new GroupCommitter(() => {
      throw new Error('disk full');
    }, () => {});
    const answered: string[] = [];
    c.append('ABCDE', 1, event, () => {
      throw new Error('ack exploded');
    });
    c.append('ABCDE', 2, event, (e) => answered.push(e!.message));
    c.flush();
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
});
