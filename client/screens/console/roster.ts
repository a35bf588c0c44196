import { el, clear } from '../../dom/el';
import { teamBadge } from '../../dom/teamBadge';
import { TEAM_NAME, plural } from '../../dom/format';
import type { HostSession } from '../../net/hostSession';
import type { HostView } from '../../../shared/protocol/events';
import { settled, type ConsoleStatus } from './status';

const PRESENCE_TEXT = { connected: 'online', away: 'away', gone: 'gone' } as const;

/** Who is here: team, connection state, and move / remove / ban for each person. Rows are kept by id. */
export function roster(host: HostSession, status: ConsoleStatus): { node: HTMLElement; update(v: HostView): void } {
  const list = el('ul', { class: 'roster', id: 'roster' });
  const count = el('p', { class: 'count' });
  const error = el('p', { class: 'error', role: 'alert' });
  const rows = new Map<string, { li: HTMLLIElement; info: HTMLElement; move: HTMLButtonElement; key: string }>();
  type Command = Parameters<HostSession['command']>[0];
  const person = (id: string) => host.state.view?.state.participants[id];
  /**
   * Runs a move or remove; once the roster shows it, says what happened and puts focus on the same person's
   * Move button (move), or on the next person's Remove (remove: the previous person's when it was the last
   * row, the roster's heading when nobody is left), never on the page body.
   */
  const act = async (button: HTMLButtonElement, command: Command & { participantId: string }) => {
    const id = command.participantId;
    const name = person(id)?.name ?? 'Participant';
    const li = button.closest('li');
    const next = li?.nextElementSibling ?? li?.previousElementSibling;
    button.disabled = true;
    const r = await host.command(command);
    button.disabled = false;
    error.textContent = r.ok ? '' : r.message;
    if (!r.ok) return status.focus(button, heading);
    if (command.type === 'move') {
      await settled((fn) => host.subscribe(fn), () => person(id)?.team === command.team);
      status.say(`${name} moved to ${TEAM_NAME[command.team]}`);
      return status.focus(rows.get(id)?.move, heading);
    }
    await settled((fn) => host.subscribe(fn), () => !!person(id)?.removed || !person(id));
    status.say(`${name} ${command.type === 'remove' && command.ban ? 'banned' : 'removed'}`);
    status.focus(next?.querySelector<HTMLElement>('[data-action=remove]'), heading);
  };
  const heading = el('h2', { id: 'roster-title', tabIndex: -1 }, 'Who is here');
  const node = el('section', { class: 'panel', 'aria-labelledby': 'roster-title' }, heading, count, list, error);
  return {
    node,
    update(v) {
      const people = Object.values(v.state.participants).filter((p) => !p.removed).sort((a, b) => a.joinedAt - b.joinedAt);
      const online = people.filter((p) => v.presence[p.participantId] === 'connected').length;
      count.textContent = `${plural(people.length, 'person', 'people')} (${online} online) · Buyer ${v.teamSizes.buyer} · Provider ${v.teamSizes.provider}`;
      const keep = new Set(people.map((p) => p.participantId));
      for (const [id, row] of rows) if (!keep.has(id)) (row.li.remove(), rows.delete(id));
      people.forEach((p, i) => {
        const presence = v.presence[p.participantId] ?? 'gone';
        let row = rows.get(p.participantId);
        if (!row) {
          const info = el('div', { class: 'person' });
          const move = el('button', { type: 'button', class: 'small', 'data-action': 'move' });
          move.addEventListener('click', () => {
            const current = host.state.view?.state.participants[p.participantId]?.team ?? p.team;
            void act(move, { type: 'move', participantId: p.participantId, team: current === 'buyer' ? 'provider' : 'buyer' });
          });
          const remove = el('button', { type: 'button', class: 'small', 'data-action': 'remove', 'aria-label': `Remove ${p.name}` }, 'Remove');
          const ban = el('button', { type: 'button', class: 'small danger', 'data-action': 'ban', 'aria-label': `Ban ${p.name}` }, 'Ban');
          const actions = el('div', { class: 'row-actions' }, move, remove, ban);
          // Remove and Ban ask first, inline (Enter confirms, Escape or Cancel goes back): one stray click
          // must not throw someone out of the workshop.
          const question = el('span', { class: 'confirm-question' });
          const yes = el('button', { type: 'button', class: 'small danger', 'data-action': 'confirm' });
          const no = el('button', { type: 'button', class: 'small', 'data-action': 'cancel' }, 'Cancel');
          const confirmBox = el('div', { class: 'row-confirm', role: 'group', hidden: true }, question, yes, no);
          let asking: { ban: boolean; from: HTMLButtonElement } | null = null;
          const ask = (banned: boolean, from: HTMLButtonElement) => {
            const name = host.state.view?.state.participants[p.participantId]?.name ?? p.name;
            asking = { ban: banned, from };
            question.textContent = banned ? `Ban ${name}? This device cannot join again.` : `Remove ${name}? They can join again.`;
            yes.textContent = banned ? 'Yes, ban' : 'Yes, remove';
            confirmBox.setAttribute('aria-label', banned ? `Confirm banning ${name}` : `Confirm removing ${name}`);
            actions.hidden = true;
            confirmBox.hidden = false;
            yes.focus();
          };
          const cancel = () => {
            const from = asking?.from;
            asking = null;
            confirmBox.hidden = true;
            actions.hidden = false;
            from?.focus();
          };
          remove.addEventListener('click', () => ask(false, remove));
          ban.addEventListener('click', () => ask(true, ban));
          no.addEventListener('click', cancel);
          confirmBox.addEventListener('keydown', (e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              cancel();
            }
          });
          yes.addEventListener('click', () => {
            if (!asking) return;
            void act(yes, { type: 'remove', participantId: p.participantId, ban: asking.ban });
          });
          const li = el('li', { class: 'roster-row', 'data-participant': p.participantId }, info, actions, confirmBox);
          row = { li, info, move, key: '' };
          rows.set(p.participantId, row);
        }
        const key = `${p.name}|${p.team}|${presence}`;
        if (row.key !== key) {
          row.key = key;
          clear(row.info);
          row.info.append(
            el('span', { class: `presence presence-${presence}`, title: PRESENCE_TEXT[presence] }, el('span', { class: 'dot', 'aria-hidden': 'true' }), PRESENCE_TEXT[presence]),
            el('span', { class: 'person-name' }, p.name),
            teamBadge(p.team),
          );
          const other = p.team === 'buyer' ? 'provider' : 'buyer';
          row.move.textContent = `→ ${TEAM_NAME[other]}`;
          row.move.setAttribute('aria-label', `Move ${p.name} to ${TEAM_NAME[other]}`);
        }
        row.move.disabled = v.phase === 'ended';
        // Keep join order without re-inserting rows that are already in place (focus survives).
        if (list.children[i] !== row.li) list.insertBefore(row.li, list.children[i] ?? null);
      });
    },
  };
}
