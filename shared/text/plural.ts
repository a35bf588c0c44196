// Count labels that agree with their number ("1 round", "2 rounds"; "1 of 1 vote", "3 of 4 votes").
// Pure and import-free, so the client can use it without pulling in the schemas.

/** "1 player", "0 players", "2 people" (pass `many` when the plural is not `one` + "s"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "1 of 1 round", "0 of 1 vote", "2 of 3 rounds": the noun agrees with the whole it is counted out of. */
export function countOf(n: number, of: number, one: string, many = `${one}s`): string {
  return `${n} of ${plural(of, one, many)}`;
}
