import { el } from '../dom/el';
import { getAt, pathKey, setAt, type Path } from './draft';

/**
 * Form fields bound to a path of the draft deck. Every field has an error slot next to it (named by the
 * input's aria-describedby, with aria-invalid set while it has an error); group slots (an option, the
 * card, the options list) carry the rules that span several fields. Nothing typed is ever parsed as HTML.
 */
export type Slot = { error: HTMLElement; input?: HTMLElement };

export type FieldCtx = {
  /** The draft being edited (the root object every path starts from). */
  root(): Record<string, unknown>;
  /** Called after every edit; `structural` rebuilds the card's form (an option's team changed …). */
  changed(structural?: boolean): void;
  slots: Map<string, Slot>;
};

export const fieldId = (key: string) => `f-${key.replace(/\./g, '-') || 'deck'}`;

function describe(input: HTMLElement, ...ids: (string | null)[]): void {
  input.setAttribute('aria-describedby', ids.filter(Boolean).join(' '));
}

function errorSlot(ctx: FieldCtx, key: string, input?: HTMLElement): HTMLElement {
  const error = el('p', { class: 'error field-error', id: `${fieldId(key)}-error` });
  ctx.slots.set(key, { error, input });
  return error;
}

/** A slot for rules that span a group of fields (shown at the top of the group). */
export function groupSlot(ctx: FieldCtx, path: Path): HTMLElement {
  const error = errorSlot(ctx, pathKey(path));
  error.classList.add('group-error');
  return error;
}

const asText = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

type TextOpts = { parse?: (typed: string) => unknown; format?: (value: unknown) => string; multiline?: boolean; optional?: boolean; hint?: string; max?: number; rows?: number; cls?: string; placeholder?: string };

/** A text input or textarea. `optional`: left empty, the key is removed (absent, as the schema allows). */
export function textField(ctx: FieldCtx, path: Path, label: string, opts: TextOpts = {}): HTMLElement {
  const key = pathKey(path);
  const id = fieldId(key);
  const input = opts.multiline
    ? el('textarea', { id, name: key, rows: opts.rows ?? 3, spellcheck: true })
    : el('input', { id, name: key, type: 'text', autocomplete: 'off', spellcheck: true });
  if (opts.placeholder) input.placeholder = opts.placeholder;
  input.value = (opts.format ?? asText)(getAt(ctx.root(), path));
  const hintText = [opts.hint, opts.max ? `At most ${opts.max} characters.` : null].filter(Boolean).join(' ');
  const hint = hintText ? el('p', { class: 'hint', id: `${id}-hint` }, hintText) : null;
  const counter = opts.max ? el('span', { class: 'counter', 'aria-hidden': 'true' }) : null;
  const count = () => {
    if (counter && opts.max) {
      counter.textContent = `${input.value.length}/${opts.max}`;
      counter.classList.toggle('over', input.value.trim().length > opts.max);
    }
  };
  count();
  const error = errorSlot(ctx, key, input);
  describe(input, hint ? `${id}-hint` : null, error.id);
  input.addEventListener('input', () => {
    const v = input.value;
    setAt(ctx.root(), path, opts.parse ? opts.parse(v) : opts.optional && v.trim() === '' ? undefined : v);
    count();
    ctx.changed();
  });
  return el('div', { class: `field ${opts.cls ?? ''}` }, el('div', { class: 'field-head' }, el('label', { for: id }, label), counter), input, hint, error);
}

