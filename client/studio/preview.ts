import { el } from '../dom/el';
import { TEAM_NAME } from '../dom/format';
import { roundScreen } from '../screens/controller/roundScreen';
import { cardPanel } from '../screens/console/cardPanel';
import type { ParticipantSession } from '../net/participantSession';
import type { Card, Deck } from '../../shared/schemas/deck';
import type { Team } from '../../shared/schemas/common';
import type { StageView } from '../../shared/schemas/views';
import { previewViews } from './previewState';

/** The phone's and the console's real screens, fed views the engine builds (previewState), at their own sizes. */
const PHONE = { width: 390, height: 844 };
const CONSOLE = { width: 1366, height: 900 };

/** The preview never talks to a server: a vote on the preview phone is refused with this sentence. */
// What the round screen reads of a session: nothing is ever queued or sent from the preview.
const previewSession = {
  choose: async () => ({ ok: false as const, code: 'PREVIEW', message: 'This is a preview: nothing is sent.' }),
  isQueued: () => false,
  state: { queuedError: null },
} as unknown as ParticipantSession;

/**
 * A same-origin frame with no address (about:blank, so the server's frame-ancestors 'none' does not apply)
 * holding the page's own style sheets: the screens inside it see a real 390 px or 1366 px wide viewport,
 * so their media queries apply as on the device. Scaled down to fit the column.
 */
function frame(title: string, size: { width: number; height: number }, id: string) {
  const iframe = el('iframe', { title, id, class: 'preview-frame', tabIndex: 0 });
  iframe.width = String(size.width);
  iframe.height = String(size.height);
  // The frame is out of the layout (absolute), so its real width never widens the page; the box takes the
  // column's width (at most the device's) and the frame is scaled to it.
  const box = el('div', { class: 'preview-box' }, iframe);
  box.style.maxWidth = `${size.width}px`;
  const fit = () => {
    const scale = Math.min(1, (box.clientWidth || size.width) / size.width);
    iframe.style.transform = `scale(${scale})`;
    box.style.height = `${Math.ceil(size.height * scale)}px`;
  };
  new ResizeObserver(fit).observe(box);
  const mount = (rootClass: string, attrs: Record<string, string>, content: HTMLElement) => {
    const doc = iframe.contentDocument;
    if (!doc) return;
    doc.documentElement.lang = 'en';
    doc.documentElement.style.cssText = document.documentElement.style.cssText;
    doc.head.replaceChildren(
      el('meta', { charset: 'utf-8' }),
      el('title', {}, title),
      ...[...document.querySelectorAll('link[rel="stylesheet"], style')].map((n) => n.cloneNode(true)),
    );
    const main = el('main', { id: 'app', class: rootClass }, content);
    for (const [k, v] of Object.entries(attrs)) main.setAttribute(k, v);
    doc.body.replaceChildren(main);
    fit();
  };
  return { node: box, mount, fit };
}

export type Preview = { node: HTMLElement; show(deck: Pick<Deck, 'id' | 'title' | 'rules'>, card: Card | null, note?: string): void };

export function previewPanel(): Preview {
  let team: Team = 'buyer';
  let last: { deck: Pick<Deck, 'id' | 'title' | 'rules'>; card: Card } | null = null;
  const phone = frame('Phone preview', PHONE, 'preview-phone');
  const consoleFrame = frame('Console preview', CONSOLE, 'preview-console');
  const note = el('p', { class: 'hint', id: 'preview-note', role: 'status' });
  const failure = el('p', { class: 'error', id: 'preview-error' });
  const teamPick = el('div', { class: 'seg', role: 'group', 'aria-label': 'Whose phone' }, ...(['buyer', 'provider'] as const).map((t) => {
    const b = el('button', { type: 'button', class: 'small secondary', id: `preview-team-${t}`, 'aria-pressed': String(t === team) }, `${TEAM_NAME[t]}'s phone`);
    b.addEventListener('click', () => {
      team = t;
      teamPick.querySelectorAll('button').forEach((x) => x.setAttribute('aria-pressed', String(x.id === `preview-team-${t}`)));
      render();
    });
    return b;
  }));

  // The stage is Phaser (large): loaded only when asked for, then fed the same kind of view as the replay's stage.
  const stageBox = el('div', { class: 'stage-box preview-stage', id: 'preview-stage', role: 'img', 'aria-label': 'The card on the stage (the projector)', hidden: true });
  const stageButton = el('button', { type: 'button', class: 'small secondary', id: 'preview-stage-button' }, 'Show it on the stage too');
  let stage: { show(view: StageView, seq: number): void } | null = null;
  let stageSeq = 0;
  stageButton.addEventListener('click', async () => {
    stageButton.disabled = true;
    stageBox.hidden = false;
    const { bootReplayStage } = await import('../stage/replayStage');
    const s = bootReplayStage(stageBox, 'DECK1');
    // Every edit is shown as a seek "backwards" (a falling seq), which rebuilds the round's scene with the new card.
    stage = { show: (view) => s.show(view, 1_000_000 - ++stageSeq) };
    stageButton.textContent = 'Stage preview below';
    render();
  });

  const node = el('section', { class: 'panel studio-preview', id: 'studio-preview', 'aria-labelledby': 'preview-title' },
    el('h2', { id: 'preview-title' }, 'Preview'),
    el('p', { class: 'hint' }, 'The selected card as the phones and the console show it, built by the game\u2019s own screens from the views the server would send.'),
    note, failure,
    el('h3', {}, 'Phone (390 \u00d7 844)'), teamPick, phone.node,
    el('h3', {}, 'Console (1366 wide, scaled)'), consoleFrame.node,
    el('h3', {}, 'Stage (1920 \u00d7 1080, scaled)'), stageButton, stageBox,
  );

  function render(): void {
    if (!last) return;
    failure.textContent = '';
    try {
      const views = previewViews(last.deck, last.card);
      const screen = roundScreen(previewSession);
      const { view, me } = views.phone[team];
      screen.update(view, me);
      phone.mount('app-controller', { 'data-team': team }, el('div', { class: 'controller' }, screen.node));
      const panel = cardPanel();
      panel.update(views.host);
      consoleFrame.mount('app-console', {}, panel.node);
      stage?.show(views.stage, 0);
    } catch (err) {
      failure.textContent = `The preview could not be built: ${(err as Error).message}`;
    }
  }

  return {
    node,
    show(deck, card, text) {
      note.textContent = text ?? '';
      if (card) last = { deck, card };
      render();
    },
  };
}
