import { el } from './el';
import { icon } from './icons';
import { POWER_UP_NAME, signed, plural } from './format';
import type { Inventory } from '../../shared/schemas/common';
import { POWER_UPS } from './format';
import type { Effects } from '../../shared/schemas/deck';
import type { TeamState } from '../../shared/schemas/state';

/** "+1 Courage −2 Budget" as chips: an icon, the sign and the word (never colour alone). */
export function effectChips(effects: Effects): HTMLElement {
  const list = el('span', { class: 'chips' });
  for (const p of POWER_UPS) {
    const n = effects[p];
    if (!n) continue;
    list.append(el('span', { class: `chip chip-${p} ${n > 0 ? 'earn' : 'spend'}` }, icon(p, 18), `${signed(n)} ${POWER_UP_NAME[p]}`));
  }
  if (!list.childElementCount) list.append(el('span', { class: 'chip chip-none' }, 'No power-ups used'));
  return list;
}

/** A team's power-ups, lives and size, big enough to read at a glance. */
export function inventoryPanel(team: TeamState, heading: string): HTMLElement {
  return el('section', { class: 'inventory', 'aria-label': heading },
    el('h2', { class: 'inventory-title' }, heading),
    el('ul', { class: 'inventory-list' },
      ...POWER_UPS.map((p) => inventoryItem(p, team.inventory)),
      el('li', { class: 'inv inv-lives' }, icon('life', 28), el('strong', {}, String(team.lives)), el('span', {}, team.lives === 1 ? 'Life' : 'Lives')),
      el('li', { class: 'inv inv-size' }, icon('people', 28), el('strong', {}, String(team.size)), el('span', {}, team.size === 1 ? 'Player' : 'Players')),
    ),
  );
}

function inventoryItem(p: keyof Inventory, inv: Inventory): HTMLElement {
  return el('li', { class: `inv inv-${p}`, title: plural(inv[p], POWER_UP_NAME[p]) }, icon(p, 28), el('strong', {}, String(inv[p])), el('span', {}, POWER_UP_NAME[p]));
}
