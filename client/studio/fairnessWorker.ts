/// <reference lib="webworker" />
import { runFairnessChecks } from './fairnessChecks';

/**
 * The fairness check off the page's thread: `{ type: 'run', id, deck }` in; `progress` messages, then one
 * `result`, out. Cancelling terminates the worker (the page starts a fresh one for the next run).
 */
export type FairnessRequest = { type: 'run'; id: number; deck: unknown };
export type FairnessMessage =
  | { type: 'progress'; id: number; done: number; total: number; step: string }
  | { type: 'result'; id: number; report: ReturnType<typeof runFairnessChecks> }
  | { type: 'failed'; id: number; message: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (e: MessageEvent<FairnessRequest>) => {
  const { id, deck } = e.data;
  try {
    const report = runFairnessChecks(deck, (p) => scope.postMessage({ type: 'progress', id, ...p } satisfies FairnessMessage));
    scope.postMessage({ type: 'result', id, report } satisfies FairnessMessage);
  } catch (err) {
    scope.postMessage({ type: 'failed', id, message: (err as Error).message } satisfies FairnessMessage);
  }
};
