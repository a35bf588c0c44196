import { el, clear } from '../dom/el';
import { connectionBanner } from '../dom/connectionBanner';
import { muteSwitch } from '../dom/muteSwitch';
import { copyButton } from '../dom/copyButton';
import { HostSession } from '../net/hostSession';
import { takeHostKey } from '../net/hostKeyStore';
import { calibrateServerClock, serverNow } from '../net/serverClock';
import { sfx } from '../audio/sfx';
import { controls } from './console/controls';
import { summaryText } from './console/summary';
import { cardPanel } from './console/cardPanel';
import { storiesPanel } from './console/storiesPanel';
import { roster } from './console/roster';
import { sharePanel } from './console/sharePanel';
import { stagePanel } from './console/stagePanel';
import { resultPanel } from './console/resultPanel';
import { predictionsPanel } from './console/predictionsPanel';
import { debriefScriptPanel } from './console/debriefScript';
import { endPicturePanel } from './console/endPicturePanel';
import { huddlePanel } from './console/huddlePanel';
import { consoleStatus } from './console/status';
import { debriefQuestion } from './console/debriefQuestion';
import { planPanel } from './console/planPanel';
import './console/fit.css';

/**
 * The facilitator's console (/host#code=…&key=…): the host key travels in the fragment, never in a request
 * URL, and is taken out of the address bar as soon as it is read (the URL becomes /host#code=…).
 */
