import { clear, el } from '../dom/el';
import { sfx } from '../audio/sfx';

/**
 * The projector page: the Phaser stage filling the window, and one small sound switch (browsers keep
 * audio off until someone clicks the page; "M" toggles it too).
 */
export function mountStagePage(root: HTMLElement): void {
  clear(root);
  const params = new URLSearchParams(location.search);
  const code = (params.get('code') ?? '').toUpperCase();
  const pace = Number(params.get('pace') ?? '1');
  document.title = code ? `Power Up stage · ${code}` : 'Power Up stage';
  document.body.style.margin = '0';
  document.body.style.background = '#000';
  document.body.style.overflow = 'hidden';

  const box = el('div', { id: 'stage', role: 'img', 'aria-label': `Power Up stage for room ${code}` });
  Object.assign(box.style, { position: 'fixed', inset: '0', width: '100vw', height: '100vh' });

  const sound = el('button', { type: 'button', id: 'stage-sound' });
  Object.assign(sound.style, {
    position: 'fixed', top: '8px', right: '8px', zIndex: '10', font: '600 14px system-ui, sans-serif',
    padding: '6px 10px', borderRadius: '8px', border: '1px solid #fff6', background: '#1B1A2Ecc', color: '#fff', cursor: 'pointer',
  });
  let heard = false;
  const label = () => {
    sound.textContent = sfx.muted ? 'Sound off (M)' : heard ? 'Sound on (M)' : 'Click for sound';
    sound.setAttribute('aria-pressed', String(heard && !sfx.muted));
  };
  // The switch shows while the mouse moves and hides after a few idle seconds, off the projected picture.
  let hideTimer = 0;
  const reveal = () => {
    sound.style.visibility = 'visible';
    clearTimeout(hideTimer);
    hideTimer = window.setTimeout(() => (sound.style.visibility = 'hidden'), 4000);
  };
  sound.addEventListener('click', () => {
    if (heard || sfx.muted) sfx.setMuted(heard ? !sfx.muted : false);
    heard = true;
    sfx.unlock();
    label();
  });
  window.addEventListener('mousemove', reveal);
  window.addEventListener('keydown', (e) => {
    if (e.key !== 'm' && e.key !== 'M') return;
    heard = true;
    sfx.unlock();
    sfx.toggleMuted();
    label();
    reveal();
  });
  label();
  reveal();
  root.append(box, sound);

  if (!code) {
    box.append(el('p', { style: 'color:#fff;font:40px system-ui;padding:40px' }, 'Open the stage from the facilitator console (it needs a room code).'));
    return;
  }
  void import('../stage/bootStage').then(({ bootStage }) => bootStage(box, code, { pace }));
}
