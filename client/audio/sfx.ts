/**
 * Power Up sound effects, synthesised with WebAudio at run time (no audio files, all original).
 *
 *   import { sfx } from '../audio/sfx';
 *   sfx.play('coin');          // no-op while muted or before the first user gesture
 *   sfx.setMuted(true);        // persisted in localStorage 'powerup.muted'
 *
 * Browsers block audio until a user gesture: the AudioContext is created lazily, on the first
 * pointerdown / keydown / touchend anywhere (listeners installed on first import), or inside play()
 * if that is itself called from a gesture handler. Every sound is short (< 1 s) and soft.
 */

export const SFX_NAMES = ['coin', 'powerUp', 'hit', 'star', 'loop', 'tick', 'reveal', 'join'] as const;
export type SfxName = (typeof SFX_NAMES)[number];

const STORAGE_KEY = 'powerup.muted';
const MASTER_GAIN = 0.22;

type Wave = OscillatorType;

interface ToneOptions {
  /** Start time offset in seconds from now. */
  at?: number;
  /** Duration in seconds. */
  dur: number;
  freq: number;
  /** Glide to this frequency by the end. */
  to?: number;
  type?: Wave;
  /** Peak gain (0–1) before the master gain. */
  gain?: number;
  /** Attack in seconds. */
  attack?: number;
  /** Vibrato: rate (Hz) and depth (Hz). */
  vibrato?: { rate: number; depth: number };
}

// Note frequencies (equal temperament, A4 = 440).
const N = {
  G4: 392.0,
  C5: 523.25,
  D5: 587.33,
  E5: 659.25,
  G5: 783.99,
  A5: 880.0,
  B5: 987.77,
  C6: 1046.5,
  E6: 1318.51,
} as const;

function readMuted(): boolean {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

class Sfx {
  private ctx: AudioContext | null = null;
  private master: GainNode | null = null;
  private _muted = readMuted();
  /** A page-local silence (the replay at 16×) that does not touch the saved preference. */
  private silenced = false;

  constructor() {
    if (typeof window === 'undefined') return;
    const unlock = (): void => {
      this.unlock();
      for (const ev of ['pointerdown', 'keydown', 'touchend'] as const) window.removeEventListener(ev, unlock, true);
    };
    for (const ev of ['pointerdown', 'keydown', 'touchend'] as const) window.addEventListener(ev, unlock, true);
  }

  get muted(): boolean {
    return this._muted;
  }

  setMuted(muted: boolean): void {
    this._muted = muted;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, muted ? '1' : '0');
    } catch {
      /* private mode: keep it in memory */
    }
    if (this.master && this.ctx) this.master.gain.setTargetAtTime(muted ? 0 : MASTER_GAIN, this.ctx.currentTime, 0.02);
  }

  silence(on: boolean): void {
    this.silenced = on;
  }

  /** This page's default when the person never chose (phones start muted: 30 chimes per vote in a room). */
  setDefaultMuted(muted: boolean): void {
    try {
      if (globalThis.localStorage?.getItem(STORAGE_KEY) !== null) return;
    } catch {
      /* no storage: the default applies */
    }
    this._muted = muted;
    if (this.master && this.ctx) this.master.gain.value = muted ? 0 : MASTER_GAIN;
  }

  toggleMuted(): boolean {
    this.setMuted(!this._muted);
    return this._muted;
  }

  /** Create / resume the AudioContext. Call from a user gesture (done automatically on the first one). */
  unlock(): void {
    if (typeof window === 'undefined') return;
    if (!this.ctx) {
      const Ctor =
        window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
      if (!Ctor) return;
      this.ctx = new Ctor();
      // A gentle low-pass on the master bus keeps square-ish tones from sounding harsh.
      const lp = this.ctx.createBiquadFilter();
      lp.type = 'lowpass';
      lp.frequency.value = 5000;
      this.master = this.ctx.createGain();
      this.master.gain.value = this._muted ? 0 : MASTER_GAIN;
      this.master.connect(lp).connect(this.ctx.destination);
    }
    if (this.ctx.state === 'suspended') void this.ctx.resume();
  }

  play(name: SfxName): void {
    if (this._muted || this.silenced) return;
    if (!this.ctx) this.unlock(); // works if we're inside a gesture; otherwise the context stays suspended
    if (!this.ctx || this.ctx.state !== 'running') {
      if (this.ctx?.state === 'suspended') void this.ctx.resume();
      if (this.ctx?.state !== 'running') return;
    }
    SOUNDS[name](this);
  }

  /** One enveloped oscillator. */
  tone(o: ToneOptions): void {
    const ctx = this.ctx;
    if (!ctx || !this.master) return;
    const t0 = ctx.currentTime + (o.at ?? 0);
    const t1 = t0 + o.dur;
    const osc = ctx.createOscillator();
    osc.type = o.type ?? 'triangle';
    osc.frequency.setValueAtTime(o.freq, t0);
    if (o.to) osc.frequency.exponentialRampToValueAtTime(o.to, t1);
    const g = ctx.createGain();
    const peak = o.gain ?? 0.6;
    const attack = o.attack ?? 0.008;
    g.gain.setValueAtTime(0.0001, t0);
    g.gain.exponentialRampToValueAtTime(peak, t0 + attack);
    g.gain.exponentialRampToValueAtTime(0.0001, t1);
    osc.connect(g).connect(this.master);
    if (o.vibrato) {
      const lfo = ctx.createOscillator();
      const depth = ctx.createGain();
      lfo.frequency.value = o.vibrato.rate;
      depth.gain.value = o.vibrato.depth;
      lfo.connect(depth).connect(osc.frequency);
      lfo.start(t0);
      lfo.stop(t1 + 0.02);
    }
    osc.start(t0);
    osc.stop(t1 + 0.02);
  }

  /** A short filtered noise puff (for the hit). */
  noise(at: number, dur: number, gain: number, cutoff: number): void {
    const ctx = this.ctx;
    if (!ctx || !this.master) return;
    const len = Math.max(1, Math.floor(ctx.sampleRate * dur));
    const buf = ctx.createBuffer(1, len, ctx.sampleRate);
    const data = buf.getChannelData(0);
    for (let i = 0; i < len; i++) data[i] = (Math.random() * 2 - 1) * (1 - i / len);
    const src = ctx.createBufferSource();
    src.buffer = buf;
    const f = ctx.createBiquadFilter();
    f.type = 'lowpass';
    f.frequency.value = cutoff;
    const g = ctx.createGain();
    g.gain.value = gain;
    src.connect(f).connect(g).connect(this.master);
    src.start(ctx.currentTime + at);
  }
}

