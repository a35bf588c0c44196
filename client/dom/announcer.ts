import { el } from './el';

/**
 * The phone's one polite live region: what a screen-reader user must hear without looking (voting opens,
 * time is nearly up, the round's result). Screens say things through `announce`; nothing else on the
 * phone is a chatty live region (the countdown is a `role=timer`, which is never read out by itself).
 */
const region = el('div', { id: 'phone-announcer', class: 'sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
let pending: ReturnType<typeof setTimeout> | undefined;

export function announcerNode(): HTMLElement {
  return region;
}

/** Says `text` once. The same words said again are read again (the region is emptied first). */
export function announce(text: string): void {
  if (pending) clearTimeout(pending);
  region.textContent = '';
  // A short gap between emptying and filling: screen readers read a change, not a rewrite in one task.
  pending = setTimeout(() => {
    region.textContent = text;
    pending = undefined;
  }, 150);
}

/** "3 minutes", "1 minute 30 seconds", "45 seconds" (to the nearest 5 s: the first tick is a little late). */
export function spokenDuration(ms: number): string {
  const total = Math.max(5, Math.round(ms / 5000) * 5);
  const m = Math.floor(total / 60);
  const s = total % 60;
  const mins = m ? `${m} minute${m === 1 ? '' : 's'}` : '';
  const secs = s ? `${s} seconds` : '';
  return [mins, secs].filter(Boolean).join(' ');
}
