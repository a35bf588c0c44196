import { DeckSchema } from '../../shared/schemas/deck';
import { POWER_UPS, TEAMS, type Team } from '../../shared/schemas/common';

/**
 * The deck studio's working copy: the deck exactly as its JSON will be exported and saved (no defaults
 * filled in, nothing reordered), edited in place by the form. Pure: no DOM, so it is unit-tested.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type DraftOption = { [key: string]: Json };
export type DraftCard = { [key: string]: Json } & { options: DraftOption[] };
export type DraftDeck = { [key: string]: Json } & { cards: DraftCard[] };
export type Path = readonly (string | number)[];

export const pathKey = (path: Path): string => path.map(String).join('.');

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

export function getAt(root: unknown, path: Path): unknown {
  let at: unknown = root;
  for (const k of path) {
    if (at === null || typeof at !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(at, k)) return undefined;
    at = (at as Record<string | number, unknown>)[k];
  }
  return at;
}

/** Sets a value, creating plain objects on the way; `undefined` deletes the key (and emptied parents). */
export function setAt(root: Record<string, unknown>, path: Path, value: unknown): void {
  if (path.length === 0) throw new Error('setAt needs a path');
  if (value === undefined) return deleteAt(root, path);
  let at: Record<string | number, unknown> = root;
  for (const k of path.slice(0, -1)) {
    const next = Object.prototype.hasOwnProperty.call(at, k) ? at[k] : undefined;
    if (next === null || typeof next !== 'object') at[k] = {};
    at = at[k] as Record<string | number, unknown>;
  }
  at[path[path.length - 1]] = value;
}

export function deleteAt(root: Record<string, unknown>, path: Path): void {
  const parents: [Record<string | number, unknown>, string | number][] = [];
  let at: unknown = root;
  for (const k of path.slice(0, -1)) {
    if (at === null || typeof at !== 'object') return;
    parents.push([at as Record<string | number, unknown>, k]);
    at = (at as Record<string | number, unknown>)[k];
  }
  if (at === null || typeof at !== 'object' || Array.isArray(at)) return;
  delete (at as Record<string, unknown>)[path[path.length - 1]];
  // An optional group left with nothing in it (joint, stakes.buyer …) goes too, so "absent" stays absent.
  for (let i = parents.length - 1; i >= 0; i--) {
    const [parent, key] = parents[i];
    const child = parent[key];
    if (child && typeof child === 'object' && !Array.isArray(child) && Object.keys(child).length === 0 && i > 0) delete parent[key];
    else break;
  }
}

/** `base`, or `base-2`, `base-3` … whichever is not taken; kept within the 48-character id limit. */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const stem = (base || 'card').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+/, '').slice(0, 44) || 'card';
  if (!used.has(stem)) return stem;
  for (let n = 2; ; n++) {
    const id = `${stem.slice(0, 44)}-${n}`;
    if (!used.has(id)) return id;
  }
}

const cardIds = (deck: DraftDeck) => deck.cards.map((c) => String(c.id ?? ''));

const zero = () => ({ courage: 0, budget: 0, stories: 0 });

/**
 * A new rules v2 card: the structure already follows the rules (three moves and a wait per team, one joint
 * part each, whose costs together use all three power-ups), every text is empty so the form shows what to write.
 */
export function blankCard(taken: Iterable<string>): DraftCard {
  const id = uniqueId('new-card', taken);
  const option = (oid: string, team: Team, effects: Record<string, number>, progress: number, extra: Record<string, Json> = {}): DraftOption => ({
    id: oid, team, label: '', text: '', effects, progress, competitor: 0, wait: false, ...extra,
  });
  return {
    id,
    title: '',
    situation: '',
    briefs: { buyer: '', provider: '' },
    stakes: { buyer: { text: '', optionId: 'buyer-safe' }, provider: { text: '', optionId: 'provider-safe' } },
    options: [
      option('buyer-joint', 'buyer', { courage: -1, budget: 0, stories: 1 }, 2, { joint: true }),
      option('buyer-bold', 'buyer', { courage: -1, budget: 1, stories: 0 }, 2),
      option('buyer-safe', 'buyer', { courage: 0, budget: 1, stories: 0 }, 1),
      option('buyer-wait', 'buyer', zero(), 0, { competitor: 1, wait: true }),
      option('provider-joint', 'provider', { courage: 1, budget: -1, stories: -1 }, 2, { joint: true }),
      option('provider-bold', 'provider', { courage: 0, budget: -1, stories: 1 }, 2),
      option('provider-safe', 'provider', { courage: 1, budget: 0, stories: 0 }, 1),
      option('provider-wait', 'provider', zero(), 0, { competitor: 1, wait: true }),
    ],
    joint: { title: '', text: '' },
    hazard: { title: '', text: '', strikes: 'courage', damage: 1, hits: 'buyer' },
    opportunity: { title: '', text: '', bonus: 2 },
    debrief: '',
    themes: [],
  };
}

/** A new option for a team: not the wait option, one step, nothing spent. */
export function blankOption(card: DraftCard, team: Team): DraftOption {
  const id = uniqueId(`${team}-option`, card.options.map((o) => String(o.id ?? '')));
  return { id, team, label: '', text: '', effects: zero(), progress: 1, competitor: 0, wait: false };
}

