import { el, clear } from '../dom/el';
import { icon } from '../dom/icons';
import { hostForm } from './hostForm';

/** Landing page: join with a room code (most visitors), or host a new workshop. */
export function mountHome(root: HTMLElement): void {
  clear(root);
  root.classList.add('app-home');
  const codeInput = el('input', { id: 'home-code', name: 'code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: false, maxLength: 5, placeholder: 'ABCDE', class: 'code-input' });
  const joinForm = el('form', { class: 'panel stack', id: 'home-join', 'aria-labelledby': 'join-heading' },
    el('h2', { id: 'join-heading' }, 'Join a workshop'),
    el('label', { for: 'home-code' }, 'Room code from the big screen'),
    codeInput,
    el('button', { class: 'big primary', type: 'submit' }, 'Join'),
  );
  joinForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const code = codeInput.value.trim().toUpperCase();
    if (code) location.href = `/join?code=${encodeURIComponent(code)}`;
    else codeInput.focus();
  });
  root.append(
    el('header', { class: 'hero' },
      el('p', { class: 'hero-icons', 'aria-hidden': 'true' }, icon('courage', 40), icon('budget', 40), icon('stories', 40)),
      el('h1', {}, 'Power Up'),
      el('p', { class: 'lead' }, 'A live workshop game for buyers and providers of outsourced services: bring Courage, Budget and Stories together, and ideas turn into step changes.'),
    ),
    el('div', { class: 'home-grid' }, joinForm, hostForm()),
  );
}
