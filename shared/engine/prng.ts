// mulberry32: a tiny, fast, well-mixed 32-bit PRNG whose whole state is one integer,
// so the state can live in the JSON game state and replays draw exactly the same numbers.

export function seedPrng(seed: number): number {
  // Scramble the seed so nearby seeds (1, 2, 3…) start far apart.
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Returns a number in [0, 1) and the next PRNG state. */
export function nextRandom(state: number): [number, number] {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  return [value, next];
}

/** A mutable stream over a PRNG state, for code that draws several numbers in a row. */
export class PrngStream {
  constructor(public state: number) {}
  next(): number {
    const [v, s] = nextRandom(this.state);
    this.state = s;
    return v;
  }
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
}

/** Fisher–Yates shuffle drawing from the stream; returns a new array. */
export function shuffled<T>(items: readonly T[], rng: PrngStream): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
