import { el, clear } from '../dom/el';
import { connect } from '../net/socket';

/** Landing page: host a new workshop, or type a room code to join one. */
export function mountHome(root: HTMLElement): void {
  clear(root);
  const codeInput = el('input', { id: 'home-code', name: 'code', autocomplete: 'off', maxLength: 5, placeholder: 'ABCDE', 'aria-label': 'Room code', class: 'code-input' });
  const status = el('p', { class: 'status', role: 'status' });
  const hostButton = el('button', { class: 'big primary', type: 'button', id: 'host-button' }, 'Host a workshop');
  hostButton.addEventListener('click', () => {
    hostButton.disabled = true;
    status.textContent = 'Creating your session…';
    const socket = connect();
    socket.emit('session:create', {}, (r) => {
      socket.close();
      if (!r.ok) {
        status.textContent = r.message;
        hostButton.disabled = false;
        return;
      }
      // The host key lives in the URL fragment: browsers never send it to the server or its logs.
      location.href = `/host#code=${r.code}&key=${encodeURIComponent(r.hostKey)}`;
    });
  });
  const joinForm = el('form', { class: 'card stack', id: 'home-join' },
    el('label', { for: 'home-code' }, 'Got a room code?'),
    codeInput,
    el('button', { class: 'big', type: 'submit' }, 'Join'),
  );
  joinForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const code = codeInput.value.trim().toUpperCase();
    if (code) location.href = `/join?code=${encodeURIComponent(code)}`;
  });
  root.append(
    el('header', { class: 'hero' },
      el('h1', {}, 'Power Up'),
      el('p', { class: 'lead' }, 'A live workshop game about Courage, Budget and Stories: what buyer and provider need to bring real innovation to an outsourcing relationship.'),
    ),
    el('section', { class: 'card stack' },
      el('h2', {}, 'Facilitating?'),
      el('p', {}, 'Create a session, put the stage on the projector and let people join from their phones.'),
      hostButton,
      status,
    ),
    joinForm,
  );
}
