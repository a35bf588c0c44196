// Key-order independent stringify + a 53-bit FNV-style hash, so equal states hash equal on server, browser and replay.

export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
}

/**
 * Two independent 32-bit FNV-1a passes (different offset bases, the second over a rotated input mix),
 * joined into a 53-bit number: fast, deterministic everywhere, and plenty to tell states apart.
 */
export function fnv53(str: string, seed = 0): number {
  let a = (0x811c9dc5 ^ seed) >>> 0;
  let b = (0x01000193 ^ Math.imul(seed, 0x9e3779b1) ^ 0x5bd1e995) >>> 0;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    a = Math.imul(a ^ ch, 0x01000193);
    b = Math.imul(b ^ ((ch << 7) | (ch >>> 9)) ^ (a >>> 15), 0x01000193);
  }
  return 4294967296 * ((b >>> 0) & 0x1fffff) + (a >>> 0);
}

export function stateHash(state: unknown): string {
  return fnv53(stableStringify(state)).toString(16).padStart(14, '0');
}
