import { el } from '../../dom/el';

/**
 * What the last console action did, said once in a polite live region (#console-status), and where focus
 * goes afterwards: never the page body (issue 17 item 3). A button that is disabled while its command is in
 * flight loses focus in Chromium, and a button that the new phase hides loses it for good; the action
 * puts focus on the next sensible control instead.
 */
export type ConsoleStatus = {
  node: HTMLElement;
  /** Says `text` (a repeat of the same text is said again). */
  say(text: string): void;
  /** Focuses `target` if it can take focus, else the first of `fallbacks` that can. */
  focus(target: HTMLElement | null | undefined, ...fallbacks: (HTMLElement | null | undefined)[]): void;
};

export const canFocus = (e: HTMLElement | null | undefined): e is HTMLElement =>
  !!e && e.isConnected && !(e as HTMLButtonElement).disabled && !e.closest('[hidden]') && e.getClientRects().length > 0;

export function consoleStatus(): ConsoleStatus {
  const node = el('p', { class: 'sr-only', id: 'console-status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  let n = 0;
  return {
    node,
    say(text) {
      // Cleared first so that the same words twice ("30 seconds added") are announced twice.
      node.textContent = '';
      const mine = ++n;
      requestAnimationFrame(() => {
        if (mine === n) node.textContent = text;
      });
    },
    focus(target, ...fallbacks) {
      const e = [target, ...fallbacks].find(canFocus);
      e?.focus();
    },
  };
}

/** Resolves once `done()` holds, checked whenever `subscribe`'s callback runs (or after `ms`, whatever happens). */
export function settled(subscribe: (fn: () => void) => () => void, done: () => boolean, ms = 3000): Promise<void> {
  if (done()) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = subscribe(() => {
      if (done()) finish();
    });
    const timer = setTimeout(finish, ms);
    function finish() {
      stop();
      clearTimeout(timer);
      resolve();
    }
  });
}
