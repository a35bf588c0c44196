import { el } from '../dom/el';
import { POWER_UP_NAME, TEAM_NAME } from '../dom/format';
import { blankOption, duplicateOption, move, parseThemes, removeAt, TEAMS, POWER_UPS, type DraftCard, type DraftDeck } from './draft';
import { checkField, groupSlot, numberField, selectField, textField, type Choice, type FieldCtx } from './fields';

/** What the card form asks of the studio: the structural edits it cannot do alone, and focus after a rebuild. */
export type CardFormHost = FieldCtx & {
  deck(): DraftDeck;
  /** Rebuilds the form, then focuses the element with this id (if it is there). */
  rebuild(focusId?: string): void;
};

const POWER_UP_CHOICES: Choice[] = POWER_UPS.map((p) => ({ value: p, label: POWER_UP_NAME[p] }));
const TEAM_CHOICES: Choice[] = TEAMS.map((t) => ({ value: t, label: TEAM_NAME[t] }));
const HITS_CHOICES: Choice[] = [
  { value: 'buyer', label: 'the Buyer' },
  { value: 'provider', label: 'the Provider' },
  { value: 'both', label: 'both teams' },
];

function section(title: string, id: string, ...children: (Node | null)[]): HTMLElement {
  return el('fieldset', { class: 'studio-group', id }, el('legend', {}, title), ...children);
}

/**
 * Every field of one card: its text, both briefs and hidden stakes, each option with its effects and steps,
 * the joint move, the hazard and its condition, the opportunity, the story prompt and the debrief question.
 * Returns the form and a refresh for the parts that follow other fields (the stakes' option lists).
 */
export function cardForm(host: CardFormHost, index: number): { node: HTMLElement; refresh(): void } {
  const card = () => host.deck().cards[index] as DraftCard;
  const c = card();
  const v2 = host.deck().rules === 2;
  const at = (...p: (string | number)[]) => ['cards', index, ...p];

  const stakeSelects = TEAMS.map((team) => {
    const choices = () => c.options.filter((o) => o.team === team).map((o) => ({ value: String(o.id ?? ''), label: `${String(o.label || o.id || '(no label)')}` }));
    const s = selectField(host, at('stakes', team, 'optionId'), 'The option this stake pulls towards', choices(), { optional: '— choose an option —' });
    return { team, refresh: () => s.setChoices(choices()), node: s.node };
  });

  const optionsList = el('ol', { class: 'option-list' });
  c.options.forEach((o, j) => optionsList.append(optionForm(host, index, j, v2)));

  const node = el('div', { class: 'card-form stack' },
    groupSlot(host, at()),
    section('The card', `g-card-${index}`,
      el('div', { class: 'row' },
        textField(host, at('id'), 'Card id', { hint: 'Lower-case letters, digits and dashes; unique in the deck.' }),
        textField(host, at('title'), 'Title', { max: 80 }),
      ),
      textField(host, at('situation'), 'Situation (read aloud to everyone)', { multiline: true, max: 600, rows: 4 }),
      textField(host, at('themes'), 'Themes (optional, separated by commas)', { parse: parseThemes, format: (v) => (Array.isArray(v) ? v.join(', ') : '') }),
    ),
    section('Private briefs and hidden stakes', `g-briefs-${index}`,
      groupSlot(host, at('briefs')),
      groupSlot(host, at('stakes')),
      el('div', { class: 'two-col' }, ...TEAMS.map((team) =>
        el('div', { class: `team-box team-${team}-box stack` },
          el('h3', {}, `${TEAM_NAME[team]}`),
          textField(host, at('briefs', team), `${TEAM_NAME[team]}'s private brief`, { multiline: true, max: 400 }),
          v2 || c.stakes ? textField(host, at('stakes', team, 'text'), `${TEAM_NAME[team]}'s hidden stake`, { multiline: true, max: 240, rows: 2, hint: 'A mild pull against the partnership, revealed in the debrief.' }) : null,
          v2 || c.stakes ? stakeSelects.find((s) => s.team === team)!.node : null,
        ))),
    ),
    section('Options', `g-options-${index}`,
      el('p', { class: 'hint' }, v2
        ? 'Each team needs 3–4 options: exactly one "wait" option (earns, spends and moves nothing) and exactly one part of the joint move. Effects: negative spends, positive earns (−3 to 3).'
        : 'Each team needs 3–4 options, exactly one of them the "wait" option. Effects: negative spends, positive earns (−3 to 3).'),
      groupSlot(host, at('options')),
      optionsList,
      el('div', { class: 'row-actions' }, ...TEAMS.map((team) => {
        const b = el('button', { type: 'button', class: 'small secondary', id: `add-option-${team}` }, `Add a ${TEAM_NAME[team]} option`);
        b.addEventListener('click', () => {
          const o = blankOption(card(), team);
          card().options.push(o);
          host.changed();
          host.rebuild(`f-cards-${index}-options-${card().options.length - 1}-label`);
        });
        return b;
      })),
    ),
    v2 || c.joint ? section('Joint move', `g-joint-${index}`,
      el('p', { class: 'hint' }, 'Fires when both teams vote their joint part; with a step change it reaches the opportunity.'),
      groupSlot(host, at('joint')),
      textField(host, at('joint', 'title'), 'Joint move title', { max: 80 }),
      textField(host, at('joint', 'text'), 'What the two teams do together', { multiline: true, max: 280, rows: 2 }),
    ) : null,
    section('Hazard', `g-hazard-${index}`,
      groupSlot(host, at('hazard')),
      textField(host, at('hazard', 'title'), 'Hazard title', { max: 80 }),
      textField(host, at('hazard', 'text'), 'Hazard text', { multiline: true, max: 280, rows: 2 }),
      el('div', { class: 'row' },
        selectField(host, at('hazard', 'strikes'), 'Strikes (the power-up that absorbs it)', POWER_UP_CHOICES).node,
        numberField(host, at('hazard', 'damage'), 'Damage', 1, 2),
      ),
      v2
        ? selectField(host, at('hazard', 'hits'), 'Hits', HITS_CHOICES, { optional: '— choose —', hint: 'The team it hits when that team spends none of the power-up it strikes.' }).node
        : numberField(host, at('hazard', 'chance'), 'Chance it strikes (0 to 1)', 0, 1, { step: 0.05, optional: true }),
      textField(host, at('hazard', 'why'), 'Why it struck (the reveal\u2019s sentence)', { max: 160, optional: true }),
    ),
    section('Opportunity', `g-opportunity-${index}`,
      groupSlot(host, at('opportunity')),
      textField(host, at('opportunity', 'title'), 'Opportunity title', { max: 80 }),
      textField(host, at('opportunity', 'text'), 'Opportunity text', { multiline: true, max: 280, rows: 2 }),
      el('div', { class: 'row' },
        numberField(host, at('opportunity', 'bonus'), 'Bonus steps', 1, 3),
        v2 ? null : numberField(host, at('opportunity', 'reach'), 'Height needed', 1, 3, { optional: true }),
      ),
    ),
    section('Story and debrief', `g-story-${index}`,
      textField(host, at('storyPrompt'), 'Story prompt (optional: makes this a story round)', { max: 200, optional: true }),
      textField(host, at('debrief'), 'Debrief question', { multiline: true, max: 300, rows: 2 }),
    ),
  );

  return { node, refresh: () => stakeSelects.forEach((s) => s.refresh()) };
}