const SOUNDS: Record<SfxName, (s: Sfx) => void> = {
  // Power-up earned: a bright two-note chime.
  coin: (s) => {
    s.tone({ freq: N.B5, dur: 0.07, type: 'square', gain: 0.25 });
    s.tone({ at: 0.07, freq: N.E6, dur: 0.32, type: 'square', gain: 0.25 });
    s.tone({ at: 0.07, freq: N.E6 / 2, dur: 0.3, type: 'sine', gain: 0.3 });
  },
  // A rising major arpeggio.
  powerUp: (s) => {
    [N.C5, N.E5, N.G5, N.C6].forEach((f, i) =>
      s.tone({ at: i * 0.07, freq: f, dur: i === 3 ? 0.3 : 0.1, type: 'triangle', gain: 0.7 }),
    );
    s.tone({ at: 0.21, freq: N.C6 * 1.5, dur: 0.25, type: 'sine', gain: 0.15 });
  },
  // Hazard: a soft low thud that sags, plus a muffled puff.
  hit: (s) => {
    s.tone({ freq: 240, to: 70, dur: 0.3, type: 'triangle', gain: 0.9 });
    s.tone({ freq: 120, to: 55, dur: 0.25, type: 'sine', gain: 0.6 });
    s.noise(0, 0.12, 0.35, 1200);
  },
  // Innovation gate: a short fanfare ending on a shimmering chord.
  star: (s) => {
    const seq = [N.G4, N.C5, N.E5, N.G5];
    seq.forEach((f, i) => s.tone({ at: i * 0.08, freq: f, dur: 0.09, type: 'square', gain: 0.22 }));
    for (const f of [N.C6, N.G5, N.E5]) {
      s.tone({ at: 0.32, freq: f, dur: 0.6, type: 'triangle', gain: 0.45, vibrato: { rate: 6, depth: 5 } });
    }
    s.tone({ at: 0.32, freq: N.C5, dur: 0.6, type: 'sine', gain: 0.35 });
  },
  // Continuous-improvement loop: a descending wobble that ends where it began, an octave down.
  loop: (s) => {
    s.tone({ freq: 700, to: 260, dur: 0.7, type: 'sine', gain: 0.7, vibrato: { rate: 9, depth: 40 } });
    s.tone({ freq: 350, to: 130, dur: 0.7, type: 'triangle', gain: 0.25, vibrato: { rate: 9, depth: 20 } });
  },
  // Countdown tick: a tiny wooden blip.
  tick: (s) => {
    s.tone({ freq: 1200, to: 900, dur: 0.05, type: 'sine', gain: 0.5, attack: 0.002 });
  },
  // Reveal: an upward whoosh landing on a soft major chord.
  reveal: (s) => {
    s.tone({ freq: 260, to: 900, dur: 0.35, type: 'sine', gain: 0.35, attack: 0.08 });
    for (const f of [N.C5, N.E5, N.G5]) s.tone({ at: 0.3, freq: f, dur: 0.5, type: 'triangle', gain: 0.35 });
  },
  // Someone joined: a soft, quiet two-step blip.
  join: (s) => {
    s.tone({ freq: N.D5, dur: 0.06, type: 'sine', gain: 0.35 });
    s.tone({ at: 0.06, freq: N.A5, dur: 0.12, type: 'sine', gain: 0.3 });
  },
};

/** The one shared sound-effects player. */
export const sfx = new Sfx();
