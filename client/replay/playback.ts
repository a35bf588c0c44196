import type { GameEvent } from '../../shared/schemas/events';

export const SPEEDS = [0.5, 1, 2, 4, 8, 16] as const;
export type Speed = (typeof SPEEDS)[number];

/** Longest wait between two events during play, in replay (wall-clock) time: discussion pauses don't take minutes. */
export const MAX_GAP_MS = 2000;

/** How long play waits before showing the event after `from`: the real gap, sped up, capped. */
export function gapMs(events: readonly GameEvent[], from: number, speed: number): number {
  const a = events[from - 1];
  const b = events[from];
  if (!a || !b) return 0;
  return Math.min(MAX_GAP_MS, Math.max(0, b.at - a.at) / speed);
}

/**
 * Plays a log in event time. Each animation frame it moves `seq` past every event that is due
 * (several per frame at high speed), then calls `onFrame` once: the page renders at most once per
 * frame however fast the log plays.
 */
export class Player {
  playing = false;
  speed: Speed = 1;
  private due = 0;
  private frame = 0;

  constructor(
    private events: () => readonly GameEvent[],
    private getSeq: () => number,
    private setSeq: (seq: number) => void,
    private onChange: () => void,
  ) {}

  play(): void {
    if (this.playing) return;
    if (this.getSeq() >= this.events().length) this.setSeq(1); // at the end: play from the start
    this.playing = true;
    this.due = performance.now() + gapMs(this.events(), this.getSeq(), this.speed);
    this.frame = requestAnimationFrame(this.tick);
    this.onChange();
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    cancelAnimationFrame(this.frame);
    this.onChange();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  setSpeed(speed: Speed): void {
    // Keep the wait already elapsed in proportion, so changing speed mid-gap does not jump.
    if (this.playing) {
      const now = performance.now();
      this.due = now + Math.max(0, this.due - now) * (this.speed / speed);
    }
    this.speed = speed;
    this.onChange();
  }

  /** After a seek the wait restarts from the new position. */
  restartGap(): void {
    if (this.playing) this.due = performance.now() + gapMs(this.events(), this.getSeq(), this.speed);
  }

  private tick = (now: number): void => {
    if (!this.playing) return;
    const events = this.events();
    let seq = this.getSeq();
    const before = seq;
    while (seq < events.length && now >= this.due) {
      seq++;
      this.due += gapMs(events, seq, this.speed);
    }
    // Back from a hidden tab: don't race through what was missed.
    if (now - this.due > 1000) this.due = now;
    if (seq !== before) this.setSeq(seq);
    if (seq >= events.length) {
      this.playing = false;
      this.onChange();
      return;
    }
    this.frame = requestAnimationFrame(this.tick);
  };
}
