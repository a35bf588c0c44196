/**
 * Time, and everything scheduled in it: the server's timers (a round's deadline, the heartbeat, the
 * broadcast windows, the ownership lease) all go through a Clock, so a test can move time by hand
 * (FakeClock) and a session that moves to another node takes only its deadline with it.
 */
export type TimerHandle = { readonly id: number };

export interface Clock {
  now(): number;
  /** Runs `fn` once after `ms`; the timer never keeps the process alive. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
  /** Runs `fn` every `ms` until cleared with clearTimeout. */
  setInterval(fn: () => void, ms: number): TimerHandle;
}

let nextId = 1;

/**
 * Real time: Date.now and Node's timers (unref'd). A timer callback that throws is reported to `onError`
 * (the error boundary of scheduled work): it never escapes to the event loop.
 */
export function createSystemClock(onError: (err: unknown) => void = (err) => console.error('timer callback failed', err)): Clock {
  const timers = new Map<number, NodeJS.Timeout>();
  const guarded = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      try {
        onError(err);
      } catch {
        /* the logger itself failed */
      }
    }
  };
  return {
    now: () => Date.now(),
    setTimeout(fn, ms) {
      const handle = { id: nextId++ };
      const t = setTimeout(() => {
        timers.delete(handle.id);
        guarded(fn);
      }, ms);
      t.unref?.();
      timers.set(handle.id, t);
      return handle;
    },
    setInterval(fn, ms) {
      const handle = { id: nextId++ };
      const t = setInterval(() => guarded(fn), ms);
      t.unref?.();
      timers.set(handle.id, t);
      return handle;
    },
    clearTimeout(handle) {
      if (!handle) return;
      const t = timers.get(handle.id);
      if (t) clearTimeout(t);
      timers.delete(handle.id);
    },
  };
}

export const systemClock: Clock = createSystemClock();

/**
 * Time that moves only when told: `advance(ms)` runs every timer that falls due on the way, in order,
 * each seeing `now()` at its own due time. For tests of timer behaviour.
 */
export class FakeClock implements Clock {
  private timers = new Map<number, { at: number; fn: () => void; every?: number }>();
  constructor(private t = 1_700_000_000_000) {}

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = { id: nextId++ };
    this.timers.set(handle.id, { at: this.t + Math.max(0, ms), fn });
    return handle;
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    const handle = { id: nextId++ };
    this.timers.set(handle.id, { at: this.t + Math.max(1, ms), fn, every: Math.max(1, ms) });
    return handle;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle) this.timers.delete(handle.id);
  }

  /** Timers not yet run. */
  pending(): number {
    return this.timers.size;
  }

  advance(ms: number): void {
    const until = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void; every?: number }] | undefined;
      for (const e of this.timers) if (e[1].at <= until && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      const [id, timer] = next;
      this.t = Math.max(this.t, timer.at);
      if (timer.every) timer.at += timer.every;
      else this.timers.delete(id);
      timer.fn();
    }
    this.t = until;
  }
}