export function newDeck(template: DraftDeck): DraftDeck {
  return clone(template);
}

export function addCard(deck: DraftDeck, at = deck.cards.length): number {
  deck.cards.splice(at, 0, blankCard(cardIds(deck)));
  return at;
}

/** A copy right after the original, with a fresh id and "(copy)" in its title. */
export function duplicateCard(deck: DraftDeck, index: number): number {
  const copy = clone(deck.cards[index]);
  copy.id = uniqueId(`${String(copy.id ?? 'card').slice(0, 38)}-copy`, cardIds(deck));
  if (typeof copy.title === 'string') copy.title = `${copy.title.slice(0, 73)} (copy)`;
  deck.cards.splice(index + 1, 0, copy);
  return index + 1;
}

/** Moves an item within a list; returns its new index (clamped to the list). */
export function move<T>(list: T[], from: number, to: number): number {
  const target = Math.max(0, Math.min(list.length - 1, to));
  if (from === target || from < 0 || from >= list.length) return from;
  const [item] = list.splice(from, 1);
  list.splice(target, 0, item);
  return target;
}

export function removeAt<T>(list: T[], index: number): void {
  if (index >= 0 && index < list.length) list.splice(index, 1);
}

export function duplicateOption(card: DraftCard, index: number): number {
  const copy = clone(card.options[index]);
  copy.id = uniqueId(`${String(copy.id ?? 'option').slice(0, 38)}-copy`, card.options.map((o) => String(o.id ?? '')));
  // A copy of the wait option or a joint part would break the card's rules at once: the copy is neither.
  copy.wait = false;
  delete copy.joint;
  card.options.splice(index + 1, 0, copy);
  return index + 1;
}

/** Issues by the path of the field they belong to (`cards.2.options.1.label`); '' is the deck as a whole. */
export type Issues = Map<string, string[]>;

/** zod's wording for an empty required text, in plain words. */
export function plainMessage(message: string): string {
  if (/expected string to have >=1 characters?/.test(message)) return 'Required: write something here.';
  const tooBig = /expected string to have <=(\d+) characters?/.exec(message);
  if (tooBig) return `Too long: at most ${tooBig[1]} characters.`;
  if (/expected number, received (string|NaN)/.test(message)) return 'Expected a whole number.';
  return message;
}

/** The same check the server runs on every deck (DeckSchema with the rules v2 check), by path. */
export function validateDraft(deck: unknown): { ok: boolean; issues: Issues; count: number } {
  const issues: Issues = new Map();
  const r = DeckSchema.safeParse(deck);
  if (r.success) return { ok: true, issues, count: 0 };
  for (const issue of r.error.issues) {
    const key = pathKey(issue.path as Path);
    const list = issues.get(key) ?? [];
    const msg = plainMessage(issue.message);
    if (!list.includes(msg)) list.push(msg);
    issues.set(key, list);
  }
  return { ok: false, issues, count: r.error.issues.length };
}

/**
 * Which error slot shows an issue: the longest prefix of its path that has a slot on the page
 * (`cards.2.options.1` for an option's own rule, `cards.2` for a card-wide one, '' for the deck).
 */
export function slotFor(path: string, slots: ReadonlySet<string>): string {
  const parts = path ? path.split('.') : [];
  for (let n = parts.length; n > 0; n--) {
    const key = parts.slice(0, n).join('.');
    if (slots.has(key)) return key;
  }
  return '';
}

/** How many issues sit on each card (for the card list's badges). */
export function issuesPerCard(issues: Issues): Map<number, number> {
  const per = new Map<number, number>();
  for (const [key, list] of issues) {
    const m = /^cards\.(\d+)(\.|$)/.exec(key);
    if (m) per.set(Number(m[1]), (per.get(Number(m[1])) ?? 0) + list.length);
  }
  return per;
}

/** Export: the draft exactly as it is, pretty-printed. */
export function exportDeckJson(deck: DraftDeck): string {
  return `${JSON.stringify(deck, null, 2)}\n`;
}

/** Import: any JSON object with a `cards` array is taken as it is (the form then shows what is wrong with it). */
export function importDeckJson(text: string): { ok: true; deck: DraftDeck } | { ok: false; message: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `This file is not valid JSON: ${(err as Error).message}` };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, message: 'A deck is a JSON object with "id", "title" and "cards".' };
  const deck = raw as Record<string, unknown>;
  if (!Array.isArray(deck.cards)) return { ok: false, message: 'This JSON has no "cards" list: it is not a deck.' };
  if (!deck.cards.every((c) => c && typeof c === 'object' && !Array.isArray(c))) return { ok: false, message: 'Every entry of "cards" must be a card object.' };
  for (const c of deck.cards as Record<string, unknown>[]) if (!Array.isArray(c.options)) c.options = [];
  return { ok: true, deck: deck as DraftDeck };
}

/** Themes are typed as one comma-separated line. */
export function parseThemes(line: string): string[] {
  return line.split(',').map((t) => t.trim()).filter(Boolean);
}

/** The team's options of a card, with their index in the card's list. */
export function teamOptions(card: DraftCard, team: Team): { option: DraftOption; index: number }[] {
  return card.options.map((option, index) => ({ option, index })).filter(({ option }) => option.team === team);
}

export { TEAMS, POWER_UPS };