export function mountConsole(root: HTMLElement): void {
  clear(root);
  root.classList.add('app-console');
  const hash = new URLSearchParams(location.hash.slice(1));
  const code = (hash.get('code') ?? '').toUpperCase();
  // Read once, then gone from the address bar (kept in localStorage for reloads): see hostKeyStore.
  const hostKey = takeHostKey(code);
  if (!code || !hostKey) {
    root.append(el('section', { class: 'panel stack' }, el('h1', {}, 'This console link is incomplete'), el('p', { class: 'lead' }, 'Open the console from the link you got when you created the session, or create a new one.'), el('a', { href: '/', class: 'button primary' }, 'Host a workshop')));
    return;
  }
  void calibrateServerClock();
  const host = new HostSession(code, hostKey);

  const banner = connectionBanner();
  const title = el('h1', { class: 'console-title', tabIndex: -1 }, 'Facilitator console');
  const fatal = el('p', { class: 'error', role: 'alert', id: 'console-error' });
  const replayOut = el('input', { id: 'replay-link', readOnly: true, 'aria-label': 'Replay link', hidden: true });
  // Off by default: a shared link shows the debrief, with everyone as "Participant N" and no per-person export.
  const shareNamed = el('input', { type: 'checkbox', id: 'replay-share-named' });
  const shareLabel = el('label', { class: 'share-named small', for: 'replay-share-named' }, shareNamed, ' Link shares names and exports');
  const replayButton = copyButton('Copy replay link', async () => {
    const r = await host.command({ type: 'createReplayLink', shareNamed: shareNamed.checked });
    if (!r.ok || !r.replayToken) {
      fatal.textContent = r.ok ? 'No replay link came back.' : r.message;
      return '';
    }
    replayOut.value = `${location.origin}/replay?code=${code}#token=${encodeURIComponent(r.replayToken)}`;
    replayOut.hidden = false;
    revokeButton.hidden = false;
    return replayOut.value;
  }, { id: 'copy-replay', class: 'copy small' });
  // A shared read-only link can be closed at once (each new copy replaces the previous link anyway).
  const revokeButton = el('button', { type: 'button', id: 'revoke-replay', class: 'copy small', hidden: true }, 'Revoke replay link');
  revokeButton.addEventListener('click', async () => {
    const r = await host.command({ type: 'revokeReplayLink' });
    if (!r.ok) return void (fatal.textContent = r.message);
    replayOut.value = '';
    replayOut.hidden = true;
    revokeButton.hidden = true;
    status.say('Replay link revoked');
    status.focus(replayButton);
  });
  // The visible summary follows the countdown; the live region (read out by screen readers) changes
  // only when what the stage shows changes, not every second.
  const summary = el('p', { class: 'summary', id: 'live-summary' });
  const openReplay = el('a', { id: 'open-replay', class: 'button copy small', href: `/replay?code=${code}#key=${encodeURIComponent(hostKey)}`, target: '_blank', rel: 'noopener' }, 'Open replay');
  // The replay opens in a new tab; back here, focus is still on the link and the console said so.
  openReplay.addEventListener('click', () => {
    status.say('Replay opened in a new tab');
    setTimeout(() => status.focus(openReplay), 0);
  });
  const announcer = el('p', { class: 'sr-only', id: 'live-announcer', 'aria-live': 'polite', 'aria-atomic': 'true' });
  // What each action did, said once (issue 17 item 3); focus goes to the next sensible control.
  const status = consoleStatus();
  const ctl = controls(host, status);
  const card = cardPanel();
  const stories = storiesPanel(host);
  const people = roster(host, status);
  const share = sharePanel(host);
  const result = resultPanel();
  const predictions = predictionsPanel();
  const question = debriefQuestion();
  const plan = planPanel();
  const huddles = huddlePanel(host);
  // Once the game has ended: the phased debrief with this session's figures (issue 12 item 5).
  const script = debriefScriptPanel();
  // Beside it, the picture that carries the lesson (issue 12 item 6).
  const picture = endPicturePanel();

  const main = el('div', { class: 'console-main stack' },
    script.node,
    picture.node,
    huddles.node,
    predictions.node, question.node, result.node, stories.node, card.node, plan.node);
  const peopleColumn = el('div', { class: 'console-people stack' }, people.node);
  const side = el('div', { class: 'console-side stack' },
    el('section', { class: 'panel summary-panel', 'aria-labelledby': 'summary-title' }, el('h2', { id: 'summary-title' }, 'On the stage now'), summary, announcer),
    share.node, stagePanel(code));
  root.append(
    banner.node,
    el('header', { class: 'console-head' },
      el('div', {}, el('p', { class: 'brand' }, 'Power Up'), title),
      el('div', { class: 'head-tools' },
        // The facilitator's own replay (with the host key, so stories can be hidden there too).
        openReplay,
        replayButton, shareLabel, revokeButton, muteSwitch()),
    ),
    fatal,
    status.node,
    replayOut,
    ctl.node,
    // A laptop (1280×800) holds it all for a room of 30 (issue 15 item 7): what this moment needs on the
    // left (fit.css shows and hides panels by phase), who is here in the middle, the stage on the right.
    el('div', { class: 'console-grid' },
      main,
      peopleColumn,
      side,
    ),
  );

  let lastSummary = '';
  let lastPhase = '';
  let arrived = false;
  const render = () => {
    const s = host.state;
    banner.update(s.connection);
    fatal.textContent = s.error ?? '';
    const v = s.view;
    if (!v) return;
    title.textContent = v.title;
    document.title = `${v.title} · ${code} · Power Up console`;
    ctl.update(v);
    card.update(v);
    predictions.update(v);
    stories.update(v);
    people.update(v);
    share.update(v);
    result.update(v);
    question.update(v);
    plan.update(v);
    root.dataset.phase = v.phase;
    // In the lobby the invitation is the main thing; during the rounds a compact line beside the stage.
    const shareHome = v.phase === 'lobby' ? main : side;
    if (share.node.parentElement !== shareHome) shareHome.insertBefore(share.node, v.phase === 'lobby' ? plan.node.nextSibling : side.children[1] ?? null);
    huddles.update(v);
    // The huddle rounds lead during a huddle and while a huddle round's stakes are stated; otherwise they
    // wait under this moment's panels (issue 15 item 7). Moved in the DOM, so reading and Tab order follow.
    const huddleLeads = v.phase === 'huddle' || huddles.node.querySelector<HTMLElement>('#console-stakes')?.hidden === false;
    if (huddleLeads ? huddles.node.nextElementSibling !== predictions.node : main.lastElementChild !== huddles.node) main.insertBefore(huddles.node, huddleLeads ? predictions.node : null);
    // At the reveal and in the discussion, when predictions or a huddle round's stakes lead the column, the
    // result takes the roster's column and the roster folds (nobody is to go), so a laptop holds it all (issue
    // 15 item 7); moved in the DOM, so reading and Tab order follow: the question, the result, who is here.
    const resultAside = (v.phase === 'reveal' || v.phase === 'between') && (!predictions.node.hidden || huddles.node.querySelector<HTMLElement>('#console-stakes')?.hidden === false);
    const resultHome = resultAside ? peopleColumn : main;
    if (result.node.parentElement !== resultHome) resultHome.insertBefore(result.node, resultHome === main ? stories.node : people.node);
    people.fold(resultAside);
    script.update(v);
    picture.update(v);
    const text = summaryText(v, serverNow());
    summary.textContent = text;
    const withoutTime = text.replace(/\d+:\d\d/g, '');
    if (withoutTime !== lastSummary) {
      lastSummary = withoutTime;
      announcer.textContent = text;
    }
    if (!arrived) {
      arrived = true;
      // Just created (or reloaded): the console opens on its next step, not on the page body.
      const a = document.activeElement;
      if (!a || a === document.body) {
        status.focus(document.querySelector<HTMLElement>('.control-grid button.primary'), title);
        status.say(`Console ready for session ${code}: ${summaryText(v, serverNow())}`);
      }
    }
    if (v.phase !== lastPhase) {
      if (lastPhase && v.phase === 'reveal') sfx.play(v.lastResult?.stepChange ? 'star' : 'reveal');
      lastPhase = v.phase;
    }
  };
  host.subscribe(render);
  setInterval(() => {
    const v = host.state.view;
    if (!v) return;
    ctl.tick(v);
    summary.textContent = summaryText(v, serverNow());
  }, 250);
  (window as any).__console = host;
}
