import './studio.css';
import { el, clear } from '../dom/el';
import defaultDeckV2Json from '../../shared/deck/default-deck-v2.json';
import { CardSchema, type Card, type Deck } from '../../shared/schemas/deck';
import {
  addCard, duplicateCard, exportDeckJson, importDeckJson, issuesPerCard, move, newDeck, pathKey, removeAt, slotFor, validateDraft,
  type DraftDeck, type Issues,
} from './draft';
import { groupSlot, showIssues, textField, type Slot } from './fields';
import { cardForm } from './cardForm';
import { previewPanel } from './preview';
import { fairnessPanel } from './fairness';
import { savedDecks, rememberDeck, forgetDeck, findDeck } from './deckKeys';
import { createDeck, deleteDeck, loadDeck, saveDeck } from './deckApi';
import { plural } from '../dom/format';

/** The working draft survives a reload (this browser only): the deck, the saved deck it belongs to, the card shown. */
const DRAFT_KEY = 'powerup:studio:draft';
type Stored = { deck: DraftDeck; savedId: string | null; selected: number };

function loadStored(): Stored | null {
  try {
    const raw = JSON.parse(localStorage.getItem(DRAFT_KEY) ?? 'null') as Stored | null;
    if (raw && raw.deck && Array.isArray(raw.deck.cards)) return raw;
  } catch {
    /* a damaged draft: start from the default deck */
  }
  return null;
}

/**
 * The deck studio (/studio): a plain DOM page. The draft is the deck's JSON as it will be saved; every
 * keystroke re-runs the server's own schema (DeckSchema with the rules v2 check) and shows each error next
 * to its field. Saved decks live on the server, owned by an edit key kept in this browser.
 */
