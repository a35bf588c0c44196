import { describe, it, expect } from 'vitest';
import { EventEmitter } from 'node:events';
import { installProcessGuards } from './processGuards';

// Issue 13, item 13: nothing in server/main.ts caught an exception that escaped a callback.
describe('installProcessGuards', () => {
  it('logs uncaught exceptions and unhandled rejections instead of letting the process end', () => {
    const proc = new EventEmitter();
    const lines: [string, object, string][] = [];
    installProcessGuards({ fatal: (o: object, m: string) => lines.push(['fatal', o, m]), error: (o: object, m: string) => lines.push(['error', o, m]) } as any, proc as any);
    expect(proc.listenerCount('uncaughtException')).toBe(1);
    proc.emit('uncaughtException', new Error('ack exploded'), 'uncaughtException');
    proc.emit('unhandledRejection', 'plain reason');
    expect(lines.map(([l, o]) => [l, (o as any).err])).toEqual([['fatal', 'ack exploded'], ['error', 'plain reason']]);
  });
});
