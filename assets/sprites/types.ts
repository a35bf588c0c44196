/** A sprite drawn as text: one character per pixel, characters from assets/palette.ts ('.' = clear). */
export interface SpriteDef {
  /** Stable texture key, also the PNG file name (`<key>.png`). */
  readonly key: string;
  /** What it is and how it's used. */
  readonly about: string;
  /** One or more frames, all the same size; written side by side into a horizontal strip. */
  readonly frames: readonly (readonly string[])[];
  /** Named frame indices, e.g. { stand: 0, run: [1, 2, 3, 4], jump: 5 }. */
  readonly frameNames?: Readonly<Record<string, number | readonly number[]>>;
}

/** Mirror a frame left↔right (for symmetrical sprites and flipped variants). */
export function mirror(rows: readonly string[]): string[] {
  return rows.map((r) => [...r].reverse().join(''));
}

/** Replace characters (e.g. recolour a variant). */
export function recolour(rows: readonly string[], map: Record<string, string>): string[] {
  return rows.map((r) => [...r].map((c) => map[c] ?? c).join(''));
}
