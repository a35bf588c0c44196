import './cardPicker.css';
import { el } from '../dom/el';

export type PickCard = { id: string; title: string; storyPrompt?: string | null };

/** At most this many rounds (SessionConfigSchema.rounds). */
const MAX_ROUNDS = 12;

/**
 * The host form's cards in play (issue 15 item 8): every card of the deck in play order; the ticked ones
 * are dealt one a round in that order. Up / down reorder, Shuffle draws a new order in the form (so the
 * facilitator still sees it before starting), "Deck order" puts the deck's curated arc back.
 */
export function cardPicker(onChange: () => void) {
  const list = el('ol', { class: 'card-pick', id: 'host-card-list' });
  const said = el('p', { class: 'sr-only', id: 'host-cards-status', role: 'status', 'aria-live': 'polite' });
  const note = el('p', { class: 'hint', id: 'host-cards-note' });
  const shuffle = el('button', { type: 'button', class: 'small', id: 'host-shuffle' }, 'Shuffle the order');
  const curated = el('button', { type: 'button', class: 'small', id: 'host-curated' }, 'Deck order');
  let deckCards: PickCard[] = [];
  type Row = { card: PickCard; li: HTMLLIElement; box: HTMLInputElement; no: HTMLElement; up: HTMLButtonElement; down: HTMLButtonElement };
  let rows: Row[] = [];

  const order = () => [...list.children].map((li) => rows.find((r) => r.li === li)!);
  const refresh = () => {
    let n = 0;
    const all = order();
    const full = all.filter((r) => r.box.checked).length >= MAX_ROUNDS;
    all.forEach((r, i) => {
      r.no.textContent = r.box.checked ? `Round ${++n}` : 'Not played';
      r.li.classList.toggle('is-off', !r.box.checked);
      r.box.disabled = full && !r.box.checked;
      r.up.disabled = i === 0;
      r.down.disabled = i === all.length - 1;
    });
    onChange();
  };
  const move = (r: Row, by: -1 | 1, button: HTMLButtonElement) => {
    const all = order();
    const to = all.indexOf(r) + by;
    if (to < 0 || to >= all.length) return;
    if (by < 0) list.insertBefore(r.li, all[to].li);
    else list.insertBefore(r.li, all[to].li.nextSibling);
    refresh();
    // Moving the row must not lose the keyboard's place: focus stays on the same button, or its twin at an end.
    (button.disabled ? (by < 0 ? r.down : r.up) : button).focus();
    said.textContent = `${r.card.title}: position ${to + 1} of ${all.length}`;
  };
  const build = (cards: PickCard[], playing: number) => {
    list.replaceChildren();
    rows = cards.map((card, i) => {
      const box = el('input', { type: 'checkbox', id: `pick-${card.id}`, checked: i < playing, 'data-card': card.id });
      const no = el('span', { class: 'card-pick-round' });
      const up = el('button', { type: 'button', class: 'small icon', 'aria-label': `Move ${card.title} earlier` }, '\u2191');
      const down = el('button', { type: 'button', class: 'small icon', 'aria-label': `Move ${card.title} later` }, '\u2193');
      const li = el('li', { class: 'card-pick-row', 'data-card': card.id },
        el('label', { for: `pick-${card.id}`, class: 'card-pick-label' }, box, el('span', { class: 'card-pick-title' }, card.title)),
        el('span', { class: `card-pick-kind${card.storyPrompt ? ' story' : ''}` }, card.storyPrompt ? 'Pitches + vote' : 'Vote'),
        no, el('span', { class: 'card-pick-moves' }, up, down));
      const row = { card, li, box, no, up, down };
      box.addEventListener('change', refresh);
      up.addEventListener('click', () => move(row, -1, up));
      down.addEventListener('click', () => move(row, 1, down));
      list.append(li);
      return row;
    });
    refresh();
  };
  shuffle.addEventListener('click', () => {
    const n = picked().length;
    const cards = [...deckCards];
    // Fisher–Yates, here in the form: the facilitator sees the order the session will deal.
    for (let i = cards.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [cards[i], cards[j]] = [cards[j], cards[i]];
    }
    build(cards, n);
    said.textContent = 'Cards shuffled';
  });
  curated.addEventListener('click', () => {
    build(deckCards, picked().length);
    said.textContent = 'Back to the deck\u2019s order';
  });
  function picked(): PickCard[] {
    return order().filter((r) => r.box.checked).map((r) => r.card);
  }
  const node = el('fieldset', { class: 'card-picker', id: 'host-cards' },
    el('legend', {}, 'Cards in play, in order'),
    el('p', { class: 'hint' }, 'Ticked cards are dealt one a round, top to bottom. \u201cPitches + vote\u201d cards take longer: each team pitches, then backs a pitch, before the vote.'),
    el('div', { class: 'head-tools' }, shuffle, curated),
    note, list, said,
  );
  return {
    node,
    picked,
    /** A new deck: its cards in the deck's order, the first `playing` of them ticked. */
    setDeck(cards: PickCard[], playing: number, text = '') {
      deckCards = cards;
      note.textContent = text;
      build(cards, Math.min(playing, MAX_ROUNDS));
    },
    /** The Rounds field changed: tick or untick cards at the end of the current pick to match it. */
    setCount(n: number) {
      const all = order();
      let have = all.filter((r) => r.box.checked).length;
      for (const r of all) if (have < n && !r.box.checked) (r.box.checked = true, have++);
      for (const r of [...all].reverse()) if (have > n && r.box.checked) (r.box.checked = false, have--);
      refresh();
    },
  };
}
