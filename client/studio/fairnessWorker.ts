/// <reference lib="webworker" />
import { runFairnessChecks, type Progress } from './fairnessChecks';

/**
 * The fairness check off the page's thread: `{ type: 'run', id, deck }` in; `progress` messages (one per
 * phase of the balance report), then one `result` (or `failed`), out. The check is one synchronous run of
 * the harness, so cancelling terminates the worker (the page starts a fresh one for the next run). The
 * harness is only imported here, so it lands in the worker's own chunk, never in the studio's bundle.
 */
export type FairnessRequest = { type: 'run'; id: number; deck: unknown };
export type FairnessMessage =
  | ({ type: 'progress'; id: number } & Progress)
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