/** A whole number in [min, max]; anything else typed stays as typed, so the schema's error shows. */
export function numberField(ctx: FieldCtx, path: Path, label: string, min: number, max: number, opts: { optional?: boolean; step?: number; hint?: string } = {}): HTMLElement {
  const key = pathKey(path);
  const id = fieldId(key);
  const input = el('input', { id, name: key, type: 'text', inputMode: opts.step && opts.step < 1 ? 'decimal' : 'numeric', autocomplete: 'off', class: 'num' });
  input.value = asText(getAt(ctx.root(), path));
  const hint = el('p', { class: 'hint', id: `${id}-hint` }, opts.hint ?? `${min} to ${max}`);
  const error = errorSlot(ctx, key, input);
  describe(input, hint.id, error.id);
  input.addEventListener('input', () => {
    const v = input.value.trim();
    const n = Number(v.replace(/^\+/, ''));
    setAt(ctx.root(), path, v === '' && opts.optional ? undefined : v !== '' && Number.isFinite(n) ? n : input.value);
    ctx.changed();
  });
  // The keyboard's arrows step the number, like a native number input, but without its silent clamping.
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    const n = Number(input.value);
    if (!Number.isFinite(n)) return;
    e.preventDefault();
    const step = opts.step ?? 1;
    const next = Math.round(Math.max(min, Math.min(max, n + (e.key === 'ArrowUp' ? step : -step))) * 100) / 100;
    input.value = String(next);
    input.dispatchEvent(new Event('input'));
  });
  return el('div', { class: 'field num-field' }, el('label', { for: id }, label), input, hint, error);
}

export type Choice = { value: string; label: string };

/** A select. `optional`: its first choice ('') removes the key. `structural`: a change rebuilds the card's form. */
export function selectField(ctx: FieldCtx, path: Path, label: string, choices: Choice[], opts: { optional?: string; structural?: boolean; hint?: string } = {}): { node: HTMLElement; setChoices(c: Choice[]): void } {
  const key = pathKey(path);
  const id = fieldId(key);
  const select = el('select', { id, name: key });
  const setChoices = (list: Choice[]) => {
    const current = asText(getAt(ctx.root(), path));
    const all = [...(opts.optional !== undefined ? [{ value: '', label: opts.optional }] : []), ...list];
    // A value the list does not offer (an imported deck naming a missing option) stays visible, so its error makes sense.
    if (current && !all.some((c) => c.value === current)) all.push({ value: current, label: `${current} (not on this card)` });
    select.replaceChildren(...all.map((c) => el('option', { value: c.value }, c.label)));
    select.value = current;
  };
  setChoices(choices);
  const hint = opts.hint ? el('p', { class: 'hint', id: `${id}-hint` }, opts.hint) : null;
  const error = errorSlot(ctx, key, select);
  describe(select, hint ? hint.id : null, error.id);
  select.addEventListener('change', () => {
    setAt(ctx.root(), path, select.value === '' && opts.optional !== undefined ? undefined : select.value);
    ctx.changed(opts.structural);
  });
  return { node: el('div', { class: 'field' }, el('label', { for: id }, label), select, hint, error), setChoices };
}

/** A checkbox. `absentWhenOff`: unticked removes the key (e.g. `joint`, optional in v1 decks). */
export function checkField(ctx: FieldCtx, path: Path, label: string, opts: { absentWhenOff?: boolean; structural?: boolean; hint?: string } = {}): HTMLElement {
  const key = pathKey(path);
  const id = fieldId(key);
  const input = el('input', { id, name: key, type: 'checkbox' });
  input.checked = getAt(ctx.root(), path) === true;
  const hint = opts.hint ? el('p', { class: 'hint', id: `${id}-hint` }, opts.hint) : null;
  const error = errorSlot(ctx, key, input);
  describe(input, hint ? hint.id : null, error.id);
  input.addEventListener('change', () => {
    setAt(ctx.root(), path, input.checked ? true : opts.absentWhenOff ? undefined : false);
    ctx.changed(opts.structural);
  });
  return el('div', { class: 'field check-field' }, el('label', { class: 'check', for: id }, input, el('span', {}, label)), hint, error);
}

/** Shows each issue in its slot (see slotFor) and marks the inputs; returns how many were shown. */
export function showIssues(slots: Map<string, Slot>, placed: Map<string, string[]>): void {
  for (const [key, slot] of slots) {
    const msgs = placed.get(key);
    slot.error.textContent = msgs ? msgs.join('\n') : '';
    if (slot.input) {
      if (msgs) slot.input.setAttribute('aria-invalid', 'true');
      else slot.input.removeAttribute('aria-invalid');
    }
  }
}
