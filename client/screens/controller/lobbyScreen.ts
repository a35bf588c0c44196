import { el, clear } from '../../dom/el';
import { teamBadge } from '../../dom/teamBadge';
import { inventoryPanel } from '../../dom/powerUps';
import { TEAM_NAME, plural } from '../../dom/format';
import type { ParticipantSession } from '../../net/participantSession';
import type { Screen } from './types';

export const TEAM_ROLE = { buyer: 'the client organisation', provider: 'the service provider' } as const;

/**
 * Waiting for the first round (and between rounds, for the team switch): my team, who is here.
 * The switch shows only when the facilitator lets participants pick their team.
 */

export function lobbyScreen(session: ParticipantSession): Screen {
  const title = el('h1', { tabIndex: -1, id: 'lobby-title' });
  const workshop = el('p', { class: 'workshop-title', id: 'lobby-workshop' });
  const badgeBox = el('div', { class: 'team-hero' });
  const count = el('p', { class: 'count', id: 'lobby-count' });
  const inventoryBox = el('div');
  const switchError = el('p', { class: 'error', role: 'alert' });
  const switchButton = el('button', { type: 'button', class: 'secondary', id: 'team-switch' });
  const switchBox = el('div', { class: 'stack' }, switchButton, switchError);
  let target: 'buyer' | 'provider' = 'provider';
  switchButton.addEventListener('click', async () => {
    switchButton.disabled = true;
    const r = await session.team(target);
    switchButton.disabled = false;
    switchError.textContent = r.ok ? '' : r.message;
  });
  const node = el('div', { class: 'screen lobby' },
    el('section', { class: 'panel stack', 'aria-labelledby': 'lobby-title' },
      workshop,
      title,
      badgeBox,
      count,
      el('p', { class: 'lead' }, 'Watch the big screen: the facilitator starts the first round. Keep this page open.'),
      switchBox,
    ),
    inventoryBox,
  );
  return {
    node,
    update(view, me) {
      title.textContent = `You're in, ${me.name}!`;
      workshop.textContent = view.title;
      clear(badgeBox);
      badgeBox.append(teamBadge(me.team), el('p', {}, `You play for the ${TEAM_NAME[me.team]}: ${TEAM_ROLE[me.team]}.`));
      const total = view.teamSizes.buyer + view.teamSizes.provider;
      count.textContent = `${plural(total, 'person', 'people')} here · Buyer ${view.teamSizes.buyer} · Provider ${view.teamSizes.provider}`;
      target = me.team === 'buyer' ? 'provider' : 'buyer';
      switchButton.textContent = `Switch to ${TEAM_NAME[target]}`;
      switchBox.hidden = !view.teamChoice;
      clear(inventoryBox);
      inventoryBox.append(inventoryPanel(view.teams[me.team], `${TEAM_NAME[me.team]} power-ups`));
    },
  };
}
