/** Real time in production; tests may pass their own. */
export type Clock = { now(): number };
export const systemClock: Clock = { now: () => Date.now() };
