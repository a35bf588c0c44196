import { el, clear } from '../dom/el';
import { connectionBanner } from '../dom/connectionBanner';
import { teamBadge } from '../dom/teamBadge';
import { muteSwitch } from '../dom/muteSwitch';
import { keepScreenAwake } from '../dom/wakeLock';
import { remainingMs, formatClock, phaseLabel } from '../dom/format';
import { ParticipantSession, type ParticipantState } from '../net/participantSession';
import { calibrateServerClock, serverNow } from '../net/serverClock';
import { sfx } from '../audio/sfx';
import { joinScreen } from './controller/joinScreen';
import { lobbyScreen } from './controller/lobbyScreen';
import { roundScreen } from './controller/roundScreen';
import { storyScreen } from './controller/storyScreen';
import { storyVoteScreen } from './controller/storyVoteScreen';
import { predictScreen } from './controller/predictScreen';
import { resultScreen } from './controller/resultScreen';
import { endScreen } from './controller/endScreen';
import { timeCues } from './controller/timeCues';
import { announcerNode } from '../dom/announcer';
import type { Screen } from './controller/types';
import type { TeamView } from '../../shared/schemas/views';

/** Which screen a state calls for; the same key means "update in place". */
function screenKey(s: ParticipantState): string {
  if (s.kicked) return `kicked:${s.kicked}`;
  if (!s.joined || !s.view || !s.me) return s.rejoining ? 'rejoining' : 'join';
  if (s.me.removed) return 'kicked:removed';
  const v = s.view;
  switch (v.phase) {
    case 'lobby': return 'lobby';
    case 'card':
    case 'huddle':
    case 'deciding': return `round:${v.roundIndex}`;
    case 'stories': return `stories:${v.roundIndex}`;
    case 'storyVote': return `vote:${v.roundIndex}`;
    case 'predicting': return `predict:${v.roundIndex}`;
    case 'reveal':
    case 'between': return `result:${v.roundIndex}`;
    case 'ended': return 'end';
  }
}

const ACTIVE_PHASES = new Set(['card', 'deciding', 'stories', 'storyVote', 'huddle', 'predicting', 'reveal']);

/** The participant's phone: join with a name, then follow the workshop round by round. */
export function mountController(root: HTMLElement): void {
  clear(root);
  const params = new URLSearchParams(location.search);
  const codeFromPath = location.pathname.startsWith('/j/') ? decodeURIComponent(location.pathname.slice(3)) : '';
  const code = (params.get('code') ?? codeFromPath).trim().toUpperCase();
  void calibrateServerClock();
  // Phones start muted (a room of phones chiming at every vote); the stage has the sound.
  sfx.setDefaultMuted(true);
  const session = new ParticipantSession(code);

  const banner = connectionBanner();
  const who = el('div', { class: 'who' });
  const clock = el('div', { class: 'clock', id: 'countdown', role: 'timer', 'aria-label': 'Time left' });
  const phase = el('div', { class: 'phase-label' });
  // Under 30 s / 10 s left: said once in the live region and shown in words under the bar (not only colour).
  const cues = timeCues();
  const bar = el('header', { class: 'topbar', hidden: true }, el('div', { class: 'topbar-left' }, who, phase), clock, cues.warning);
  const main = el('div', { class: 'controller', id: 'controller' });
  // Sound is a rare choice on a phone: it sits at the bottom, out of the thumb's way.
  const footer = el('footer', { class: 'controller-footer', hidden: true }, muteSwitch());
  root.classList.add('app-controller');
  root.append(banner.node, bar, main, footer, announcerNode());

  let key = '';
  let screen: Screen | null = null;

  const build = (k: string, s: ParticipantState): HTMLElement => {
    screen = null;
    if (k === 'join') return joinScreen(session, s.code, s.notice);
    if (k === 'rejoining') return el('section', { class: 'panel stack', id: 'rejoining' }, el('h1', { tabIndex: -1 }, 'Rejoining the workshop…'), el('p', { class: 'lead' }, 'One moment: bringing you back to your team.'));
    if (k.startsWith('kicked')) return kickedScreen(k === 'kicked:banned', () => session.reset());
    if (k === 'lobby') screen = lobbyScreen(session);
    else if (k.startsWith('round')) screen = roundScreen(session);
    else if (k.startsWith('stories')) screen = storyScreen(session);
    else if (k.startsWith('vote')) screen = storyVoteScreen(session);
    else if (k.startsWith('predict')) screen = predictScreen(session);
    else if (k.startsWith('result')) screen = resultScreen();
    else screen = endScreen();
    return screen.node;
  };

  const renderBar = (view: TeamView | null, s: ParticipantState) => {
    bar.hidden = !s.joined || !s.me || !!s.kicked;
    footer.hidden = bar.hidden;
    if (bar.hidden || !view || !s.me) return;
    clear(who);
    who.append(teamBadge(s.me.team), el('span', { class: 'me-name' }, s.me.name));
    const roundText = view.roundIndex !== null && view.phase !== 'lobby' && view.phase !== 'ended' ? `Round ${view.roundIndex + 1}/${view.roundsTotal} · ` : '';
    phase.textContent = roundText + phaseLabel(view.phase, view.rules);
    root.dataset.team = s.me.team;
  };

  const tick = () => {
    const view = session.state.view;
    const left = view && session.state.joined ? remainingMs(view.timer, serverNow()) : null;
    cues.tick(session.state.joined ? view : null, left);
    clock.hidden = left === null;
    if (left === null || !view) return;
    clock.textContent = view.timer.paused ? `Paused ${formatClock(left)}` : formatClock(left);
    clock.classList.toggle('urgent', !view.timer.paused && left <= 10_000);
  };
  setInterval(tick, 250);

  let wasJoined = false;
  const render = () => {
    const s = session.state;
    banner.update(s.connection);
    const k = screenKey(s);
    if (k !== key) {
      const first = key === '';
      key = k;
      clear(main);
      main.append(build(k, s));
      // Move focus to the new screen's heading so keyboard and screen-reader users follow along.
      if (!first && k !== 'join') main.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
      window.scrollTo(0, 0);
    }
    if (screen && s.view && s.me) screen.update(s.view, s.me);
    renderBar(s.view, s);
    cues.phaseShown(s.joined && s.me ? s.view : null, s.me?.team ?? null, s.view && s.joined ? remainingMs(s.view.timer, serverNow()) : null);
    keepScreenAwake(!!s.joined && !!s.view && ACTIVE_PHASES.has(s.view.phase));
    if (s.joined && !wasJoined) sfx.play('join');
    wasJoined = s.joined;
    tick();
  };
  session.subscribe(render);
  render();
  // Tests and debugging read the latest state from here (no secrets in it: the token stays in storage).
  (window as any).__controller = session;
}

function kickedScreen(banned: boolean, rejoin: () => void): HTMLElement {
  return el('section', { class: 'panel stack kicked', id: 'kicked', 'aria-labelledby': 'kicked-title' },
    el('h1', { id: 'kicked-title', tabIndex: -1 }, 'You were removed from this session'),
    el('p', { class: 'lead' }, banned
      ? 'The facilitator removed this device from the workshop and it cannot join again.'
      : 'The facilitator removed you from the workshop. If that was a mistake, you can join again.'),
    banned ? null : el('button', { type: 'button', class: 'big primary', onclick: rejoin }, 'Join again'),
  );
}
