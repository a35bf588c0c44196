import type { GameEvent } from '../schemas/events';
import type { GameState } from '../schemas/state';
import { initialState, applyLoggedEvent } from '../engine/apply';

/** Checkpoint spacing: a seek folds at most this many events after cloning the nearest checkpoint. */
export const CHECKPOINT_EVERY = 256;

/**
 * A deep copy of plain JSON (the state is plain JSON by design). 1.7–2.5× faster than structuredClone
 * on a 2,000-participant state, which is most of a seek's cost (bench/scenarios/replay.ts measures it).
 */
function cloneJson<T>(x: T): T {
  if (typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) return x.map(cloneJson) as T;
  const out: Record<string, unknown> = {};
  for (const k in x) out[k] = cloneJson((x as Record<string, unknown>)[k]);
  return out as T;
}

const cloneState = (s: GameState): GameState => cloneJson(s);

/**
 * Any past state of a session, fast: one fold of the log at build time keeps a checkpoint every
 * CHECKPOINT_EVERY events; `stateAt(seq)` clones the checkpoint at or before seq and folds the rest.
 * Every state it returns is the caller's own copy.
 */
export class ReplayIndex {
  private checkpoints: { seq: number; state: GameState }[] = [];
  private events: GameEvent[] = [];
  private tip: GameState;
  /** seq of each round's start (roundStarted), for the timeline's markers. */
  readonly roundStarts: number[] = [];

  constructor(events: readonly GameEvent[]) {
    if (events.length === 0 || events[0].type !== 'created') throw new Error('a log starts with a "created" event');
    this.tip = initialState(events[0]);
    this.events.push(events[0]);
    this.checkpoints.push({ seq: 1, state: cloneState(this.tip) });
    for (let i = 1; i < events.length; i++) this.append(events[i]);
  }

  /** Adds the next event of a running session (seq = length + 1). */
  append(event: GameEvent): void {
    // The one fold policy (applyLoggedEvent): a log is used whole or not at all; the server stores and
    // serves only logs whose every event applies, so this throws only on a log from elsewhere.
    applyLoggedEvent(this.tip, event, this.events.length + 1);
    this.events.push(event);
    const seq = this.events.length;
    if (event.type === 'roundStarted') this.roundStarts.push(seq);
    if (seq % CHECKPOINT_EVERY === 0) this.checkpoints.push({ seq, state: cloneState(this.tip) });
  }

  get length(): number {
    return this.events.length;
  }

  eventAt(seq: number): GameEvent {
    return this.events[seq - 1];
  }

  /** The state right after event `seq` (1 = just created). */
  stateAt(seq: number): GameState {
    const target = Math.max(1, Math.min(seq, this.events.length));
    if (target === this.events.length) return cloneState(this.tip);
    let lo = 0;
    let hi = this.checkpoints.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.checkpoints[mid].seq <= target) lo = mid;
      else hi = mid - 1;
    }
    const cp = this.checkpoints[lo];
    const state = cloneState(cp.state);
    for (let s = cp.seq + 1; s <= target; s++) applyLoggedEvent(state, this.events[s - 1], s);
    return state;
  }

  /** The live end of the log. Do not mutate. */
  latest(): Readonly<GameState> {
    return this.tip;
  }
}
