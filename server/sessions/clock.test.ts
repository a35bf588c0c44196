import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeClock, createSystemClock } from './clock';
import { SessionRegistry } from './registry';
import { SqliteStore } from '../store/sqliteStore';
import type { EventDraft, Session } from './session';
import { SessionConfigSchema } from '../../shared/schemas/config';
import { defaultDeck } from '../../shared/deck/loadDeck';

const silent = { error: () => {}, warn: () => {}, info: () => {} };
const submit = (s: Session, d: EventDraft) =>
  new Promise<number>((resolve, reject) => s.submit(d, (r) => (r.ok ? resolve(r.seq) : reject(new Error(r.code)))));
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe('FakeClock', () => {
  it('runs timers in due order, each seeing its own time, and never one that was cleared', () => {
    const clock = new FakeClock(1000);
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.now()}`), 200);
    const gone = clock.setTimeout(() => seen.push('never'), 150);
    clock.setTimeout(() => seen.push(`a@${clock.now()}`), 100);
    const every = clock.setInterval(() => seen.push(`i@${clock.now()}`), 120);
    clock.clearTimeout(gone);
    clock.advance(250);
    clock.clearTimeout(every);
    clock.advance(1000);
    expect(seen).toEqual(['a@1100', 'i@1120', 'b@1200', 'i@1240']);
    expect(clock.now()).toBe(2250);
  });

  it('the system clock reports a throwing timer callback instead of letting it escape', async () => {
    const errors: unknown[] = [];
    const clock = createSystemClock((e) => errors.push(e));
    clock.setTimeout(() => {
      throw new Error('timer exploded');
    }, 1);
    await new Promise((r) => setTimeout(r, 20));
    expect((errors[0] as Error).message).toBe('timer exploded');
  });
});

describe('session timers go through the clock', () => {
  let dir: string;
  let registry: SessionRegistry | undefined;
  afterEach(async () => {
    await registry?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a round times up exactly when the fake clock passes its deadline, and a pause holds it', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'powerup-clock-'));
    const clock = new FakeClock();
    registry = new SessionRegistry({ store: new SqliteStore(dir), clock, log: silent });
    const { session } = await registry.create(SessionConfigSchema.parse({ decideSeconds: 60, storyRounds: false }), defaultDeck);
    await submit(session, { type: 'joined', participantId: 'p1', name: 'Ana', tokenHash: 't1' } as EventDraft);
    await submit(session, { type: 'roundStarted' } as EventDraft);
    await submit(session, { type: 'decidingStarted' } as EventDraft);
    expect(session.state.phase).toBe('deciding');
    const deadline = session.state.timer.deadline!;
    expect(deadline).toBe(clock.now() + 60_000);

    clock.advance(59_000);
    await settle();
    expect(session.state.phase).toBe('deciding');
    // Paused for 30 s of fake time: the deadline moves, nothing fires.
    await submit(session, { type: 'paused' } as EventDraft);
    clock.advance(30_000);
    await settle();
    expect(session.state.phase).toBe('deciding');
    await submit(session, { type: 'resumed' } as EventDraft);
    clock.advance(900);
    await settle();
    expect(session.state.phase).toBe('deciding');
    clock.advance(200); // past the (moved) deadline and the 5 ms grace
    await settle();
    expect(session.state.phase).not.toBe('deciding');
    const stored = await registry.store.events(session.code);
    expect(stored.at(-1)!.event).toMatchObject({ type: 'timeUp', reason: 'timer' });
  });
});
