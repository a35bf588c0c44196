import { el } from '../../dom/el';
import { remainingMs, formatClock, phaseLabel } from '../../dom/format';
import { serverNow } from '../../net/serverClock';
import type { HostSession } from '../../net/hostSession';
import type { HostView } from '../../../shared/protocol/events';
import type { HostCommand } from '../../../shared/protocol/commands';

type Control = { button: HTMLButtonElement; enabled(v: HostView): boolean; primary?(v: HostView): boolean };

const TIMED = new Set(['deciding', 'stories', 'storyVote']);

/** The phase controls: each button is enabled only when the engine would accept it. */
export function controls(host: HostSession): { node: HTMLElement; update(v: HostView): void; tick(v: HostView): void } {
  const error = el('p', { class: 'error', role: 'alert', id: 'control-error' });
  const clock = el('p', { class: 'console-clock', role: 'timer', 'aria-label': 'Time left', id: 'console-clock' });
  const phase = el('p', { class: 'console-phase', id: 'console-phase' });
  const run = async (button: HTMLButtonElement, ...commands: HostCommand[]) => {
    error.textContent = '';
    button.disabled = true;
    for (const c of commands) {
      const r = await host.command(c);
      if (!r.ok) {
        error.textContent = r.message;
        break;
      }
    }
    // Back to what the phase allows (the view may have arrived before the ack).
    if (host.state.view) update(host.state.view);
  };
  const make = (id: string, label: string, onClick: (b: HTMLButtonElement) => void) => {
    const b = el('button', { type: 'button', id, class: 'control' }, label);
    b.addEventListener('click', () => onClick(b));
    return b;
  };
  const more = (v: HostView) => v.roundsPlayed < v.roundsTotal;
  const list: Control[] = [
    { button: make('ctl-start-round', 'Start round', (b) => void run(b, { type: 'startRound' })), enabled: (v) => (v.phase === 'lobby' || v.phase === 'between') && more(v), primary: () => true },
    { button: make('ctl-start-timer', 'Start timer', (b) => void run(b, { type: 'startTimer' })), enabled: (v) => v.phase === 'card', primary: () => true },
    { button: make('ctl-pause', 'Pause', (b) => void run(b, { type: 'pause' })), enabled: (v) => TIMED.has(v.phase) && v.timer.deadline !== null && !v.timer.paused },
    { button: make('ctl-resume', 'Resume', (b) => void run(b, { type: 'resume' })), enabled: (v) => v.timer.paused, primary: () => true },
    { button: make('ctl-extend', '+30 s', (b) => void run(b, { type: 'extend', seconds: 30 })), enabled: (v) => TIMED.has(v.phase) && (v.timer.deadline !== null || v.timer.paused) },
    // Rules v2 on a story card: pitches → backing → the vote; Skip is the way forward, Reveal only ends the vote.
    { button: make('ctl-skip', 'Skip', (b) => void run(b, { type: 'skip' })), enabled: (v) => TIMED.has(v.phase), primary: (v) => v.rules === 2 && v.phase !== 'deciding' },
    { button: make('ctl-reveal', 'Reveal', (b) => void run(b, { type: 'reveal' })), enabled: (v) => (v.rules === 2 ? v.phase === 'deciding' : TIMED.has(v.phase)), primary: (v) => v.phase === 'deciding' && v.voted.buyer + v.voted.provider >= v.teamSizes.buyer + v.teamSizes.provider },
    { button: make('ctl-next', 'Next round', (b) => void run(b, { type: 'closeRound' }, { type: 'startRound' })), enabled: (v) => v.phase === 'reveal' && more(v), primary: () => true },
    {
      button: make('ctl-end', 'End workshop', (b) => {
        const v = host.state.view;
        const left = v ? v.roundsTotal - v.roundsPlayed : 0;
        if (left > 0 && !window.confirm(`End the workshop now? ${left} round${left === 1 ? '' : 's'} will not be played.`)) return;
        void run(b, { type: 'end' });
      }),
      enabled: (v) => v.phase !== 'ended',
      primary: (v) => (v.phase === 'reveal' || v.phase === 'between') && !more(v),
    },
  ];
  // Skip's meaning depends on what comes next: say it on the button.
  const skipLabel = (v: HostView) => {
    if (v.rules === 2) return v.phase === 'stories' ? 'Skip to backing' : v.phase === 'storyVote' ? 'Skip to the vote' : 'Skip to reveal';
    return v.phase === 'deciding' && v.card?.storyPrompt ? 'Skip to stories' : v.phase === 'stories' ? 'Skip to story vote' : 'Skip to reveal';
  };
  // Rules v2: the first timer of a story card opens the pitches, otherwise the vote.
  const timerLabel = (v: HostView) => (v.rules !== 2 ? 'Start timer' : v.card?.storyPrompt ? 'Start pitches' : 'Start the vote');
  const node = el('section', { class: 'panel controls', 'aria-labelledby': 'controls-title' },
    el('div', { class: 'controls-head' }, el('h2', { id: 'controls-title' }, 'Run the round'), phase, clock),
    el('div', { class: 'control-grid' }, ...list.map((c) => c.button)),
    error,
  );
  const tick = (v: HostView) => {
    const left = remainingMs(v.timer, serverNow());
    clock.hidden = left === null;
    if (left !== null) clock.textContent = v.timer.paused ? `Paused ${formatClock(left)}` : formatClock(left);
    clock.classList.toggle('urgent', left !== null && !v.timer.paused && left <= 10_000);
  };
  function update(v: HostView): void {
    {
      const round = v.roundIndex !== null && v.phase !== 'lobby' ? `Round ${v.roundIndex + 1} of ${v.roundsTotal} · ` : `${v.roundsTotal} rounds · `;
      phase.textContent = round + phaseLabel(v.phase, v.rules);
      list[0].button.textContent = v.phase === 'lobby' ? 'Start round 1' : `Start round ${v.roundsPlayed + 1}`;
      list[1].button.textContent = timerLabel(v);
      list[5].button.textContent = skipLabel(v);
      for (const c of list) {
        // A button in flight stays disabled until its ack; otherwise it follows the phase.
        const enabled = c.enabled(v);
        c.button.disabled = !enabled;
        c.button.classList.toggle('primary', enabled && !!c.primary?.(v));
      }
      tick(v);
    }
  }
  return { node, tick, update };
}
