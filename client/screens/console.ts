import { el, clear } from '../dom/el';
import { connect } from '../net/socket';
import type { HostView } from '../../shared/protocol/events';

/** The facilitator's console. The host key comes from the URL fragment. */
export function mountConsole(root: HTMLElement): void {
  clear(root);
  const hash = new URLSearchParams(location.hash.slice(1));
  const code = hash.get('code') ?? '';
  const hostKey = hash.get('key') ?? '';
  const socket = connect();
  const joinUrl = `${location.origin}/join?code=${code}`;
  const list = el('ul', { id: 'roster', class: 'roster' });
  const stageBox = el('div', { id: 'stage-preview', class: 'stage-preview' });
  const render = (view: HostView) => {
    clear(list);
    for (const p of Object.values(view.state.participants)) list.append(el('li', {}, p.name));
  };
  root.append(
    el('header', { class: 'console-head' },
      el('h1', {}, 'Facilitator console'),
      el('p', {}, 'Room code ', el('strong', { id: 'room-code', class: 'room-code' }, code)),
      el('p', {}, 'Join link ', el('a', { id: 'join-link', href: joinUrl }, joinUrl)),
    ),
    el('section', { class: 'card' }, el('h2', {}, 'Who is here'), list),
    stageBox,
  );
  socket.emit('host:attach', { code, hostKey }, (r) => {
    if (!r.ok) {
      root.append(el('p', { class: 'error', role: 'alert' }, r.message));
      return;
    }
    render(r.view);
  });
  socket.on('view', ({ view }) => render(view as HostView));
  void import('../stage/bootStage').then(({ bootStage }) => bootStage(stageBox, code));
}
