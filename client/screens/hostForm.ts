import { el } from '../dom/el';
import { connect, request } from '../net/socket';
import { savedDecks } from '../studio/deckKeys';
import { loadDeck } from '../studio/deckApi';
import { facilitatorKey, rememberFacilitatorKey } from '../net/facilitatorKey';
import { cardPicker, type PickCard } from './cardPicker';
import { huddleFields } from './huddleFields';
import { estimateSession, estimateSentence, UNTIMED_SECONDS } from '../../shared/deck/sessionEstimate';

const MAX_MESSAGE_BYTES = 256 * 1024;
/** The prediction window the host form proposes (rules v2): long enough for two taps, short enough to keep the pace. */
const PREDICT_SECONDS = 30;

/**
 * "Host a workshop": the session's settings and an optional deck JSON file. The server validates both;
 * a bad deck comes back as a list of errors naming the card and field, shown here as a list.
 */
export function hostForm(): HTMLElement {
  const field = (id: string, label: string, input: HTMLElement, hint?: string) =>
    el('div', { class: 'field' }, el('label', { for: id }, label), input, hint ? el('p', { class: 'hint', id: `${id}-hint` }, hint) : null);
  const title = el('input', { id: 'host-title', name: 'title', value: 'Power Up workshop', maxLength: 120, required: true });
  const rounds = el('input', { id: 'host-rounds', name: 'rounds', type: 'number', min: 1, max: 12, value: 6, inputMode: 'numeric' });
  const decide = el('input', { id: 'host-decide', name: 'decideSeconds', type: 'number', min: 10, max: 3600, step: 10, value: 180, inputMode: 'numeric', 'aria-describedby': 'host-decide-hint' });
  const pitch = el('input', { id: 'host-pitch', name: 'storySeconds', type: 'number', min: 10, max: 3600, step: 10, value: 90, inputMode: 'numeric' });
  const backing = el('input', { id: 'host-backing', name: 'storyVoteSeconds', type: 'number', min: 10, max: 3600, step: 10, value: 60, inputMode: 'numeric' });
  const stories = el('input', { id: 'host-stories', name: 'storyRounds', type: 'checkbox', checked: true });
  // The cards in play and the session's length, before starting (issue 15 item 8).
  const estimate = el('p', { class: 'estimate', id: 'host-estimate', 'aria-live': 'polite' });
  const seconds = (input: HTMLInputElement, fallback: number) => (Number.isFinite(input.valueAsNumber) ? input.valueAsNumber : fallback);
  const showEstimate = () => {
    const cards = picker.picked();
    if (document.activeElement !== rounds && cards.length) rounds.value = String(cards.length);
    // Huddles and predictions (rules v2) take time too; a huddle field being typed counts as none yet.
    const huddle = huddles.config();
    const e = estimateSession({
      decideSeconds: seconds(decide, 180), storySeconds: seconds(pitch, 90), storyVoteSeconds: seconds(backing, 60), storyRounds: stories.checked,
      ...(huddle.ok ? huddle.value : {}), ...(predictions.checked ? { predictSeconds: PREDICT_SECONDS } : {}),
    }, cards);
    estimate.textContent = cards.length ? estimateSentence(e) : 'Tick at least one card to play.';
  };
  const picker = cardPicker(showEstimate);
  let builtIn: PickCard[] = [];
  // How many rounds the facilitator asked for (typed, or ticked): a deck with fewer cards plays fewer, and
  // switching back to a bigger deck plays the number asked for again.
  let wantedRounds = 6;
  picker.node.addEventListener('change', () => (wantedRounds = picker.picked().length || wantedRounds));
  // Which deck the picker lists: the submit checks it is the deck being sent.
  let listed = '';
  const useBuiltIn = () => {
    listed = '';
    picker.setDeck(builtIn, wantedRounds);
  };
  // The built-in deck is a lazy chunk: phones opening the home page to join never download it.
  void import('../../shared/deck/default-deck-v2.json').then((m) => {
    builtIn = (m.default as { cards: PickCard[] }).cards;
    if (!deck.files?.length && !savedDeck.value) useBuiltIn();
  });
  rounds.addEventListener('input', () => {
    if (!(rounds.valueAsNumber >= 1)) return;
    wantedRounds = Math.min(12, Math.floor(rounds.valueAsNumber));
    picker.setCount(wantedRounds);
  });
  const huddles = huddleFields();
  const teamChoice = el('input', { id: 'host-team-choice', name: 'teamChoice', type: 'checkbox' });
  const whatIfAtReveal = el('input', { id: 'host-what-if', name: 'whatIfAtReveal', type: 'checkbox' });
  // Rules v2: the end of each vote opens a short prediction window before the reveal (issue 12 item 1).
  const predictions = el('input', { id: 'host-predictions', name: 'predictions', type: 'checkbox', checked: true });
  // Past cohorts: a session created with the key of this browser's earlier sessions is compared with them.
  const earlierKey = facilitatorKey();
  const linkKey = el('input', { id: 'host-link-key', name: 'linkKey', type: 'checkbox', checked: !!earlierKey });
  const naming = el('select', { id: 'host-naming', name: 'naming' },
    el('option', { value: 'names' }, 'The names people type'),
    el('option', { value: 'pseudonyms' }, 'Pseudonyms (Participant 1, 2, …)'),
  );
  // Decks saved from the deck studio (/studio) whose edit keys are in this browser; `?deck=<id>` picks one.
  const mine = savedDecks();
  const wanted = new URLSearchParams(location.search).get('deck') ?? '';
  const savedDeck = el('select', { id: 'host-saved-deck', name: 'savedDeck', 'aria-describedby': 'host-saved-deck-hint' },
    el('option', { value: '' }, 'The built-in deck (or a file below)'),
    ...mine.map((d) => el('option', { value: d.id }, d.title)),
  );
  if (mine.some((d) => d.id === wanted)) savedDeck.value = wanted;
  const deck = el('input', { id: 'host-deck', name: 'deck', type: 'file', accept: '.json,application/json', 'aria-describedby': 'host-deck-hint' });
  // Another deck: the picker lists its cards (in its order) so the facilitator still sees what will be played.
  const fileKey = (f: File) => `file:${f.name}:${f.size}:${f.lastModified}`;
  const cardsOf = (json: unknown): PickCard[] | null => {
    const cards = (json as { cards?: unknown })?.cards;
    return Array.isArray(cards) && cards.every((c) => typeof c?.id === 'string' && typeof c?.title === 'string') ? (cards as PickCard[]) : null;
  };
  const showDeck = (json: unknown, name: string, source: string) => {
    listed = source;
    const cards = cardsOf(json);
    if (cards) picker.setDeck(cards, wantedRounds, `The cards of ${name}.`);
    else picker.setDeck([], 0, `No cards could be read from ${name}.`);
  };
  savedDeck.addEventListener('change', async () => {
    const saved = mine.find((d) => d.id === savedDeck.value);
    if (!saved) return useBuiltIn();
    const r = await loadDeck(saved.id, saved.editKey);
    if (savedDeck.value === saved.id) showDeck(r.ok ? r.deck : null, `\u201c${saved.title}\u201d`, `saved:${saved.id}`);
  });
  deck.addEventListener('change', async () => {
    // A saved deck, when picked, is the one sent (see submit); the file only counts without one.
    if (savedDeck.value) return;
    const file = deck.files?.[0];
    if (!file) return useBuiltIn();
    let json: unknown = null;
    try {
      json = JSON.parse(await file.text());
    } catch {
      /* said below, and again on submit */
    }
    if (deck.files?.[0] === file) showDeck(json, file.name, fileKey(file));
  });
  if (savedDeck.value) queueMicrotask(() => savedDeck.dispatchEvent(new Event('change')));
  const errorTitle = el('p', { class: 'error', role: 'alert', id: 'host-error' });
  const errorList = el('ul', { class: 'error-list', id: 'deck-errors' });
  const submit = el('button', { class: 'big primary', type: 'submit', id: 'host-button' }, 'Create the session');

  const form = el('form', { class: 'panel stack host-form', id: 'host-form', 'aria-labelledby': 'host-heading' },
    el('h2', { id: 'host-heading' }, 'Host a workshop'),
    el('p', {}, 'Set up the session, put the stage on the projector and let people join from their phones. Every setting has a sensible default.'),
    field('host-title', 'Workshop title', title),
    el('div', { class: 'row' },
      field('host-rounds', 'Rounds', rounds),
      field('host-decide', 'Seconds to decide', decide, 'Per round; you can pause or add time.'),
    ),
    el('div', { class: 'row' },
      field('host-pitch', 'Seconds for pitches', pitch),
      field('host-backing', 'Seconds for backing', backing),
    ),
    huddles.node,
    el('div', { class: 'checks' },
      el('label', { class: 'check', for: 'host-stories' }, stories, el('span', {}, 'Story rounds (one-line pitches, voted by the other team)')),
      el('label', { class: 'check', for: 'host-team-choice' }, teamChoice, el('span', {}, 'Let participants choose their team')),
      el('label', { class: 'check', for: 'host-predictions' }, predictions, el('span', {}, `Predictions before each reveal: when the vote closes, ${PREDICT_SECONDS} s for each person to tap whether their move gets through and whether there is a step change`)),
      el('label', { class: 'check', for: 'host-what-if' }, whatIfAtReveal, el('span', {}, 'Show what-if lines on the console at each reveal (the debrief always has them)')),
      earlierKey
        ? el('label', { class: 'check', for: 'host-link-key' }, linkKey, el('span', {}, 'Compare with my earlier sessions in the debrief (past cohorts): same facilitator key as before'))
        : null,
    ),
    field('host-naming', 'Names in the replay and exports', naming),
    mine.length ? field('host-saved-deck', 'Deck', savedDeck, 'Your decks from the deck studio, saved in this browser.') : el('p', { class: 'hint' }, 'Write your own cards in the ', el('a', { href: '/studio', id: 'studio-link' }, 'deck studio'), '.'),
    field('host-deck', 'Your own deck (optional JSON file)', deck, 'Leave empty to play the built-in deck of outsourcing scenarios.'),
    picker.node,
    el('div', { class: 'estimate-box' }, estimate,
      el('p', { class: 'hint' }, `Counted from the timers, plus ${UNTIMED_SECONDS.welcome / 60} min welcome, and per round ${UNTIMED_SECONDS.cardReading} s to read the card, ${UNTIMED_SECONDS.revealReading} s for the reveal and ${UNTIMED_SECONDS.discussion / 60} min of discussion.`)),
    submit,
    errorTitle,
    errorList,
  );
  // Any setting can change the length: the estimate follows every field (the picker calls it itself).
  form.addEventListener('input', showEstimate);
  form.addEventListener('change', showEstimate);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errorTitle.textContent = '';
    errorList.replaceChildren();
    const huddle = huddles.config();
    if (!huddle.ok) {
      errorTitle.textContent = huddle.message;
      return;
    }
    const payload: { config: Record<string, unknown>; deck?: unknown; hostKey?: string } = {
      config: {
        title: title.value.trim() || 'Power Up workshop',
        rounds: Number(rounds.value),
        decideSeconds: Number(decide.value),
        storySeconds: Number(pitch.value),
        storyVoteSeconds: Number(backing.value),
        storyRounds: stories.checked,
        teamChoice: teamChoice.checked,
        naming: naming.value,
        ...(whatIfAtReveal.checked ? { whatIfAtReveal: true } : {}),
        ...huddle.value,
        ...(predictions.checked ? { predictSeconds: PREDICT_SECONDS } : {}),
      },
      ...(earlierKey && linkKey.checked ? { hostKey: earlierKey } : {}),
    };
    const file = deck.files?.[0];
    const saved = mine.find((d) => d.id === savedDeck.value);

    if (saved) {
      // The session gets its own copy of the deck: later edits in the studio never change it.
      const r = await loadDeck(saved.id, saved.editKey);
      if (!r.ok) {
        errorTitle.textContent = `Could not load the deck “${saved.title}”: ${r.message}`;
        return;
      }
      payload.deck = r.deck;
    } else if (file) {
      try {
        payload.deck = JSON.parse(await file.text());
      } catch (err) {
        errorTitle.textContent = `${file.name} is not valid JSON: ${(err as Error).message}`;
        return;
      }
    }
    // The ticked cards, in the form's order: the session deals exactly these (server: config.cardIds). The
    // picker must list the deck being sent (a file chosen a moment ago may still be being read).
    const source = saved ? `saved:${saved.id}` : file ? fileKey(file) : '';
    if (listed !== source) {
      if (source) showDeck(payload.deck, saved ? `\u201c${saved.title}\u201d` : file!.name, source);
      else useBuiltIn();
    }
    const picks = picker.picked();
    if (picks.length) {
      payload.config.cardIds = picks.map((c) => c.id);
      payload.config.rounds = picks.length;
    } else if (!payload.deck && builtIn.length) {
      errorTitle.textContent = 'Tick at least one card to play.';
      return;
    }
    // The server drops socket messages over LIMITS.maxMessageBytes (256 KB, server/transport/rateLimit.ts):
    // say so here rather than wait for a timeout.
    const bytes = new Blob([JSON.stringify(payload)]).size;
    if (bytes > MAX_MESSAGE_BYTES) {
      errorTitle.textContent = `${file?.name ?? 'The deck'} is too large to send (${Math.ceil(bytes / 1024)} KB; at most ${MAX_MESSAGE_BYTES / 1024} KB). Try a deck with fewer cards.`;
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Creating your session…';
    const socket = connect();
    let r = await request(socket, 'session:create', payload);
    let keyDropped = false;
    if (!r.ok && r.code === 'NOT_HOST' && payload.hostKey) {
      // This server no longer knows the key (another server, a new database): a session of its own, then.
      keyDropped = true;
      delete payload.hostKey;
      r = await request(socket, 'session:create', payload);
    }
    socket.close();
    submit.disabled = false;
    submit.textContent = 'Create the session';
    if (!r.ok) {
      errorTitle.textContent = r.code === 'BAD_DECK' ? `The deck has problems (${file?.name ?? 'deck'}):` : r.message;
      for (const msg of r.errors ?? (r.code === 'BAD_DECK' ? [r.message] : [])) errorList.append(el('li', {}, msg));
      errorTitle.focus();
      return;
    }
    // The first session from this browser (or the first on a server that did not know the key) sets the facilitator key.
    if (!earlierKey || keyDropped) rememberFacilitatorKey(r.hostKey);
    // The host key lives in the URL fragment: browsers never send it to the server or its logs.
    location.href = `/host#code=${r.code}&key=${encodeURIComponent(r.hostKey)}`;
  });
  return form;
}
