import { el, clear } from '../dom/el';
import { SPEEDS, MAX_GAP_MS, type Speed } from './playback';

export type TransportActions = {
  togglePlay(): void;
  step(delta: number): void;
  seek(seq: number): void;
  setSpeed(speed: Speed): void;
};

export type TransportState = { seq: number; length: number; playing: boolean; speed: Speed; roundStarts: readonly number[]; valueText: string };

/**
 * Play/pause, stepping, speed and the timeline. The timeline is a native range input over seq (so
 * arrows, Page Up/Down, Home and End work), with a button per round placed under its start.
 */
export function createTransport(a: TransportActions): { el: HTMLElement; update(s: TransportState): void } {
  const play = el('button', { type: 'button', id: 'replay-play', class: 'primary play', onclick: () => a.togglePlay() }, 'Play');
  const back = el('button', { type: 'button', id: 'replay-back', 'aria-label': 'Step back one event', title: 'Step back one event', onclick: () => a.step(-1) }, '\u25c0');
  const fwd = el('button', { type: 'button', id: 'replay-forward', 'aria-label': 'Step forward one event', title: 'Step forward one event', onclick: () => a.step(1) }, '\u25b6');
  const first = el('button', { type: 'button', title: 'Go to the start', onclick: () => a.seek(1) }, 'Start');
  const last = el('button', { type: 'button', title: 'Go to the end', onclick: () => a.seek(Number.MAX_SAFE_INTEGER) }, 'End');

  const speeds = el('fieldset', { class: 'speeds' },
    el('legend', {}, 'Speed'),
    ...SPEEDS.map((s) => {
      const id = `speed-${String(s).replace('.', '_')}`;
      return el('span', { class: 'speed' },
        el('input', { type: 'radio', name: 'speed', id, value: String(s), checked: s === 1, onchange: () => a.setSpeed(s) }),
        el('label', { for: id }, `${s}\u00d7`),
      );
    }),
  );

  const range = el('input', { type: 'range', id: 'replay-timeline', min: 1, max: 1, step: 1, value: 1, 'aria-label': 'Timeline: event', oninput: () => a.seek(Number(range.value)) });
  const markers = el('div', { class: 'markers', role: 'group', 'aria-label': 'Jump to a round' });
  const position = el('p', { class: 'position', id: 'replay-position' });

  const root = el('section', { class: 'transport', 'aria-label': 'Replay controls' },
    el('div', { class: 'transport-row' },
      el('div', { class: 'buttons' }, first, back, play, fwd, last),
      speeds,
    ),
    el('div', { class: 'timeline' }, range, markers),
    el('div', { class: 'transport-notes' },
      position,
      el('p', { class: 'gap-note' }, `Played in event time; pauses longer than ${MAX_GAP_MS / 1000} s are shortened to ${MAX_GAP_MS / 1000} s.`),
    ),
  );

  let markerKey = '';
  const update = (s: TransportState) => {
    range.max = String(Math.max(1, s.length));
    range.value = String(s.seq);
    range.setAttribute('aria-valuetext', s.valueText);
    range.style.setProperty('--fill', `${s.length > 1 ? ((s.seq - 1) / (s.length - 1)) * 100 : 0}%`);
    play.textContent = s.playing ? 'Pause' : 'Play';
    play.setAttribute('aria-label', s.playing ? 'Pause' : 'Play');
    back.disabled = s.seq <= 1;
    fwd.disabled = s.seq >= s.length;
    position.textContent = s.valueText;
    const key = `${s.length}:${s.roundStarts.join(',')}`;
    if (key !== markerKey) {
      markerKey = key;
      clear(markers);
      s.roundStarts.forEach((seq, i) => {
        const p = s.length > 1 ? (seq - 1) / (s.length - 1) : 0;
        markers.append(el('button', { type: 'button', class: 'marker', style: `--at:${p}`, 'aria-label': `R${i + 1}: jump to round ${i + 1}`, 'data-seq': seq, onclick: () => a.seek(seq) }, `R${i + 1}`));
      });
    }
    const current = s.roundStarts.filter((r) => r <= s.seq).length;
    markers.querySelectorAll('button').forEach((b, i) => b.classList.toggle('current', i + 1 === current));
  };
  return { el: root, update };
}
