import { describe, it, expect, vi } from 'vitest';
import { COMMANDS, KNOWN_EVENTS, runCommand, type CommandDeps, type Conn } from './commandTable';
import { ERROR_CODES } from '../../shared/protocol/events';

const conn = (role: 'none' | 'participant' = 'none'): Conn => ({
  ip: '127.0.0.1',
  data: role === 'none' ? { role: 'none' } : { role: 'participant', code: 'ABCDE', participantId: 'p1' },
  attach: () => {},
  joining: false,
  afterAck: (f) => f(),
});

const deps = (registry: object): CommandDeps => ({
  registry: registry as never,
  broadcaster: {} as never,
  guards: { guessingBlocked: () => false, failed: () => {}, creates: { take: () => true } } as never,
  cohorts: {} as never,
  log: { info: () => {}, error: vi.fn(), debug: () => {} },
});

describe('the command table', () => {
  it('derives the known events from its entries', () => {
    expect([...KNOWN_EVENTS].sort()).toEqual(Object.keys(COMMANDS).sort());
    expect(KNOWN_EVENTS.has('participant:choose')).toBe(true);
    expect(KNOWN_EVENTS.has('__proto__')).toBe(false);
  });

  it('checks the role before the payload, and the payload before the handler', () => {
    const answers: unknown[] = [];
    runCommand('participant:choose', conn('none'), { optionId: 'x' }, deps({}), (a) => answers.push(a));
    runCommand('participant:choose', conn('participant'), { optionId: 7 }, deps({}), (a) => answers.push(a));
    expect(answers).toMatchObject([{ ok: false, code: ERROR_CODES.NOT_PARTICIPANT }, { ok: false, code: ERROR_CODES.BAD_PAYLOAD }]);
  });

  it('a handler that throws, or rejects, is answered INTERNAL once and logged; nothing escapes', async () => {
    const d = deps({ get: () => { throw new Error('boom'); } });
    const answers: unknown[] = [];
    expect(() => runCommand('participant:choose', conn('participant'), { optionId: 'x' }, d, (a) => answers.push(a))).not.toThrow();
    const rejecting = deps({ get: () => undefined, open: () => Promise.reject(new Error('later boom')) });
    runCommand('participant:choose', conn('participant'), { optionId: 'x' }, rejecting, (a) => answers.push(a));
    await new Promise((r) => setTimeout(r, 10));
    expect(answers).toMatchObject([{ ok: false, code: ERROR_CODES.INTERNAL }, { ok: false, code: ERROR_CODES.INTERNAL }]);
    expect(d.log.error).toHaveBeenCalled();
  });

  it('an acknowledgement callback that throws is logged, and the work after it still runs', async () => {
    const session = {
      code: 'ABCDE',
      submit: (_d: unknown, done: (r: unknown) => void) => done({ ok: true, seq: 5 }),
      state: { participants: { p1: { team: 'buyer' } } },
    };
    const d = deps({ get: () => session });
    expect(() =>
      runCommand('participant:choose', conn('participant'), { optionId: 'x' }, d, () => {
        throw new Error('the client callback exploded');
      }),
    ).not.toThrow();
    await new Promise((r) => setTimeout(r, 10));
    expect(d.log.error).toHaveBeenCalledWith(expect.objectContaining({ err: 'the client callback exploded' }), 'acknowledgement callback failed');
  });
});
