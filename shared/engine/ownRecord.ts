// Records keyed by ids from clients or logs: reads and writes that never reach Object.prototype.
// `rec[id]` on a plain object returns inherited members for "__proto__" or "constructor", and
// writing through it can pollute every object in the process; these helpers only touch own keys.

export function hasOwn(rec: object, key: string): boolean {
  return Object.hasOwn(rec, key);
}

export function own<V>(rec: Record<string, V>, key: string): V | undefined {
  return hasOwn(rec, key) ? rec[key] : undefined;
}

export function setOwn<V>(rec: Record<string, V>, key: string, value: V): void {
  // Only "__proto__" has a setter on plain objects: defineProperty makes it an own data property.
  // Every other key is an ordinary assignment (much faster on the fold's hot path).
  if (key === '__proto__') Object.defineProperty(rec, key, { value, writable: true, enumerable: true, configurable: true });
  else rec[key] = value;
}

export function deleteOwn(rec: Record<string, unknown>, key: string): void {
  if (hasOwn(rec, key)) delete rec[key];
}
