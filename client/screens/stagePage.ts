import '../stage/stage.css';
import { clear, el } from '../dom/el';
import { sfx } from '../audio/sfx';
import { createLiveSummary } from '../stage/liveSummary';

const CAPTIONS_KEY = 'powerup.stage.captions';

function storedCaptions(): boolean {
  try {
    return localStorage.getItem(CAPTIONS_KEY) === 'on';
  } catch {
    return false;
  }
}

function storeCaptions(on: boolean): void {
  try {
    localStorage.setItem(CAPTIONS_KEY, on ? 'on' : 'off');
  } catch {
    /* private mode: the switch still works for this page */
  }
}

/**
 * The projector page: the Phaser stage filling the window, the same in words (a polite live region
 * with headings, client/stage/liveSummary.ts), and two small switches: sound (browsers keep audio off
 * until someone clicks the page; "M" toggles it too) and captions ("C"), which put the words on screen
 * under the picture for people at the back of the room (remembered in this browser).
 */
export function mountStagePage(root: HTMLElement): void {
  clear(root);
  const params = new URLSearchParams(location.search);
  const code = (params.get('code') ?? '').toUpperCase();
  const pace = Number(params.get('pace') ?? '1');
  document.title = code ? `Power Up stage · ${code}` : 'Power Up stage';
  document.body.classList.add('stage-page');

  const heading = el('h1', { class: 'stage-title' }, code ? `Power Up stage · room ${code}` : 'Power Up stage');
  const box = el('div', { id: 'stage', role: 'img', 'aria-label': 'The stage picture; the text below says what it shows' });
  const summary = createLiveSummary({ id: 'stage-summary' });

  const sound = el('button', { type: 'button', id: 'stage-sound' });
  const captions = el('button', { type: 'button', id: 'stage-captions', 'aria-controls': 'stage-summary' });
  const tools = el('div', { class: 'stage-tools', role: 'group', 'aria-label': 'Stage switches' }, captions, sound);
  let heard = false;
  const label = () => {
    sound.textContent = sfx.muted ? 'Sound off (M)' : heard ? 'Sound on (M)' : 'Click for sound';
    sound.setAttribute('aria-pressed', String(heard && !sfx.muted));
  };
  let captionsOn = storedCaptions();
  let refit: (() => void) | null = null;
  const showCaptions = () => {
    captions.textContent = captionsOn ? 'Captions on (C)' : 'Captions off (C)';
    captions.setAttribute('aria-pressed', String(captionsOn));
    document.body.classList.toggle('captions-on', captionsOn);
    // The canvas refits to its smaller (or larger) box now, not at Phaser's next size check.
    refit?.();
  };
  const toggleCaptions = () => {
    captionsOn = !captionsOn;
    storeCaptions(captionsOn);
    showCaptions();
  };
  // The switches show while the mouse moves or a key is pressed, and fade after a few idle seconds, off
  // the projected picture (they stay focusable and in the accessibility tree; focus keeps them shown).
  let hideTimer = 0;
  const reveal = () => {
    tools.classList.remove('idle');
    clearTimeout(hideTimer);
    hideTimer = window.setTimeout(() => tools.classList.add('idle'), 4000);
  };
  sound.addEventListener('click', () => {
    if (heard || sfx.muted) sfx.setMuted(heard ? !sfx.muted : false);
    heard = true;
    sfx.unlock();
    label();
  });
  captions.addEventListener('click', toggleCaptions);
  window.addEventListener('mousemove', reveal);
  window.addEventListener('keydown', (e) => {
    reveal();
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'm' || e.key === 'M') {
      heard = true;
      sfx.unlock();
      sfx.toggleMuted();
      label();
    } else if ((e.key === 'c' || e.key === 'C') && !e.repeat) toggleCaptions();
  });
  // The switches sit where each scene leaves room (stage.css, by data-scene), measured from the canvas's
  // box: Phaser fits the picture in the window and centres it, so its edges are not the window's.
  const place = () => {
    const canvas = box.querySelector('canvas');
    if (!canvas) return;
    const r = canvas.getBoundingClientRect();
    tools.style.setProperty('--stage-top', `${r.top}px`);
    tools.style.setProperty('--stage-right', `${window.innerWidth - r.right}px`);
    tools.style.setProperty('--stage-scale', String(r.height / 1080));
  };
  const watch = new ResizeObserver(place);
  window.addEventListener('resize', place);
  label();
  showCaptions();
  reveal();
  root.append(heading, tools, box, summary.el);

  if (!code) {
    box.removeAttribute('role');
    box.removeAttribute('aria-label');
    box.append(el('p', { class: 'stage-missing' }, 'Open the stage from the facilitator console (it needs a room code).'));
    return;
  }
  // Until the first view is drawn (the stage's code and art load, the room answers) the screen says so.
  const loading = el('p', { class: 'stage-loading', id: 'stage-loading', role: 'status' }, `Loading the stage for room ${code}…`);
  root.append(loading);
  void import('../stage/bootStage').then(({ bootStage }) => {
    const handle = bootStage(box, code, {
      pace,
      onView: (view) => summary.update(view),
      onFirstScene: () => loading.remove(),
      onScene: (key) => {
        tools.dataset.scene = key;
        const canvas = box.querySelector('canvas');
        if (canvas) watch.observe(canvas);
        place();
      },
      // A room that does not exist (or a server out of reach) is said on the loading screen too.
      onStatus: (message) => {
        if (message && loading.isConnected) loading.textContent = message;
      },
      onBeat: (round, step) => summary.beat(round, step),
    });
    refit = () => {
      handle.game.scale.getParentBounds();
      handle.game.scale.refresh();
      place();
    };
  });
}
