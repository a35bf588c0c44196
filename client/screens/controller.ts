import { el, clear } from '../dom/el';
import { connect } from '../net/socket';
import type { TeamView } from '../../shared/schemas/views';

/** The participant's phone: join with a name, then follow the workshop. */
export function mountController(root: HTMLElement): void {
  clear(root);
  const params = new URLSearchParams(location.search);
  const codeFromPath = location.pathname.startsWith('/j/') ? location.pathname.slice(3) : '';
  const socket = connect();
  const codeInput = el('input', { id: 'join-code', name: 'code', autocomplete: 'off', maxLength: 5, value: (params.get('code') ?? codeFromPath).toUpperCase(), class: 'code-input' });
  const nameInput = el('input', { id: 'join-name', name: 'name', autocomplete: 'nickname', maxLength: 24, required: true });
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'card stack', id: 'join-form' },
    el('h1', {}, 'Join the workshop'),
    el('label', { for: 'join-code' }, 'Room code'), codeInput,
    el('label', { for: 'join-name' }, 'Your name'), nameInput,
    el('button', { class: 'big primary', type: 'submit' }, 'Join'),
    error,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    socket.emit('participant:join', { code: codeInput.value, name: nameInput.value }, (r) => {
      if (!r.ok) {
        error.textContent = r.message;
        return;
      }
      renderLobby(r.view, r.me.name);
    });
  });
  const renderLobby = (view: TeamView, me: string) => {
    clear(root);
    root.append(
      el('section', { class: 'card stack', id: 'lobby' },
        el('h1', {}, `You're in, ${me}`),
        el('p', {}, `${view.teamSizes.buyer + view.teamSizes.provider} people here. Watch the big screen.`),
      ),
    );
  };
  root.append(form);
  (codeInput.value ? nameInput : codeInput).focus();
}