export function mountStudio(root: HTMLElement): void {
  clear(root);
  root.classList.add('app-studio');
  document.title = 'Deck studio · Power Up';
  const stored = loadStored();
  let deck: DraftDeck = stored?.deck ?? newDeck(defaultDeckV2Json as unknown as DraftDeck);
  let savedId: string | null = stored?.savedId ?? null;
  let selected = Math.min(stored?.selected ?? 0, Math.max(0, deck.cards.length - 1));
  let issues: Issues = new Map();
  let lastValidCard: { card: Card; index: number } | null = null;

  const slots = new Map<string, Slot>();
  const status = el('p', { id: 'studio-status', role: 'status', class: 'studio-status' });
  const saveErrors = el('ul', { class: 'error-list', id: 'studio-save-errors' });
  const summary = el('p', { id: 'studio-summary', class: 'studio-summary', 'aria-live': 'polite' });
  const say = (text: string) => (status.textContent = text);

  // ---- Start from: the default deck, a saved deck, or a JSON file.
  const savedSelect = el('select', { id: 'studio-saved', 'aria-label': 'Your saved decks' });
  const refreshSaved = () => {
    const list = savedDecks();
    savedSelect.replaceChildren(...(list.length ? list.map((d) => el('option', { value: d.id }, `${d.title} (saved ${new Date(d.savedAt).toLocaleString()})`)) : [el('option', { value: '' }, 'No saved decks in this browser yet')]));
    savedSelect.disabled = list.length === 0;
    openButton.disabled = list.length === 0;
    if (savedId && list.some((d) => d.id === savedId)) savedSelect.value = savedId;
  };
  const openButton = el('button', { type: 'button', class: 'small secondary', id: 'studio-open' }, 'Open');
  const importInput = el('input', { type: 'file', id: 'studio-import', accept: '.json,application/json' });
  const newButton = el('button', { type: 'button', class: 'small secondary', id: 'studio-new' }, 'Start from the default deck');

  // ---- Save, export, delete.
  const saveButton = el('button', { type: 'button', class: 'primary', id: 'studio-save' }, 'Save');
  const saveCopyButton = el('button', { type: 'button', class: 'small secondary', id: 'studio-save-copy' }, 'Save as a new deck');
  const exportButton = el('button', { type: 'button', class: 'small secondary', id: 'studio-export' }, 'Export JSON');
  const deleteButton = el('button', { type: 'button', class: 'small danger', id: 'studio-delete' }, 'Delete the saved deck');
  const hostLink = el('a', { class: 'button small', id: 'studio-host', href: '/' }, 'Host a session with it');
  const savedAs = el('p', { class: 'hint', id: 'studio-saved-as' });

  // ---- The deck's own fields, the card list, the card form, the preview, the fairness check.
  const deckFields = el('div', { class: 'deck-fields' });
  const cardList = el('ol', { class: 'card-list', id: 'studio-cards', 'aria-label': 'Cards, in play order' });
  const cardHead = el('div', { class: 'card-head' });
  const formBox = el('div', { id: 'studio-card-form' });
  const preview = previewPanel();
  let refreshForm = () => {};

  const ctx = {
    root: () => deck as unknown as Record<string, unknown>,
    deck: () => deck,
    slots,
    changed: (structural?: boolean) => {
      persist();
      if (structural) rebuildForm(document.activeElement?.id);
      else revalidate();
    },
    rebuild: (focusId?: string) => rebuildForm(focusId),
  };

  let persistTimer: ReturnType<typeof setTimeout> | undefined;
  function persist(): void {
    clearTimeout(persistTimer);
    persistTimer = setTimeout(() => {
      try {
        localStorage.setItem(DRAFT_KEY, JSON.stringify({ deck, savedId, selected } satisfies Stored));
      } catch {
        /* storage full: the draft lives until the tab closes; save or export it */
      }
    }, 150);
  }

  function buildDeckFields(): void {
    for (const k of [...slots.keys()]) if (!k.startsWith('cards')) slots.delete(k);
    slots.set('rules', { error: rulesError, input: rulesBox });
    rulesBox.checked = deck.rules === 2;
    deckFields.replaceChildren(
      groupSlot(ctx, []),
      el('div', { class: 'row' },
        textField(ctx, ['title'], 'Deck title', { max: 120 }),
        textField(ctx, ['id'], 'Deck id', { hint: 'Lower-case letters, digits and dashes.' }),
      ),
      rulesField,
    );
  }

  // The schema wants the number 2 (or nothing, for rules v1): not a checkbox's true/false.
  const rulesBox = el('input', { type: 'checkbox', id: 'f-rules', 'aria-describedby': 'f-rules-hint f-rules-error' });
  const rulesError = el('p', { class: 'error field-error', id: 'f-rules-error' });
  const rulesField = el('div', { class: 'field check-field' },
    el('label', { class: 'check', for: 'f-rules' }, rulesBox, el('span', {}, 'Rules v2 (joint moves, hidden stakes, targeted hazards)')),
    el('p', { class: 'hint', id: 'f-rules-hint' }, 'New sessions play rules v2; untick for a rules v1 deck (hazards with a chance, opportunities with a height).'),
    rulesError);
  rulesBox.addEventListener('change', () => {
    if (rulesBox.checked) deck.rules = 2;
    else delete deck.rules;
    persist();
    rebuildForm('f-rules');
  });

  function buildCardList(focusIndex?: number): void {
    const per = issuesPerCard(issues);
    cardList.replaceChildren(...deck.cards.map((c, i) => {
      const n = per.get(i) ?? 0;
      const title = typeof c.title === 'string' && c.title.trim() ? c.title : '(untitled card)';
      const b = el('button', { type: 'button', class: 'card-item', id: `card-item-${i}`, 'aria-current': i === selected ? 'true' : undefined, 'aria-describedby': 'studio-cards-hint' },
        el('span', { class: 'card-num' }, `${i + 1}.`), el('span', { class: 'card-name' }, title),
        n ? el('span', { class: 'badge' }, `${n} problem${n === 1 ? '' : 's'}`) : null);
      b.addEventListener('click', () => select(i));
      b.addEventListener('keydown', (e) => {
        if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
          e.preventDefault();
          moveCard(i, e.key === 'ArrowUp' ? i - 1 : i + 1, 'list');
        } else if (!e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
          e.preventDefault();
          document.getElementById(`card-item-${Math.max(0, Math.min(deck.cards.length - 1, i + (e.key === 'ArrowUp' ? -1 : 1)))}`)?.focus();
        }
      });
      return el('li', {}, b);
    }));
    if (focusIndex !== undefined) document.getElementById(`card-item-${focusIndex}`)?.focus();
  }

  function select(i: number): void {
    selected = i;
    persist();
    rebuildForm();
    document.getElementById('studio-card-heading')?.focus();
  }

  function moveCard(from: number, to: number, focus: 'list' | string): void {
    const at = move(deck.cards, from, to);
    selected = at;
    persist();
    rebuildForm(focus === 'list' ? undefined : focus);
    if (focus === 'list') document.getElementById(`card-item-${at}`)?.focus();
    say(`Card moved to position ${at + 1} of ${deck.cards.length}.`);
  }

  function rebuildForm(focusId?: string): void {
    for (const k of [...slots.keys()]) if (k.startsWith('cards')) slots.delete(k);
    slots.set('cards', { error: cardsError });
    const action = (label: string, id: string, run: () => void, cls = 'small secondary') => {
      const b = el('button', { type: 'button', class: cls, id }, label);
      b.addEventListener('click', run);
      return b;
    };
    clear(formBox);
    if (deck.cards.length === 0) {
      cardHead.replaceChildren(el('h2', { id: 'studio-card-heading', tabIndex: -1 }, 'No cards yet'));
      formBox.append(el('p', {}, 'A deck needs at least one card: add one.'));
      refreshForm = () => {};
    } else {
      selected = Math.min(selected, deck.cards.length - 1);
      cardHead.replaceChildren(
        el('h2', { id: 'studio-card-heading', tabIndex: -1 }, `Card ${selected + 1} of ${deck.cards.length}`),
        el('div', { class: 'row-actions' },
          action('Move up', 'card-up', () => moveCard(selected, selected - 1, 'card-up')),
          action('Move down', 'card-down', () => moveCard(selected, selected + 1, 'card-down')),
          action('Duplicate', 'card-dup', () => {
            selected = duplicateCard(deck, selected);
            persist();
            rebuildForm(`f-cards-${selected}-title`);
            say(`Card duplicated: the copy is card ${selected + 1}.`);
          }),
          action('Delete', 'card-del', () => {
            const c = deck.cards[selected];
            if (!window.confirm(`Delete the card \u201c${String(c.title || c.id || selected + 1)}\u201d?`)) return;
            removeAt(deck.cards, selected);
            selected = Math.max(0, selected - 1);
            persist();
            rebuildForm('card-del');
            say('Card deleted.');
          }, 'small danger'),
        ),
      );
      const form = cardForm(ctx, selected);
      refreshForm = form.refresh;
      formBox.append(form.node);
    }
    revalidate();
    if (focusId) document.getElementById(focusId)?.focus();
  }

  let previewTimer: ReturnType<typeof setTimeout> | undefined;
  function revalidate(): void {
    const r = validateDraft(deck);
    issues = r.issues;
    // Issues of the card on screen (and of the deck) go next to their field; other cards' are counted in the list.
    const placed = new Map<string, string[]>();
    const keys = new Set(slots.keys());
    for (const [path, msgs] of issues) {
      const m = /^cards\.(\d+)/.exec(path);
      if (m && Number(m[1]) !== selected) continue;
      const slot = slotFor(path, keys);
      placed.set(slot, [...(placed.get(slot) ?? []), ...msgs]);
    }
    showIssues(slots, placed);
    refreshForm();
    buildCardList(document.activeElement?.classList.contains('card-item') ? selected : undefined);
    const others = [...issuesPerCard(issues)].filter(([i]) => i !== selected).reduce((n, [, k]) => n + k, 0);
    summary.textContent = r.ok
      ? `No errors: this deck of ${deck.cards.length} card${deck.cards.length === 1 ? '' : 's'} can be saved and played.`
      : `${r.count} problem${r.count === 1 ? '' : 's'} to fix${others ? ` (${others} on other cards: see the list)` : ''}.`;
    summary.classList.toggle('bad', !r.ok);
    clearTimeout(previewTimer);
    previewTimer = setTimeout(updatePreview, 250);
  }

  function updatePreview(): void {
    const raw = deck.cards[selected];
    const parsed = raw ? CardSchema.safeParse(raw) : null;
    const rulesOk = ![...issues.keys()].some((k) => k === `cards.${selected}` || k.startsWith(`cards.${selected}.`));
    const meta: Pick<Deck, 'id' | 'title' | 'rules'> = { id: 'preview', title: typeof deck.title === 'string' && deck.title.trim() ? deck.title : 'Deck preview', ...(deck.rules === 2 ? { rules: 2 as const } : {}) };
    if (parsed?.success && rulesOk) {
      lastValidCard = { card: parsed.data, index: selected };
      preview.show(meta, parsed.data);
    } else if (lastValidCard && lastValidCard.index === selected) preview.show(meta, null, 'The preview shows this card\u2019s last version without errors.');
    else preview.show(meta, null, raw ? 'Fix this card\u2019s errors to preview it.' : '');
  }

  function replaceDeck(next: DraftDeck, id: string | null, message: string): void {
    deck = next;
    savedId = id;
    selected = 0;
    lastValidCard = null;
    saveErrors.replaceChildren();
    persist();
    buildDeckFields();
    rebuildForm();
    refreshSaved();
    updateSavedAs();
    say(message);
  }

  function updateSavedAs(): void {
    const entry = savedId ? findDeck(savedId) : undefined;
    savedAs.textContent = entry ? `Saved on this server as \u201c${entry.title}\u201d. Your edit key is kept in this browser only.` : 'Not saved on the server yet.';
    deleteButton.hidden = !entry;
    saveCopyButton.hidden = !entry;
    hostLink.hidden = !entry;
    if (entry) hostLink.href = `/?deck=${encodeURIComponent(entry.id)}#host-form`;
  }

  newButton.addEventListener('click', () => {
    if (!window.confirm('Start again from the default deck? Unsaved changes to this draft are lost (export them first if you want to keep them).')) return;
    replaceDeck(newDeck(defaultDeckV2Json as unknown as DraftDeck), null, 'Started from the default deck.');
  });
  openButton.addEventListener('click', async () => {
    const entry = findDeck(savedSelect.value);
    if (!entry) return;
    say('Opening\u2026');
    const r = await loadDeck(entry.id, entry.editKey);
    if (!r.ok) {
      if (r.code === 'NO_SUCH_DECK') forgetDeck(entry.id);
      refreshSaved();
      return say(`Could not open it: ${r.message}`);
    }
    replaceDeck(r.deck as DraftDeck, entry.id, `Opened \u201c${entry.title}\u201d.`);
  });
  importInput.addEventListener('change', async () => {
    const file = importInput.files?.[0];
    if (!file) return;
    const r = importDeckJson(await file.text());
    importInput.value = '';
    if (!r.ok) return say(`${file.name}: ${r.message}`);
    replaceDeck(r.deck, null, `Imported ${file.name}: ${plural(r.deck.cards.length, 'card')}. Not saved on the server yet.`);
  });
  exportButton.addEventListener('click', () => {
    const blob = new Blob([exportDeckJson(deck)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: `${typeof deck.id === 'string' && deck.id ? deck.id : 'deck'}.json` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    say('Exported: the file is the deck exactly as it is here.');
  });

  async function save(asNew: boolean): Promise<void> {
    saveErrors.replaceChildren();
    const r = validateDraft(deck);
    if (!r.ok) {
      say(`Not saved: fix the ${r.count} problem${r.count === 1 ? '' : 's'} first.`);
      const first = [...slots.values()].find((s) => s.input?.getAttribute('aria-invalid') === 'true');
      first?.input?.focus();
      return;
    }
    const entry = !asNew && savedId ? findDeck(savedId) : undefined;
    saveButton.disabled = true;
    say('Saving\u2026');
    const res = entry ? await saveDeck(entry.id, entry.editKey, deck) : await createDeck(deck);
    saveButton.disabled = false;
    if (!res.ok) {
      say(`Not saved: ${res.message}`);
      for (const e of res.errors ?? []) saveErrors.append(el('li', {}, e));
      return;
    }
    const title = String(deck.title);
    if ('editKey' in res) rememberDeck({ id: res.id, editKey: res.editKey, title, savedAt: Date.now() });
    else if (entry) rememberDeck({ ...entry, title, savedAt: Date.now() });
    savedId = res.id;
    persist();
    refreshSaved();
    updateSavedAs();
    say(`Saved \u201c${title}\u201d.`);
  }
  saveButton.addEventListener('click', () => void save(false));
  saveCopyButton.addEventListener('click', () => void save(true));
  deleteButton.addEventListener('click', async () => {
    const entry = savedId ? findDeck(savedId) : undefined;
    if (!entry || !window.confirm(`Delete \u201c${entry.title}\u201d from the server? Sessions already played with it keep their own copy.`)) return;
    const r = await deleteDeck(entry.id, entry.editKey);
    if (!r.ok && r.code !== 'NO_SUCH_DECK') return say(`Not deleted: ${r.message}`);
    forgetDeck(entry.id);
    savedId = null;
    persist();
    refreshSaved();
    updateSavedAs();
    say('Deleted from the server. The draft is still here.');
  });

  const addButton = el('button', { type: 'button', class: 'small secondary', id: 'studio-add-card' }, 'Add a card');
  addButton.addEventListener('click', () => {
    selected = addCard(deck, selected + 1);
    persist();
    rebuildForm(`f-cards-${selected}-title`);
    say(`Card added as card ${selected + 1}: fill in its fields.`);
  });
  const cardsError = el('p', { class: 'error field-error group-error', id: 'f-cards-error' });

  root.append(
    el('header', { class: 'studio-head' },
      el('div', {}, el('p', { class: 'brand' }, el('a', { href: '/' }, 'Power Up')), el('h1', {}, 'Deck studio')),
      el('p', { class: 'lead' }, 'Write cards about your client. Every field is checked as you type, with the rules the server uses.'),
    ),
    el('section', { class: 'panel studio-bar', 'aria-labelledby': 'bar-title' },
      el('h2', { id: 'bar-title', class: 'sr-only' }, 'Deck'),
      el('div', { class: 'bar-row' },
        el('div', { class: 'bar-group' }, el('span', { class: 'label' }, 'Start from'), newButton,
          el('span', { class: 'open-saved' }, savedSelect, openButton),
          el('label', { class: 'button small secondary file-button', for: 'studio-import' }, 'Import a JSON file', importInput)),
        el('div', { class: 'bar-group' }, saveButton, saveCopyButton, exportButton, hostLink, deleteButton),
      ),
      savedAs, summary, status, saveErrors,
      deckFields,
    ),
    el('div', { class: 'studio-grid' },
      el('nav', { class: 'panel studio-list', 'aria-labelledby': 'cards-title' },
        el('h2', { id: 'cards-title' }, 'Cards'),
        el('p', { class: 'hint', id: 'studio-cards-hint' }, 'Alt + \u2191 / \u2193 moves a card; \u2191 / \u2193 goes to the next one.'),
        cardsError, cardList, addButton),
      el('section', { class: 'panel studio-editor', 'aria-labelledby': 'studio-card-heading' }, cardHead, formBox),
      el('div', { class: 'studio-side' }, preview.node),
    ),
    fairnessPanel(() => deck, (cardId) => {
      const i = deck.cards.findIndex((c) => c.id === cardId);
      if (i >= 0) select(i);
    }),
  );
  buildDeckFields();
  rebuildForm();
  refreshSaved();
  updateSavedAs();
  (window as unknown as { __studio: unknown }).__studio = { deck: () => deck, issues: () => issues, savedId: () => savedId };
}
