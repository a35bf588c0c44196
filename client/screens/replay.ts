import '../replay/replay.css';
import { el, clear } from '../dom/el';
import { PHASE_LABEL } from '../dom/format';
import { ReplayIndex } from '../../shared/replay/replayIndex';
import { debriefFigures } from '../../shared/replay/figures';
import { displayNames } from '../../shared/replay/pseudonyms';
import { viewFor } from '../../shared/engine/views';
import type { GameEvent } from '../../shared/schemas/events';
import type { GameState } from '../../shared/schemas/state';
import type { StageView } from '../../shared/schemas/views';
import { fetchLog, eventsOf, type Role } from '../replay/replayApi';
import { Player } from '../replay/playback';
import { describeEvent } from '../replay/describeEvent';
import { createTransport } from '../replay/transport';
import { createMomentPanel } from '../replay/momentPanel';
import { createFiguresPanel } from '../replay/figuresPanel';
import { createPrintSummary } from '../replay/printSummary';
import { createCohortsPanel } from '../replay/cohortsPanel';
import { createHostLink } from '../replay/hostLink';
import { exportsBar, importControl } from '../replay/exportsBar';
import { createStagePane } from '../replay/stagePane';
import { takeHostKey } from '../net/hostKeyStore';
import { facilitatorKey } from '../net/facilitatorKey';

const POLL_MS = 2000;

/** What the page exposes for tests and the console: the moment on screen. */
export type ReplayProbe = { seq: number; length: number; roundIndex: number | null; phase: string; playing: boolean; speed: number; stageView: StageView | null; figuresRounds: number };

/**
 * The replay and debrief page: /replay?code=XXXXX#token=… (read-only link) or #key=… (facilitator).
 * The log is fetched once (then followed while the session runs), folded into a ReplayIndex, and the
 * page renders the state at the playhead at most once per animation frame.
 */
export function mountReplay(root: HTMLElement): void {
  clear(root);
  document.body.classList.add('replay-page');
  const code = (new URLSearchParams(location.search).get('code') ?? '').toUpperCase();
  const hash = new URLSearchParams(location.hash.slice(1));
  // A facilitator's host key leaves the address bar once read (kept for reloads); a read-only #token= link
  // is meant to be shared and stays, and wins over a stored host key (the facilitator checking the link).
  const token = hash.get('token');
  const secret = hash.has('key') || !token ? takeHostKey(code) : token;
  document.title = `Replay ${code} \u00b7 Power Up`;
  if (!code || !secret) return showProblem(root, code ? 'This replay link is missing its key.' : 'Open a replay from the facilitator console or a replay link, or import a log.');
  const loading = el('p', { class: 'replay-loading', role: 'status' }, `Loading the replay of ${code}\u2026`);
  root.append(loading);
  void fetchLog(code, secret).then((r) => {
    if (!r.ok) return showProblem(root, r.code === 'NOT_ALLOWED' ? 'This replay link is not valid any more: the facilitator may have revoked it. Ask them for a new one.' : r.message);
    startReplay(root, code, secret, r.role, eventsOf(r), r.note, r.role === 'host' || r.shareNamed === true);
  });
}

function showProblem(root: HTMLElement, message: string): void {
  clear(root);
  root.append(
    el('div', { class: 'replay-problem' },
      el('h1', {}, 'Replay'),
      el('p', { class: 'error', role: 'alert' }, message),
      el('p', {}, 'Have a log exported from Power Up? Import it to replay it here.'),
      importControl(facilitatorKey() ?? undefined),
    ),
  );
}

