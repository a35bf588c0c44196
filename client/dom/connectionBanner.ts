import { el } from './el';
import type { Connection } from '../net/participantSession';

/** A banner that appears while the connection is lost; socket.io and the rejoin bring it back. */
export function connectionBanner(): { node: HTMLElement; update(c: Connection): void } {
  const text = el('span', {});
  const node = el('div', { class: 'conn-banner', role: 'status', hidden: true }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
  return {
    node,
    update(c) {
      node.hidden = c === 'online';
      text.textContent = c === 'connecting' ? 'Connecting…' : 'Reconnecting… your choices are safe.';
    },
  };
}
