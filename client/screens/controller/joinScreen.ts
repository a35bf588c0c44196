import { el } from '../../dom/el';
import type { ParticipantSession } from '../../net/participantSession';
import { NAME_MAX_CHARS } from '../../../shared/schemas/text';
// 5 characters (shared/protocol/roomCode.ts); not imported, to keep zod out of the phone's bundle.
const ROOM_CODE_LENGTH = 5;

/** Room code (prefilled from the link or QR) and a name. Errors come from the server's ack. */
export function joinScreen(session: ParticipantSession, code: string, notice: string | null): HTMLElement {
  const codeInput = el('input', {
    id: 'join-code', name: 'code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: false,
    maxLength: ROOM_CODE_LENGTH, value: code, class: 'code-input', required: true, inputMode: 'text',
  });
  const nameInput = el('input', { id: 'join-name', name: 'name', autocomplete: 'nickname', maxLength: NAME_MAX_CHARS, required: true, enterKeyHint: 'go' });
  const error = el('p', { class: 'error', id: 'join-error', role: 'alert' }, notice ?? '');
  const submit = el('button', { class: 'big primary', type: 'submit', id: 'join-submit' }, 'Join');
  const form = el('form', { class: 'panel stack join-form', id: 'join-form', 'aria-labelledby': 'join-title', noValidate: true },
    el('h1', { id: 'join-title', tabIndex: -1 }, 'Join the workshop'),
    el('p', { class: 'lead' }, 'Type the room code from the big screen and the name the others will see.'),
    el('label', { for: 'join-code' }, 'Room code'), codeInput,
    el('label', { for: 'join-name' }, 'Your name'), nameInput,
    submit,
    error,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const c = codeInput.value.trim().toUpperCase();
    const name = nameInput.value.trim();
    if (!c) return showError('Please type the room code.', codeInput);
    if (!name) return showError('Please type your name.', nameInput);
    submit.disabled = true;
    submit.textContent = 'Joining…';
    const r = await session.join(c, name);
    submit.disabled = false;
    submit.textContent = 'Join';
    if (!r.ok) showError(r.message, r.code === 'NO_SUCH_SESSION' || /code/i.test(r.message) ? codeInput : nameInput);
  });
  function showError(message: string, field: HTMLInputElement): void {
    error.textContent = message;
    field.setAttribute('aria-invalid', 'true');
    field.setAttribute('aria-describedby', 'join-error');
    field.focus();
  }
  for (const input of [codeInput, nameInput]) input.addEventListener('input', () => input.removeAttribute('aria-invalid'));
  queueMicrotask(() => (code ? nameInput : codeInput).focus());
  return el('div', { class: 'screen join' }, form);
}
