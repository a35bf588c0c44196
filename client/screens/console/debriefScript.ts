import './debriefScript.css';
import { el, clear } from '../../dom/el';
import { formatClock, plural } from '../../dom/format';
import type { HostView } from '../../../shared/protocol/events';
import { debriefScript, type DebriefScript, type ScriptPhase } from '../../../shared/replay/debriefScript';

/** What the page exposes for tests: the phase on screen and its timer. */
export type ScriptProbe = { phase: number; id: string; running: boolean; remainingMs: number };

/**
 * The facilitator's debrief script (issue 12 item 5), on the console once the game has ended: six
 * phases (feelings → what happened → what we learned → how it relates to our work → what if → what
 * next), each with its prompts, this session's figures and the cards' debrief questions, a timer per
 * phase, keyboard navigation (←/→ or Page Up/Down between phases, 1–6 to jump, T starts/pauses the
 * timer, R resets it) and a printable version of the whole script.
 */
export function debriefScriptPanel(): { node: HTMLElement; update(v: HostView): void } {
  const steps = el('ol', { class: 'script-steps', 'aria-label': 'Debrief phases' });
  const stage = el('div', { class: 'script-phase', id: 'script-phase', 'aria-live': 'polite' });
  const clock = el('span', { class: 'script-clock', id: 'script-clock', role: 'timer', 'aria-label': 'Time left in this phase' }, '0:00');
  const startBtn = el('button', { type: 'button', id: 'script-timer', class: 'small' }, 'Start timer');
  const resetBtn = el('button', { type: 'button', id: 'script-reset', class: 'small' }, 'Reset');
  const prevBtn = el('button', { type: 'button', id: 'script-prev' }, '\u2190 Previous');
  const nextBtn = el('button', { type: 'button', id: 'script-next', class: 'primary' }, 'Next \u2192');
  const printBtn = el('button', { type: 'button', id: 'script-print', class: 'small' }, 'Print the script');
  const total = el('p', { class: 'script-total' });
  const printable = el('section', { class: 'script-print', 'aria-hidden': 'true' });
  const node = el('section', { class: 'panel debrief-script', id: 'debrief-script', 'aria-labelledby': 'script-title', hidden: true, tabIndex: -1 },
    el('div', { class: 'script-head' },
      el('h2', { id: 'script-title' }, 'Debrief script'),
      total,
      printBtn,
    ),
    steps,
    el('div', { class: 'script-timer-row' }, clock, startBtn, resetBtn),
    stage,
    el('div', { class: 'script-nav' }, prevBtn, el('span', { class: 'hint script-keys' }, 'Keys: \u2190 \u2192 phases \u00b7 1\u20136 jump \u00b7 T timer \u00b7 R reset'), nextBtn),
    printable,
  );

  let script: DebriefScript | null = null;
  let key = '';
  let current = 0;
  // Per phase: ms left and, while running, when it started counting.
  let left: number[] = [];
  let runningSince: number | null = null;

  const remaining = () => left[current] - (runningSince === null ? 0 : Date.now() - runningSince);
  const stopClock = () => {
    if (runningSince !== null) left[current] = remaining();
    runningSince = null;
  };
  const paintClock = () => {
    if (!script) return;
    const ms = remaining();
    clock.textContent = ms >= 0 ? formatClock(ms) : `+${formatClock(-ms)}`;
    clock.classList.toggle('over', ms < 0);
    startBtn.textContent = runningSince !== null ? 'Pause timer' : ms === script.phases[current].minutes * 60_000 ? 'Start timer' : 'Resume timer';
    (window as unknown as { __script: ScriptProbe }).__script = { phase: current, id: script.phases[current].id, running: runningSince !== null, remainingMs: ms };
  };
  const go = (i: number) => {
    if (!script) return;
    const n = Math.max(0, Math.min(script.phases.length - 1, i));
    if (n === current && stage.childElementCount) return;
    stopClock();
    current = n;
    renderPhase();
  };
  const toggle = () => {
    if (runningSince === null) runningSince = Date.now();
    else stopClock();
    paintClock();
  };
  const reset = () => {
    if (!script) return;
    runningSince = null;
    left[current] = script.phases[current].minutes * 60_000;
    paintClock();
  };

  function renderPhase(): void {
    if (!script) return;
    const p = script.phases[current];
    [...steps.children].forEach((li, i) => {
      const b = li.firstElementChild as HTMLElement;
      if (i === current) b.setAttribute('aria-current', 'step');
      else b.removeAttribute('aria-current');
      li.classList.toggle('done', i < current);
    });
    clear(stage);
    stage.append(...phaseBody(p, current, script.phases.length));
    prevBtn.disabled = current === 0;
    nextBtn.disabled = current === script.phases.length - 1;
    paintClock();
  }

  function build(s: DebriefScript): void {
    script = s;
    left = s.phases.map((p) => p.minutes * 60_000);
    runningSince = null;
    current = Math.min(current, s.phases.length - 1);
    total.textContent = `${plural(s.phases.length, 'phase')} \u00b7 about ${plural(s.totalMinutes, 'minute')}`;
    clear(steps);
    s.phases.forEach((p, i) =>
      steps.append(el('li', {}, el('button', { type: 'button', class: 'script-step', 'data-phase': p.id, onclick: () => go(i) }, el('span', { class: 'step-no' }, String(i + 1)), ` ${p.title}`, el('span', { class: 'step-min' }, ` ${p.minutes}\u2032`)))));
    clear(printable);
    printable.append(
      el('h1', {}, `Debrief script \u00b7 ${s.title}`),
      el('p', {}, `${plural(s.phases.length, 'phase')}, about ${plural(s.totalMinutes, 'minute')}.`),
      ...s.phases.map((p, i) => el('article', { class: 'sp-phase' }, ...phaseBody(p, i, s.phases.length, true))),
    );
    stage.replaceChildren();
    renderPhase();
  }

  startBtn.addEventListener('click', toggle);
  resetBtn.addEventListener('click', reset);
  prevBtn.addEventListener('click', () => go(current - 1));
  nextBtn.addEventListener('click', () => go(current + 1));
  printBtn.addEventListener('click', () => {
    document.body.classList.add('print-script');
    const done = () => document.body.classList.remove('print-script');
    window.addEventListener('afterprint', done, { once: true });
    window.print();
    setTimeout(done, 1000);
  });
  document.addEventListener('keydown', (e) => {
    if (node.hidden || !script || e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target as HTMLElement;
    if (t.closest('input, select, textarea, [contenteditable]')) return;
    const k = e.key;
    if (k === 'ArrowRight' || k === 'PageDown') go(current + 1);
    else if (k === 'ArrowLeft' || k === 'PageUp') go(current - 1);
    else if (/^[1-9]$/.test(k) && Number(k) <= script.phases.length) go(Number(k) - 1);
    else if (k === 't' || k === 'T') toggle();
    else if (k === 'r' || k === 'R') reset();
    else return;
    e.preventDefault();
  });
  setInterval(() => {
    if (runningSince !== null && !node.hidden) paintClock();
  }, 250);

  return {
    node,
    update(v) {
      node.hidden = v.phase !== 'ended';
      if (node.hidden) return;
      // Rebuilt only when what it reads changes (a story hidden after the end, for instance).
      const k = `${v.state.history.length}|${v.outcome?.name}|${v.state.history.flatMap((r) => r.stories.filter((s) => s.hidden).map((s) => s.storyId)).join(',')}`;
      if (k === key) return;
      key = k;
      build(debriefScript(v.state));
    },
  };
}

function phaseBody(p: ScriptPhase, i: number, n: number, print = false): HTMLElement[] {
  const section = (cls: string, title: string, items: string[]) =>
    items.length ? el('section', { class: cls }, el('h4', {}, title), el('ul', {}, ...items.map((s) => el('li', {}, s)))) : null;
  return [
    el(print ? 'h2' : 'h3', { class: 'script-phase-title' }, `${i + 1}. ${p.title}`, el('span', { class: 'script-phase-meta' }, ` \u00b7 ${p.minutes} min \u00b7 phase ${i + 1} of ${n}`)),
    el('p', { class: 'script-lead' }, p.lead),
    section('script-prompts', 'Ask the room', p.prompts),
    section('script-figures', 'From this session', p.figures),
    section('script-questions', 'The cards\u2019 debrief questions', p.questions),
  ].filter((x): x is HTMLElement => !!x);
}
