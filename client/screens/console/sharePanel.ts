import { el } from '../../dom/el';
import { copyButton } from '../../dom/copyButton';
import { qrImage } from '../../qr/qrImage';
import { joinBase, joinUrlOn } from '../../net/joinUrl';
import type { HostSession } from '../../net/hostSession';
import type { HostView } from '../../../shared/protocol/events';

/** How people get in: the room code, the join link (with a copy button), a QR code, and the lock. */
export function sharePanel(host: HostSession): { node: HTMLElement; update(v: HostView): void } {
  let joinUrl = joinUrlOn(location.origin, host.code);
  const lock = el('button', { type: 'button', id: 'ctl-lock', class: 'secondary' });
  const lockNote = el('p', { class: 'hint', id: 'lock-note' });
  const error = el('p', { class: 'error', role: 'alert' });
  lock.addEventListener('click', async () => {
    const locked = !host.state.view?.locked;
    lock.disabled = true;
    const r = await host.command({ type: 'lock', locked });
    lock.disabled = false;
    error.textContent = r.ok ? '' : r.message;
  });
  const qrAlt = `QR code for the join link of room ${host.code}`;
  const qrBox = el('div', { class: 'qr-box' }, qrImage(joinUrl, qrAlt, 200));
  const link = el('a', { id: 'join-link', href: joinUrl, target: '_blank', rel: 'noopener' }, joinUrl);
  // On localhost the server knows the LAN address phones can actually reach.
  void joinBase().then((base) => {
    const better = joinUrlOn(base, host.code);
    if (better === joinUrl) return;
    joinUrl = better;
    link.href = link.textContent = joinUrl;
    qrBox.replaceChildren(qrImage(joinUrl, qrAlt, 200));
  });
  const node = el('section', { class: 'panel share', 'aria-labelledby': 'share-title' },
    el('h2', { id: 'share-title' }, 'Invite people'),
    el('div', { class: 'share-grid' },
      qrBox,
      el('div', { class: 'stack' },
        el('p', { class: 'code-line' }, 'Room code ', el('strong', { id: 'room-code', class: 'room-code' }, host.code)),
        el('p', { class: 'join-url' }, link),
        copyButton('Copy join link', () => joinUrl, { id: 'copy-join' }),
        lock, lockNote, error,
      ),
    ),
  );
  return {
    node,
    update(v) {
      lock.textContent = v.locked ? 'Unlock the room' : 'Lock the room';
      lock.setAttribute('aria-pressed', String(v.locked));
      lock.disabled = v.phase === 'ended';
      lockNote.textContent = v.locked ? 'Locked: nobody new can join (people already in can rejoin).' : 'Open: anyone with the code can join.';
    },
  };
}
