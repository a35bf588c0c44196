import { el } from '../../dom/el';
import { remainingMs, formatClock, phaseLabel, plural } from '../../dom/format';
import { serverNow } from '../../net/serverClock';
import type { HostSession } from '../../net/hostSession';
import type { HostView } from '../../../shared/protocol/events';
import type { HostCommand } from '../../../shared/protocol/commands';
import { settled, type ConsoleStatus } from './status';

type Control = { id: string; button: HTMLButtonElement; shown(v: HostView): boolean };

const TIMED = new Set(['deciding', 'stories', 'storyVote', 'huddle', 'predicting']);
/** Rules v2 with predictions: closing the vote opens the prediction window (shared/engine/v2/predictions.ts). */
const predicts = (v: HostView) => v.rules === 2 && typeof v.state.config.predictSeconds === 'number';
/** Keys that take the highlighted next step: N, and what a presentation clicker sends (→, Page Down). */
export const NEXT_KEYS = ['n', 'N', 'ArrowRight', 'PageDown'];
export const PAUSE_KEYS = ['p', 'P'];

/** The round has a story stage (rules v1: after the vote; rules v2: pitches and backing before it). */
const storyCard = (v: HostView) => !!v.card?.storyPrompt && v.state.config.storyRounds !== false;

/** Skip leads to another phase of the round, not to the reveal (otherwise Reveal is the one button). */
function skipGoesOn(v: HostView): boolean {
  if (v.rules === 2) return v.phase === 'stories' || v.phase === 'storyVote' || v.phase === 'huddle' || (v.phase === 'deciding' && predicts(v));
  return (v.phase === 'deciding' && storyCard(v)) || v.phase === 'stories';
}

/** The stage is still telling the reveal (the phones have the outcome only so far): issue 15 item 9. */
const narrating = (v: HostView) => !!v.narration && v.narration.step < v.narration.total;

/**
 * The id of the next step of the flow, the one highlighted button (v2 on a story card: Start pitches →
 * Skip to backing → Skip to the vote → Reveal → Next round; after the last round, End session).
 */
export function nextStep(v: HostView): string | null {
  const more = v.roundsPlayed < v.roundsTotal;
  switch (v.phase) {
    case 'lobby':
    case 'between': return more ? 'ctl-start-round' : 'ctl-end';
    case 'card': return 'ctl-start-timer';
    case 'stories':
    case 'storyVote':
    case 'huddle':
    case 'predicting':
    case 'deciding': return v.timer.paused ? 'ctl-resume' : skipGoesOn(v) ? 'ctl-skip' : 'ctl-reveal';
    case 'reveal': return narrating(v) ? 'ctl-narrate' : more ? 'ctl-next' : 'ctl-end';
    default: return null;
  }
}

/**
 * The phase controls: only the buttons that make sense now are shown, and exactly one of them, the next
 * step of the flow, is highlighted and taken by N (or a clicker's → / Page Down).
 */
/** After an action: what it did (said in the console's live region) and the phase it should reach. */
type After = { say(v: HostView): string; phase?: HostView['phase']; focus: 'next' | 'timer' | 'self' };
const round = (v: HostView) => `Round ${(v.roundIndex ?? 0) + 1}`;
const clockLeft = (v: HostView) => {
  const left = remainingMs(v.timer, serverNow());
  return left === null ? '' : `, ${formatClock(left)} left`;
};
const AFTER: Record<string, After> = {
  'ctl-start-round': { phase: 'card', focus: 'next', say: (v) => `${round(v)} started${v.card ? `: ${v.card.title}` : ''}` },
  'ctl-start-timer': { focus: 'next', say: (v) => `Timer started: ${phaseLabel(v.phase, v.rules)}${clockLeft(v)}` },
  'ctl-skip': { focus: 'next', say: (v) => `Skipped to ${phaseLabel(v.phase, v.rules)}` },
  'ctl-reveal': { phase: 'reveal', focus: 'next', say: (v) => `${round(v)} revealed` },
  'ctl-next': { phase: 'between', focus: 'next', say: (v) => `Scoreboard after round ${v.roundsPlayed} on the stage` },
  'ctl-narrate': { focus: 'next', say: (v) => (v.narration ? `Step ${v.narration.step} of ${v.narration.total} on the stage` : 'Next step on the stage') },
  'ctl-narrate-skip': { focus: 'next', say: () => 'The reveal is told to its end: the phones show the result' },
  'ctl-pause': { focus: 'timer', say: (v) => `Timer paused${clockLeft(v)}` },
  'ctl-resume': { focus: 'timer', say: (v) => `Timer resumed${clockLeft(v)}` },
  'ctl-extend': { focus: 'self', say: (v) => `30 seconds added${clockLeft(v)}` },
  'ctl-end': { phase: 'ended', focus: 'next', say: () => 'Session ended' },
};
const timerKey = (v: HostView | null | undefined) => (v ? JSON.stringify([v.phase, v.roundIndex, v.timer, v.narration?.step]) : '');

