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
  const nameInput = el('input', { id: 'join-name', name: 'name', autocomplete: 'nickname', maxLength: NAME_MAX_CHARS, required: true, enterKeyHint: 'go', 'aria-describedby': 'join-name-count' });
  // The limit in view while typing (a long name is never cut silently): "17/24", and a word when it is reached.
  const nameCount = el('p', { class: 'char-count', id: 'join-name-count' });
  const workshop = el('p', { class: 'workshop-title', id: 'join-workshop', hidden: true });
  const error = el('p', { class: 'error', id: 'join-error', role: 'alert' }, notice ?? '');
  const submit = el('button', { class: 'big primary', type: 'submit', id: 'join-submit' }, 'Join');
  const form = el('form', { class: 'panel stack join-form', id: 'join-form', 'aria-labelledby': 'join-title', noValidate: true },
    workshop,
    el('h1', { id: 'join-title', tabIndex: -1 }, 'Join the workshop'),
    el('p', { class: 'lead' }, 'Type the room code from the big screen and the name the others will see.'),
    el('label', { for: 'join-code' }, 'Room code'), codeInput,
    el('label', { for: 'join-name' }, 'Your name'), nameInput, nameCount,
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
    field.setAttribute('aria-describedby', field === nameInput ? 'join-error join-name-count' : 'join-error');
    field.focus();
  }
  for (const input of [codeInput, nameInput]) input.addEventListener('input', () => input.removeAttribute('aria-invalid'));
  let cut = false;
  const renderCount = () => {
    const n = nameInput.value.length;
    const full = n >= NAME_MAX_CHARS;
    nameCount.textContent = cut ? `${n}/${NAME_MAX_CHARS}: a name has at most ${NAME_MAX_CHARS} characters, the rest was not added` : full ? `${n}/${NAME_MAX_CHARS}: the most a name can have` : `${n}/${NAME_MAX_CHARS}`;
    nameCount.classList.toggle('near', n > NAME_MAX_CHARS - 5);
  };
  // A paste longer than the limit is cut by the browser: say so rather than cut silently.
  nameInput.addEventListener('paste', (e) => {
    const text = e.clipboardData?.getData('text') ?? '';
    const kept = nameInput.value.length - ((nameInput.selectionEnd ?? 0) - (nameInput.selectionStart ?? 0));
    cut = kept + text.length > NAME_MAX_CHARS;
  });
  nameInput.addEventListener('input', () => {
    if (nameInput.value.length < NAME_MAX_CHARS) cut = false;
    renderCount();
  });
  renderCount();
  // The workshop's title, from the code (the link's or the one typed), so people know they are in the right room.
  let asked = '';
  const welcome = async (c: string) => {
    if (c.length !== ROOM_CODE_LENGTH || c === asked) return;
    asked = c;
    try {
      const r = await fetch(`/api/sessions/${encodeURIComponent(c)}/welcome`);
      const body = r.ok ? ((await r.json()) as { title?: string }) : null;
      if (asked !== c) return;
      workshop.textContent = body?.title ?? '';
      workshop.hidden = !body?.title;
    } catch {
      // Offline for a moment: the form works without the title.
    }
  };
  codeInput.addEventListener('input', () => void welcome(codeInput.value.trim().toUpperCase()));
  if (code) void welcome(code);
  queueMicrotask(() => (code ? nameInput : codeInput).focus());
  return el('div', { class: 'screen join' }, form);
}