function optionForm(host: CardFormHost, index: number, j: number, v2: boolean): HTMLElement {
  const card = () => host.deck().cards[index] as DraftCard;
  const o = card().options[j];
  const at = (...p: (string | number)[]) => ['cards', index, 'options', j, ...p];
  const team = o.team === 'provider' ? 'provider' : o.team === 'buyer' ? 'buyer' : null;
  const base = `opt-${index}-${j}`;
  const action = (label: string, id: string, run: () => string | undefined, cls = 'small secondary') => {
    const b = el('button', { type: 'button', class: cls, id: `${base}-${id}`, 'aria-label': `${label}: option ${j + 1}` }, label);
    b.addEventListener('click', () => {
      const focus = run();
      host.changed();
      host.rebuild(focus);
    });
    return b;
  };
  const count = card().options.length;
  const heading = `Option ${j + 1}${team ? ` \u00b7 ${TEAM_NAME[team]}` : ''}${o.wait ? ' \u00b7 wait' : ''}${o.joint ? ' \u00b7 \u2605 joint part' : ''}`;
  return el('li', { class: `option-form ${team ? `team-${team}-box` : ''}` },
    el('fieldset', { class: 'studio-option', id: `g-${base}` },
      el('legend', {}, heading),
      groupSlot(host, at()),
      el('div', { class: 'row' },
        selectField(host, at('team'), 'Team', TEAM_CHOICES, { structural: true }).node,
        textField(host, at('id'), 'Option id', {}),
      ),
      textField(host, at('label'), 'Label (the button)', { max: 80 }),
      textField(host, at('text'), 'Text', { multiline: true, max: 280, rows: 2 }),
      el('div', { class: 'effects', role: 'group', 'aria-labelledby': `${base}-effects-label` },
        el('p', { class: 'label', id: `${base}-effects-label` }, 'Effects (negative spends, positive earns)'),
        groupSlot(host, at('effects')),
        el('div', { class: 'row three' }, ...POWER_UPS.map((p) => numberField(host, at('effects', p), POWER_UP_NAME[p], -3, 3))),
      ),
      el('div', { class: 'row' },
        numberField(host, at('progress'), 'Steps if it gets through', 0, 4),
        numberField(host, at('competitor'), 'Steps the competitor gains', 0, 2),
      ),
      el('div', { class: 'checks' },
        checkField(host, at('wait'), 'The team\u2019s "wait / do nothing" option', { structural: true }),
        v2 || o.joint !== undefined ? checkField(host, at('joint'), 'Part of the joint move', { absentWhenOff: true, structural: true }) : null,
      ),
      el('div', { class: 'row-actions' },
        action('Move up', 'up', () => `${`opt-${index}-${move(card().options, j, j - 1)}`}-up`),
        action('Move down', 'down', () => `opt-${index}-${move(card().options, j, j + 1)}-down`),
        action('Duplicate', 'dup', () => `f-cards-${index}-options-${duplicateOption(card(), j)}-label`),
        action('Delete', 'del', () => {
          removeAt(card().options, j);
          return count > 1 ? `opt-${index}-${Math.min(j, count - 2)}-del` : `add-option-${team ?? 'buyer'}`;
        }, 'small danger'),
      ),
    ),
  );
}
