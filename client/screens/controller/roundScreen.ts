import { el, clear } from '../../dom/el';
import { effectChips, inventoryPanel } from '../../dom/powerUps';
import { TEAM_NAME, POWER_UP_NAME } from '../../dom/format';
import { sfx } from '../../audio/sfx';
import type { ParticipantSession } from '../../net/participantSession';
import type { PublicCard } from '../../../shared/schemas/views';
import type { Screen } from './types';

/** The card, my team's private brief and my team's options as big buttons; my choice stays changeable. */
export function roundScreen(session: ParticipantSession): Screen {
  const title = el('h1', { class: 'card-title', tabIndex: -1, id: 'round-title' });
  const kicker = el('p', { class: 'kicker' });
  const situation = el('p', { class: 'situation' });
  const briefTitle = el('h2', {});
  const brief = el('p', { class: 'brief-text' });
  const risks = el('div', { class: 'risks' });
  const optionsHint = el('p', { class: 'hint', id: 'options-hint' });
  const optionList = el('div', { class: 'options', role: 'group', 'aria-labelledby': 'options-title', 'aria-describedby': 'options-hint' });
  const status = el('p', { class: 'choice-status', role: 'status', id: 'choice-status' });
  const error = el('p', { class: 'error', role: 'alert' });
  const votes = el('p', { class: 'votes' });
  const inventoryBox = el('div');
  const buttons = new Map<string, HTMLButtonElement>();
  let cardId = '';
  let pending = false;

  const node = el('div', { class: 'screen round' },
    el('article', { class: 'panel card-panel', 'aria-labelledby': 'round-title' },
      kicker, title, situation,
      el('section', { class: 'brief' }, briefTitle, brief),
      risks,
    ),
    el('section', { class: 'panel', 'aria-labelledby': 'options-title' },
      el('h2', { id: 'options-title' }, 'Your choice'),
      optionsHint,
      optionList,
      status,
      error,
      votes,
    ),
    inventoryBox,
  );

  function buildCard(card: PublicCard, team: 'buyer' | 'provider'): void {
    cardId = card.id;
    title.textContent = card.title;
    situation.textContent = card.situation;
    clear(risks);
    risks.append(
      el('div', { class: 'risk hazard' }, el('h3', {}, `Hazard: ${card.hazard.title}`), el('p', {}, `${card.hazard.text} It hits a team short of ${POWER_UP_NAME[card.hazard.strikes]}.`)),
      el('div', { class: 'risk opportunity' }, el('h3', {}, `Opportunity: ${card.opportunity.title}`), el('p', {}, card.opportunity.text)),
    );
    clear(optionList);
    buttons.clear();
    for (const o of card.options.filter((x) => x.team === team)) {
      const b = el('button', { type: 'button', class: 'option', 'aria-pressed': 'false', 'data-option': o.id },
        el('span', { class: 'option-check', 'aria-hidden': 'true' }),
        el('span', { class: 'option-body' },
          el('span', { class: 'option-label' }, o.label),
          el('span', { class: 'option-text' }, o.text),
          effectChips(o.effects),
        ),
      );
      b.addEventListener('click', () => void choose(o.id));
      buttons.set(o.id, b);
      optionList.append(b);
    }
  }

  async function choose(optionId: string): Promise<void> {
    if (pending) return;
    pending = true;
    error.textContent = '';
    const r = await session.choose(optionId);
    pending = false;
    if (!r.ok) error.textContent = r.message;
    else sfx.play('coin');
  }

  return {
    node,
    update(view, me) {
      const card = view.card;
      if (!card) return;
      if (card.id !== cardId) buildCard(card, me.team);
      kicker.textContent = `Round ${(view.roundIndex ?? 0) + 1} of ${view.roundsTotal}`;
      briefTitle.textContent = `${TEAM_NAME[me.team]}'s private brief`;
      brief.textContent = view.brief ?? '';
      const open = view.phase === 'deciding';
      optionsHint.textContent = open
        ? `Pick the move you want the ${TEAM_NAME[me.team]} to make. You can change it until time is up.`
        : 'Read the card: voting opens when the facilitator starts the timer.';
      for (const [id, b] of buttons) {
        const chosen = me.myChoice === id;
        b.setAttribute('aria-pressed', String(chosen));
        b.classList.toggle('chosen', chosen);
        b.disabled = !open;
      }
      const chosen = card.options.find((o) => o.id === me.myChoice);
      status.textContent = chosen ? `✓ Your choice: ${chosen.label}` : open ? 'No choice yet.' : '';
      votes.textContent = open ? `${view.voted[me.team]} of ${view.teamSizes[me.team]} ${TEAM_NAME[me.team]} players have chosen.` : '';
      clear(inventoryBox);
      inventoryBox.append(inventoryPanel(view.teams[me.team], `${TEAM_NAME[me.team]} power-ups`));
    },
  };
}
