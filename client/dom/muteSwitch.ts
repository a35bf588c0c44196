import { el } from './el';
import { sfx } from '../audio/sfx';

/** A sound on/off switch (a real button with aria-pressed); the choice persists across reloads. */
export function muteSwitch(): HTMLButtonElement {
  // The name stays "Sound"; aria-pressed says on/off (the visible on/off is for sighted users only).
  const state = el('span', { class: 'mute-state', 'aria-hidden': 'true' });
  const button = el('button', { type: 'button', class: 'mute small', id: 'mute-switch' }, 'Sound', state);
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
