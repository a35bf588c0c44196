import { el, clear } from '../../dom/el';
import { TEAM_NAME, plural } from '../../dom/format';
import type { HostSession } from '../../net/hostSession';
import type { HostView } from '../../../shared/protocol/events';
import { settled, type ConsoleStatus } from './status';

const PRESENCE_TEXT = { connected: 'online', away: 'away', gone: 'gone' } as const;
/** Up to this many people still to go are named above the roster. */
export const WAITING_NAMED = 12;

/**
 * Who still has to act in this phase (issue 15 item 7): the vote, the pitches, the backing. Null when the
 * phase asks nothing of the room.
 */
export function waitingFor(v: HostView): { label: string; ids: Set<string> } | null {
  const r = v.round;
  if (!r) return null;
  const done = v.phase === 'deciding' ? r.choices : v.phase === 'stories' ? r.storyByParticipant : v.phase === 'storyVote' ? r.storyVotes : null;
  if (!done) return null;
  const label = v.phase === 'deciding' ? 'Not voted yet' : v.phase === 'stories' ? (v.rules === 2 ? 'No pitch yet' : 'No story yet') : v.rules === 2 ? 'Not backed a pitch yet' : 'No story vote yet';
  const ids = new Set(Object.values(v.state.participants).filter((p) => !p.removed && !(p.participantId in done)).map((p) => p.participantId));
  return { label, ids };
}

/**
 * Who is here, one compact row per person grouped by team (a room of 30 fits a laptop, issue 15 item 7):
 * connection state, who has not acted yet in this phase, and move / remove / ban for each. Rows are kept by id.
 */
