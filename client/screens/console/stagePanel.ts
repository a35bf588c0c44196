import { el } from '../../dom/el';

const PREF_KEY = 'powerup.console.preview';
type Handle = { destroy?: (removeCanvas: boolean) => void } | undefined;

/**
 * The stage: "Open stage" puts it in its own window for the projector; the preview embeds it here.
 * The preview runs a second Phaser game, so it can be switched off (remembered): on a phone used as
 * a remote, or on a laptop that already drives the projector window, it would only burn battery.
 */
export function stagePanel(code: string): HTMLElement {
  const url = `/stage?code=${encodeURIComponent(code)}`;
  const box = el('div', { id: 'stage-preview', class: 'stage-preview', role: 'img', 'aria-label': 'Preview of the stage; the “On the stage now” summary describes it in words' });
  const toggle = el('button', { type: 'button', class: 'secondary small', id: 'toggle-preview', 'aria-controls': 'stage-preview' });
  let handle: Handle;
  let booting = false;
  const render = (on: boolean) => {
    toggle.textContent = on ? 'Hide preview' : 'Show preview';
    toggle.setAttribute('aria-expanded', String(on));
    box.hidden = !on;
  };
  const start = () => {
    render(true);
    if (handle || booting) return;
    booting = true;
    void import('../../stage/bootStage').then(({ bootStage }) => {
      booting = false;
      if (box.hidden) return; // switched off while loading
      handle = bootStage(box, code) as unknown as Handle;
    });
  };
  const stop = () => {
    render(false);
    handle?.destroy?.(true);
    handle = undefined;
    box.replaceChildren();
  };
  toggle.addEventListener('click', () => {
    const on = box.hidden;
    try {
      localStorage.setItem(PREF_KEY, on ? 'on' : 'off');
    } catch {
      /* not remembered */
    }
    if (on) start();
    else stop();
  });
  const open = el('button', { type: 'button', class: 'primary', id: 'open-stage' }, 'Open stage');
  open.addEventListener('click', () => window.open(url, `powerup-stage-${code}`, 'popup=yes,width=1280,height=720'));
  let pref: string | null = null;
  try {
    pref = localStorage.getItem(PREF_KEY);
  } catch {
    /* no storage */
  }
  if (pref === 'on' || (pref === null && window.matchMedia('(min-width: 900px)').matches)) queueMicrotask(start);
  else render(false);
  return el('section', { class: 'panel stage-panel', 'aria-labelledby': 'stage-title' },
    el('div', { class: 'panel-head' }, el('h2', { id: 'stage-title' }, 'Stage'), el('div', { class: 'head-tools' }, toggle, open)),
    el('p', { class: 'hint' }, 'Open the stage in its own window and drag it to the projector (F11 for full screen).'),
    box,
  );
}
