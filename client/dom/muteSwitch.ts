import { el } from './el';
import { sfx } from '../audio/sfx';

/** A sound on/off switch (a real button with aria-pressed); the choice persists across reloads. */
export function muteSwitch(): HTMLButtonElement {
  const state = el('span', { class: 'mute-state' });
  const button = el('button', { type: 'button', class: 'mute small', id: 'mute-switch', 'aria-label': 'Sound' }, 'Sound ', state);
  const render = () => {
    button.setAttribute('aria-pressed', String(!sfx.muted));
    state.textContent = sfx.muted ? 'off' : 'on';
  };
  button.addEventListener('click', () => {
    sfx.setMuted(!sfx.muted);
    render();
  });
  render();
  return button;
}