export function roster(host: HostSession, status: ConsoleStatus): { node: HTMLElement; update(v: HostView): void; fold(on: boolean): void } {
  const lists = { buyer: el('ul', { class: 'roster', id: 'roster-buyer', 'aria-labelledby': 'roster-buyer-title' }), provider: el('ul', { class: 'roster', id: 'roster-provider', 'aria-labelledby': 'roster-provider-title' }) };
  const teamHead = { buyer: el('h3', { class: 'roster-team-head', id: 'roster-buyer-title' }), provider: el('h3', { class: 'roster-team-head', id: 'roster-provider-title' }) };
  const list = el('div', { class: 'roster-teams', id: 'roster' },
    el('section', { class: 'roster-team team-buyer-col' }, teamHead.buyer, lists.buyer),
    el('section', { class: 'roster-team team-provider-col' }, teamHead.provider, lists.provider));
  const count = el('p', { class: 'count' });
  const waiting = el('p', { class: 'roster-waiting', id: 'roster-waiting', hidden: true });
  const error = el('p', { class: 'error', role: 'alert' });
  const rows = new Map<string, { li: HTMLLIElement; info: HTMLElement; mark: HTMLElement; move: HTMLButtonElement; key: string }>();
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
  // At the reveal and in the discussion nobody is to go: when the result needs their room (console.ts moves it
  // here) the rows fold (issue 15 item 7); "Show everyone" opens them again until the layout changes.
  const fold = el('button', { type: 'button', class: 'secondary small roster-fold', id: 'roster-fold', 'aria-controls': 'roster' });
  let folded = false;
  let asked = false;
  const renderFold = () => {
    node.classList.toggle('is-folded', folded);
    fold.textContent = folded ? 'Show everyone' : 'Fold the list';
    fold.setAttribute('aria-expanded', String(!folded));
  };
  fold.addEventListener('click', () => {
    folded = !folded;
    renderFold();
  });
  const node = el('section', { class: 'panel roster-panel', 'aria-labelledby': 'roster-title' }, el('div', { class: 'panel-head' }, heading, count, fold), waiting, list, error);
  renderFold();
  return {
    node,
    /** Folds (or unfolds) the rows when asked for a change; the facilitator's own toggle holds until then. */
    fold(on: boolean) {
      if (on === asked) return;
      asked = folded = on;
      renderFold();
    },
    update(v) {
      const people = Object.values(v.state.participants).filter((p) => !p.removed).sort((a, b) => a.joinedAt - b.joinedAt);
      const online = people.filter((p) => v.presence[p.participantId] === 'connected').length;
      count.textContent = `${plural(people.length, 'person', 'people')}, ${online} online`;
      const wait = waitingFor(v);
      for (const team of ['buyer', 'provider'] as const) {
        const members = people.filter((p) => p.team === team);
        const still = wait ? members.filter((p) => wait.ids.has(p.participantId)).length : 0;
        teamHead[team].textContent = `${TEAM_NAME[team]} ${members.length}${wait ? ` \u00b7 ${still} to go` : ''}`;
      }
      // Named, so the facilitator can call them by name (colour is not the only cue: the rows say it too).
      waiting.hidden = !wait;
      if (wait) {
        const names = (team: 'buyer' | 'provider') => people.filter((p) => p.team === team && wait.ids.has(p.participantId)).map((p) => p.name);
        const parts = (['buyer', 'provider'] as const).map((t) => [t, names(t)] as const).filter(([, n]) => n.length);
        // A short list is read out to the room; a long one (most still to go) is the marked rows below.
        const named = wait.ids.size <= WAITING_NAMED;
        waiting.replaceChildren(el('strong', {}, `${wait.label}: `),
          !parts.length ? 'nobody, everyone is done.'
            : named ? parts.map(([t, n]) => `${TEAM_NAME[t]} ${n.join(', ')}`).join('; ')
              : `${parts.map(([t, n]) => `${n.length} ${TEAM_NAME[t]}${n.length === 1 ? '' : 's'}`).join(', ')}, marked \u25cb below.`);
      }
      const keep = new Set(people.map((p) => p.participantId));
      for (const [id, row] of rows) if (!keep.has(id)) (row.li.remove(), rows.delete(id));
      const placed = { buyer: 0, provider: 0 };
      people.forEach((p) => {
        const presence = v.presence[p.participantId] ?? 'gone';
        let row = rows.get(p.participantId);
        if (!row) {
          const info = el('div', { class: 'person' });
          const move = el('button', { type: 'button', class: 'small', 'data-action': 'move' });
          move.addEventListener('click', () => {
            const current = host.state.view?.state.participants[p.participantId]?.team ?? p.team;
            void act(move, { type: 'move', participantId: p.participantId, team: current === 'buyer' ? 'provider' : 'buyer' });
          });
          const remove = el('button', { type: 'button', class: 'small', 'data-action': 'remove', 'aria-label': `Remove ${p.name}`, title: 'Remove' }, '\u2715');
          const ban = el('button', { type: 'button', class: 'small danger', 'data-action': 'ban', 'aria-label': `Ban ${p.name}`, title: 'Ban' }, '\u2298');
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
          const mark = el('span', { class: 'waiting-mark', title: 'Still to go in this phase' });
          const li = el('li', { class: 'roster-row', 'data-participant': p.participantId }, info, mark, actions, confirmBox);
          row = { li, info, mark, move, key: '' };
          rows.set(p.participantId, row);
        }
        const key = `${p.name}|${p.team}|${presence}`;
        if (row.key !== key) {
          row.key = key;
          clear(row.info);
          // Online is the norm: only away and gone are written out (the dot's shape and title say it too).
          row.info.append(
            el('span', { class: `presence presence-${presence}`, title: PRESENCE_TEXT[presence] }, el('span', { class: 'dot', 'aria-hidden': 'true' }),
              el('span', { class: presence === 'connected' ? 'sr-only' : 'presence-text' }, PRESENCE_TEXT[presence])),
            el('span', { class: 'person-name', title: p.name }, p.name),
          );
          const other = p.team === 'buyer' ? 'provider' : 'buyer';
          // In the compact roster only the arrow shows (the team's name is its title and accessible name).
          row.move.replaceChildren('→ ', el('span', { class: 'move-team' }, TEAM_NAME[other]));
          row.move.title = `Move to ${TEAM_NAME[other]}`;
          row.move.setAttribute('aria-label', `Move ${p.name} to ${TEAM_NAME[other]}`);
        }
        row.move.disabled = v.phase === 'ended';
        const still = !!wait?.ids.has(p.participantId);
        row.li.classList.toggle('is-waiting', still);
        row.mark.replaceChildren(...(still ? ['\u25cb', el('span', { class: 'sr-only' }, ' to go')] : []));
        // Keep join order within the team without re-inserting rows that are already in place (focus survives).
        const into = lists[p.team];
        const i = placed[p.team]++;
        if (into.children[i] !== row.li) into.insertBefore(row.li, into.children[i] ?? null);
      });
    },
  };
}