/** `named`: the facilitator, or a read-only link they shared names with (the per-person exports and the import). */
function startReplay(root: HTMLElement, code: string, secret: string, role: Role, initial: GameEvent[], note: string | undefined, named: boolean): void {
  clear(root);
  const events = initial;
  let index = new ReplayIndex(events);
  let seq = index.length;

  // The newest word on each story's visibility, from the whole log: a story hidden later is hidden at every moment.
  const hiddenById = new Map<string, boolean>();
  let hiddenVersion = 0;
  const scanHidden = (from: number) => {
    for (let i = from; i < events.length; i++) {
      const e = events[i];
      if (e.type === 'storyHidden') {
        hiddenById.set(e.storyId, e.hidden);
        hiddenVersion++;
      }
    }
  };
  scanHidden(0);
  const isHidden = (storyId: string, fallback: boolean) => hiddenById.get(storyId) ?? fallback;

  const status = el('p', { class: 'replay-status', role: 'status', 'aria-live': 'polite' }, note ?? '');
  const say = (message: string) => {
    status.textContent = message;
  };
  const host = role === 'host' ? createHostLink(code, secret) : null;
  const onHide = async (storyId: string, hidden: boolean) => {
    if (!host) return;
    say(hidden ? 'Hiding the story\u2026' : 'Showing the story again\u2026');
    const r = await host.command({ type: 'hideStory', storyId, hidden });
    if (!r.ok) {
      const why = r.code === 'READ_ONLY' ? 'this is an imported session, which is read-only' : r.code === 'UNKNOWN_STORY' || r.code === 'ALREADY_ENDED' ? 'the server only accepts this for the round being played' : r.message;
      return say(`Could not change the story: ${why}.`);
    }
    say(hidden ? 'Story hidden: read-only viewers no longer see it.' : 'Story shown again.');
    await pullTail();
  };

  const player = new Player(() => events, () => seq, (s) => setSeq(s, false), () => schedule());
  const transport = createTransport({
    togglePlay: () => player.toggle(),
    step: (d) => {
      player.pause();
      setSeq(seq + d);
    },
    seek: (s) => setSeq(s),
    setSpeed: (s) => player.setSpeed(s),
  });
  const moment = createMomentPanel();
  const caption = el('p', { class: 'event-caption', id: 'replay-event', 'aria-live': 'polite' });
  const stage = createStagePane(code);
  const figures = createFiguresPanel({ role, isHidden, onHide: (id, h) => void onHide(id, h) });
  const print = createPrintSummary();
  // Past cohorts (issue 12 item 4): the facilitator's own earlier sessions of this deck; host key only.
  const cohorts = role === 'host' ? createCohortsPanel(code, secret) : null;
  const live = el('span', { class: 'rp-badge live', hidden: true }, 'Live');

  root.append(
    el('header', { class: 'replay-head' },
      el('div', { class: 'replay-title' },
        el('p', { class: 'kicker' }, 'Replay & debrief'),
        el('h1', { id: 'replay-title' }, index.latest().config.title),
        el('p', { class: 'meta' },
          el('span', { class: 'room-code' }, code), ' ',
          el('span', { class: 'rp-badge' }, role === 'host' ? 'Facilitator' : 'Read-only link'), ' ',
          index.latest().config.naming === 'pseudonyms' ? el('span', { class: 'rp-badge' }, 'Pseudonyms') : null, ' ',
          live,
        ),
      ),
      // The import counts for the facilitator: their host key here, else the key this browser hosts with.
      exportsBar({ code, secret, named, importKey: role === 'host' ? secret : facilitatorKey() ?? undefined, say }),
    ),
    status,
    el('div', { class: 'replay-main' },
      el('div', { class: 'replay-left' }, stage.el, caption, transport.el, moment.el),
      el('div', { class: 'replay-right' }, figures.el, cohorts?.el ?? null),
    ),
    print.el,
  );

  // --- the playhead ---
  function setSeq(next: number, userSeek = true): void {
    seq = Math.max(1, Math.min(index.length, Math.round(next)));
    if (userSeek) player.restartGap();
    schedule();
  }

  let frame = 0;
  function schedule(): void {
    if (!frame) frame = requestAnimationFrame(render);
  }

  let figuresKey = '';
  function render(): void {
    frame = 0;
    const state = index.stateAt(seq);
    const event = index.eventAt(seq);
    const view = stageViewOf(state, event.at, isHidden, role);
    const text = describeEvent(event, state, displayNames(state), seq > 1 ? index.eventAt(seq - 1) : undefined);
    const at = new Date(event.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const elapsed = formatElapsed(event.at - events[0].at);
    caption.textContent = text;
    const roundNo = state.round ? `round ${state.round.index + 1}, ` : '';
    transport.update({
      seq, length: index.length, playing: player.playing, speed: player.speed, roundStarts: index.roundStarts,
      valueText: `Event ${seq} of ${index.length} \u00b7 ${roundNo}${PHASE_LABEL[state.phase].toLowerCase()} \u00b7 ${at} (+${elapsed})`,
    });
    moment.update(view);
    stage.show(view, seq);
    // The figures change only at a reveal, the end, or when a story's visibility changes.
    const key = `${state.history.length}|${state.phase === 'ended'}|${hiddenVersion}`;
    let rounds = state.history.length;
    if (key !== figuresKey) {
      figuresKey = key;
      const f = debriefFigures(events.slice(0, seq), state);
      rounds = f.rounds.length;
      figures.update(f);
    }
    (window as unknown as { __replay: ReplayProbe }).__replay = {
      seq, length: index.length, roundIndex: state.round ? state.round.index : null, phase: state.phase,
      playing: player.playing, speed: player.speed, stageView: view, figuresRounds: rounds,
    };
  }

  let printKey = '';
  function refreshPrint(): void {
    cohorts?.refresh(`${index.latest().history.length}|${index.latest().phase}`);
    const key = `${index.length}|${hiddenVersion}`;
    if (key === printKey) return;
    printKey = key;
    const f = debriefFigures(events, index.latest() as GameState);
    print.update(f, code, isHidden, named ? f.naming : 'withheld');
  }

  // --- following a running session ---
  let pulling = false;
  async function pullTail(): Promise<void> {
    if (pulling) return;
    pulling = true;
    try {
      const r = await fetchLog(code, secret, index.length);
      if (!r.ok) return;
      const atEnd = seq === index.length && !player.playing;
      const before = events.length;
      // A read-only link's log names only the cards already played and may lack the seed (issue 13 item 7):
      // when a round (or the end) arrives, its first event changed, so the whole log is folded again.
      const full = role === 'replay' && r.events.some((e) => e.event.type === 'roundStarted' || e.event.type === 'ended') ? await fetchLog(code, secret) : undefined;
      if (full?.ok) {
        index = new ReplayIndex(eventsOf(full));
        events.length = 0;
        events.push(...eventsOf(full));
        hiddenById.clear();
        hiddenVersion++;
        say(full.note ?? '');
        figuresKey = '';
        scanHidden(0);
      } else {
        if (full) return;
        for (const { seq: s, event } of r.events) {
          if (s !== events.length + 1) continue; // already have it
          index.append(event);
          events.push(event);
        }
        if (events.length === before) return;
        scanHidden(before);
      }
      if (atEnd) seq = index.length; // watching live: stay at the live edge
      refreshPrint();
      schedule();
    } finally {
      pulling = false;
      live.hidden = index.latest().phase === 'ended';
    }
  }
  const poll = window.setInterval(() => {
    if (index.latest().phase === 'ended') return window.clearInterval(poll);
    void pullTail();
  }, POLL_MS);
  live.hidden = index.latest().phase === 'ended';

  // Space plays and pauses; arrows step, unless a control that uses them has the focus.
  document.addEventListener('keydown', (e) => {
    const t = e.target as HTMLElement;
    if (e.altKey || e.ctrlKey || e.metaKey || t.closest('input, select, textarea, button, a, summary, [contenteditable]')) return;
    if (e.key === ' ') player.toggle();
    else if (e.key === 'ArrowLeft') setSeq(seq - 1);
    else if (e.key === 'ArrowRight') setSeq(seq + 1);
    else return;
    e.preventDefault();
  });

  refreshPrint();
  render();
}

/** The stage's view at the playhead; stories the facilitator hid (at any time) stay out of a read-only viewer's sight. */
function stageViewOf(state: GameState, at: number, isHidden: (id: string, fallback: boolean) => boolean, role: Role): StageView {
  const view = viewFor(state, { kind: 'stage' })!;
  // The countdown as it stood at that moment, frozen (the deadline is long past by now).
  if (view.timer.deadline !== null && !view.timer.paused) view.timer = { deadline: null, remainingMs: Math.max(0, view.timer.deadline - at), paused: true };
  view.stories = view.stories.filter((s) => !isHidden(s.storyId, false));
  for (const r of view.history)
    for (const s of r.stories) {
      s.hidden = isHidden(s.storyId, s.hidden);
      if (s.hidden && role !== 'host') s.text = '';
    }
  if (view.lastResult)
    for (const s of view.lastResult.stories) {
      s.hidden = isHidden(s.storyId, s.hidden);
      if (s.hidden && role !== 'host') s.text = '';
    }
  return view;
}

function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