export function controls(host: HostSession, status: ConsoleStatus): { node: HTMLElement; update(v: HostView): void; tick(v: HostView): void } {
  const error = el('p', { class: 'error', role: 'alert', id: 'control-error' });
  const clock = el('p', { class: 'console-clock', role: 'timer', 'aria-label': 'Time left', id: 'console-clock' });
  const phase = el('p', { class: 'console-phase', id: 'console-phase' });
  const inFlight = new Set<HTMLButtonElement>();
  const run = async (button: HTMLButtonElement, ...commands: HostCommand[]) => {
    error.textContent = '';
    const before = timerKey(host.state.view);
    button.disabled = true;
    inFlight.add(button);
    let ok = true;
    for (const c of commands) {
      const r = await host.command(c);
      if (!r.ok) {
        error.textContent = r.message;
        ok = false;
        break;
      }
    }
    const after = AFTER[button.id];
    // The view may arrive before or after the ack: wait for it to show the step before moving focus.
    if (ok && after) await settled((fn) => host.subscribe(fn), () => {
      const v = host.state.view;
      return !!v && timerKey(v) !== before && (!after.phase || v.phase === after.phase);
    });
    inFlight.delete(button);
    // Back to what the phase allows (the view may have arrived before the ack).
    const v = host.state.view;
    if (v) update(v);
    if (!ok || !after || !v) return status.focus(button, primaryButton(), headFocus);
    status.say(after.say(v));
    // Only when focus was on the console's own controls or nowhere: a facilitator who moved on keeps their place.
    const a = document.activeElement;
    if (a && a !== document.body && a !== button && !node.contains(a)) return;
    if (after.focus === 'next') status.focus(primaryButton(), document.getElementById('debrief-script'), headFocus);
    else if (after.focus === 'timer') status.focus(byId.get(v.timer.paused ? 'ctl-resume' : 'ctl-pause')!.button, byId.get('ctl-extend')!.button, primaryButton(), headFocus);
    else status.focus(button, primaryButton(), headFocus);
  };
  const primaryButton = () => {
    const v = host.state.view;
    const id = v ? nextStep(v) : null;
    return id ? byId.get(id)?.button : undefined;
  };
  const make = (id: string, label: string, onClick: (b: HTMLButtonElement) => void) => {
    const b = el('button', { type: 'button', id, class: 'control' }, label);
    b.addEventListener('click', () => onClick(b));
    return b;
  };
  const more = (v: HostView) => v.roundsPlayed < v.roundsTotal;
  const list: Control[] = [
    { id: 'ctl-start-round', button: make('ctl-start-round', 'Start round', (b) => void run(b, { type: 'startRound' })), shown: (v) => (v.phase === 'lobby' || v.phase === 'between') && more(v) },
    { id: 'ctl-start-timer', button: make('ctl-start-timer', 'Start timer', (b) => void run(b, { type: 'startTimer' })), shown: (v) => v.phase === 'card' },
    { id: 'ctl-skip', button: make('ctl-skip', 'Skip', (b) => void run(b, { type: 'skip' })), shown: (v) => TIMED.has(v.phase) && skipGoesOn(v) },
    // Rules v1: revealing before the story stage is over skips a phase; the button's label says so.
    { id: 'ctl-reveal', button: make('ctl-reveal', 'Reveal', (b) => void run(b, { type: 'reveal' })), shown: (v) => (v.rules === 2 ? v.phase === 'deciding' || v.phase === 'predicting' : TIMED.has(v.phase)) },
    // The reveal's narration: one sentence on (the room's pace), or straight to its end.
    { id: 'ctl-narrate', button: make('ctl-narrate', 'Next sentence', (b) => void narrate(b, 1)), shown: (v) => v.phase === 'reveal' && narrating(v) },
    { id: 'ctl-narrate-skip', button: make('ctl-narrate-skip', 'Skip to the result', (b) => void narrate(b, Infinity)), shown: (v) => v.phase === 'reveal' && narrating(v) },
    // The scoreboard between rounds comes before the next card (issue 15 item 10); Start round follows it.
    { id: 'ctl-next', button: make('ctl-next', 'Show the scoreboard', (b) => void run(b, { type: 'closeRound' })), shown: (v) => v.phase === 'reveal' && more(v) },
    { id: 'ctl-pause', button: make('ctl-pause', 'Pause', (b) => void run(b, { type: 'pause' })), shown: (v) => TIMED.has(v.phase) && v.timer.deadline !== null && !v.timer.paused },
    { id: 'ctl-resume', button: make('ctl-resume', 'Resume', (b) => void run(b, { type: 'resume' })), shown: (v) => v.timer.paused && v.phase !== 'ended' },
    { id: 'ctl-extend', button: make('ctl-extend', '+30 s', (b) => void run(b, { type: 'extend', seconds: 30 })), shown: (v) => TIMED.has(v.phase) && (v.timer.deadline !== null || v.timer.paused) },
    {
      id: 'ctl-end',
      button: make('ctl-end', 'End session', (b) => {
        const v = host.state.view;
        const left = v ? v.roundsTotal - v.roundsPlayed : 0;
        if (left > 0 && !window.confirm(`End the session now? ${left} round${left === 1 ? '' : 's'} will not be played.`)) return;
        void run(b, { type: 'end' });
      }),
      shown: (v) => v.phase !== 'ended',
    },
  ];
  const byId = new Map(list.map((c) => [c.id, c]));
  /** The narration `by` steps on from the step the console shows (Infinity: to its last step). */
  function narrate(b: HTMLButtonElement, by: number): Promise<void> {
    const n = host.state.view?.narration;
    if (!n) return Promise.resolve();
    return run(b, { type: 'narrate', step: Math.min(n.total, n.step + by) });
  }
  // Skip's meaning depends on what comes next: say it on the button.
  const skipLabel = (v: HostView) => {
    if (v.rules === 2 && v.phase === 'deciding') return 'Close the vote: predictions';
    if (v.rules === 2) return v.phase === 'stories' ? 'Skip to backing' : 'Skip to the vote';
    return v.phase === 'deciding' ? 'Skip to stories' : 'Skip to story vote';
  };
  // Reveal beside a Skip that goes on skips what is left of the story stage: the label says so.
  function revealLabel(v: HostView): string {
    if (!skipGoesOn(v)) return 'Reveal';
    if (v.rules === 2 && v.phase === 'deciding') return 'Reveal now (no predictions)';
    return v.phase === 'deciding' ? 'Reveal now (skips the stories)' : 'Reveal now (skips the story vote)';
  }
  // Rules v2: the first timer of a story card opens the pitches, otherwise the vote.
  const timerLabel = (v: HostView) => (v.rules !== 2 ? 'Start timer' : storyCard(v) ? 'Start pitches' : v.huddle?.thisRound ? 'Start the huddle' : 'Start the vote');
  const keys = el('p', { class: 'hint control-keys', id: 'control-keys' },
    'Keys: ', el('kbd', {}, 'N'), ', ', el('kbd', {}, '\u2192'), ' or ', el('kbd', {}, 'Page Down'), ' (a presentation clicker) take the highlighted next step; ',
    el('kbd', {}, 'P'), ' pauses or resumes.');
  const headFocus = el('h2', { id: 'controls-title', tabIndex: -1 }, 'Run the round');
  const node = el('section', { class: 'panel controls', 'aria-labelledby': 'controls-title' },
    el('div', { class: 'controls-head' }, headFocus, phase, clock),
    el('div', { class: 'control-grid' }, ...list.map((c) => c.button)),
    keys,
    error,
  );
  // Focus follows the flow onto the next step's button: a held Enter or Space must not take that one too.
  node.addEventListener('keydown', (e) => {
    if (e.repeat && (e.key === 'Enter' || e.key === ' ')) e.preventDefault();
  });
  const tick = (v: HostView) => {
    const left = remainingMs(v.timer, serverNow());
    clock.hidden = left === null;
    if (left !== null) clock.textContent = v.timer.paused ? `Paused ${formatClock(left)}` : formatClock(left);
    clock.classList.toggle('urgent', left !== null && !v.timer.paused && left <= 10_000);
  };
  function update(v: HostView): void {
    const round = v.roundIndex !== null && v.phase !== 'lobby' ? `Round ${v.roundIndex + 1} of ${v.roundsTotal} · ` : `${plural(v.roundsTotal, 'round')} · `;
    phase.textContent = round + phaseLabel(v.phase, v.rules);
    byId.get('ctl-start-round')!.button.textContent = `Start round ${v.roundsPlayed + 1}`;
    byId.get('ctl-start-timer')!.button.textContent = timerLabel(v);
    byId.get('ctl-skip')!.button.textContent = skipLabel(v);
    byId.get('ctl-reveal')!.button.textContent = revealLabel(v);
    if (v.narration) byId.get('ctl-narrate')!.button.textContent = `Next sentence (${Math.min(v.narration.total, v.narration.step + 1)} of ${v.narration.total})`;
    const next = nextStep(v);
    for (const c of list) {
      const shown = c.shown(v);
      const primary = shown && c.id === next;
      c.button.hidden = !shown;
      // A button in flight stays disabled until its ack; otherwise it follows the phase.
      c.button.disabled = !shown || inFlight.has(c.button);
      c.button.classList.toggle('primary', primary);
      if (primary) {
        c.button.dataset.shortcut = 'N';
        c.button.setAttribute('aria-keyshortcuts', 'N ArrowRight PageDown');
      } else {
        delete c.button.dataset.shortcut;
        c.button.removeAttribute('aria-keyshortcuts');
      }
      c.button.classList.toggle('danger', c.id === 'ctl-end' && !primary && shown && more(v) && v.phase !== 'lobby');
    }
    tick(v);
  }

  // One press, one step: a key repeat, a clicker's bounce (within 400 ms) or a second press before the
  // console shows the first step's result (the same phase for 1.5 s) is ignored.
  let lastKey = 0;
  let lastState = '';
  const stateKey = (v: HostView) => `${v.phase}|${v.roundIndex}|${v.timer.paused}|${v.narration?.step ?? ''}`;
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || !node.isConnected) return;
    const t = e.target as HTMLElement | null;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    const v = host.state.view;
    if (!v) return;
    let target: Control | undefined;
    if (NEXT_KEYS.includes(e.key)) {
      const id = nextStep(v);
      target = id ? byId.get(id) : undefined;
    } else if (PAUSE_KEYS.includes(e.key)) {
      target = [byId.get('ctl-pause')!, byId.get('ctl-resume')!].find((c) => c.shown(v));
    } else return;
    e.preventDefault();
    const now = Date.now();
    if (!target || target.button.disabled || target.button.hidden || now - lastKey < 400) return;
    if (stateKey(v) === lastState && now - lastKey < 1500) return;
    lastKey = now;
    lastState = stateKey(v);
    target.button.click();
  });
  return { node, tick, update };
}
