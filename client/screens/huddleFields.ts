import { el } from '../dom/el';
import { RULES_V2 } from '../../shared/engine/v2/rulesV2';
import { stakesText } from '../../shared/engine/v2/huddle';

/**
 * The host form's cross-team huddle settings (rules v2, issue 12 item 2): which rounds open with a timed
 * huddle before the vote (rounds 3 and 5 proposed) and how long it lasts. Empty: no huddles.
 */
export function huddleFields(): { node: HTMLElement; config(): { ok: true; value: { huddleRounds: number[]; huddleSeconds: number } } | { ok: false; message: string } } {
  const rounds = el('input', { id: 'host-huddle-rounds', name: 'huddleRounds', value: RULES_V2.huddleRoundsProposed.join(', '), inputMode: 'numeric', 'aria-describedby': 'host-huddle-rounds-hint', autocomplete: 'off' });
  const seconds = el('input', { id: 'host-huddle-seconds', name: 'huddleSeconds', type: 'number', min: 10, max: 3600, step: 10, value: RULES_V2.huddleSeconds, inputMode: 'numeric' });
  const node = el('div', { class: 'row huddle-fields' },
    el('div', { class: 'field' }, el('label', { for: 'host-huddle-rounds' }, 'Huddle rounds'), rounds,
      el('p', { class: 'hint', id: 'host-huddle-rounds-hint' }, `Round numbers, e.g. 3, 5; empty for none. Before the vote both teams see each other\u2019s options and the joint move\u2019s backing. ${stakesText()} You can change them on the console before each round.`)),
    el('div', { class: 'field' }, el('label', { for: 'host-huddle-seconds' }, 'Seconds for a huddle'), seconds),
  );
  return {
    node,
    config() {
      const parts = rounds.value.split(/[\s,;]+/).filter(Boolean);
      const list = parts.map(Number);
      if (list.some((n) => !Number.isInteger(n) || n < 1 || n > 12)) return { ok: false, message: 'Huddle rounds: whole round numbers from 1 to 12, separated by commas (or leave it empty).' };
      const s = Number(seconds.value);
      if (!Number.isInteger(s) || s < 10 || s > 3600) return { ok: false, message: 'Seconds for a huddle: a whole number from 10 to 3600.' };
      return { ok: true, value: { huddleRounds: [...new Set(list)].sort((a, b) => a - b), huddleSeconds: s } };
    },
  };
}
