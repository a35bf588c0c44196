import { el, clear } from '../dom/el';
import { teamBadge } from '../dom/teamBadge';
import type { CohortCard, CohortOption, CohortView } from '../../shared/replay/cohorts';
import type { Team } from '../../shared/schemas/common';

const TEAMS: Team[] = ['buyer', 'provider'];
const NAME: Record<Team, string> = { buyer: 'Buyer', provider: 'Provider' };
const pct = (x: number | null) => (x === null ? '\u2013' : `${Math.round(x * 100)} %`);

type Answer = (CohortView & { ok: true; capped: boolean }) | { ok: false; code: string; message: string };

/** GET /api/sessions/:code/cohorts with the host key in the Authorization header (never in the URL). */
export async function fetchCohorts(code: string, hostKey: string): Promise<Answer> {
  try {
    const res = await fetch(`/api/sessions/${encodeURIComponent(code)}/cohorts`, { headers: { authorization: `Bearer ${hostKey}` }, cache: 'no-store' });
    const body = await res.json().catch(() => null);
    if (!res.ok) return { ok: false, code: String(body?.code ?? res.status), message: body?.message ?? `The server answered ${res.status}.` };
    return body as Answer;
  } catch {
    return { ok: false, code: 'NETWORK', message: 'Could not reach the server.' };
  }
}

/**
 * "Past cohorts" on the replay page (facilitator only, issue 12 item 4): card by card, how this room
 * chose against the facilitator's earlier sessions of the same deck — each option's share of past
 * rooms and votes, step changes, joint moves — and how those sessions ended. Anonymous: the server
 * sends shares and counts only.
 */
export function createCohortsPanel(code: string, hostKey: string): { el: HTMLElement; refresh(key: string): void } {
  const body = el('div', { class: 'cohorts-body' }, el('p', { class: 'cohort-meta' }, 'Loading past cohorts\u2026'));
  const root = el('section', { class: 'cohorts', id: 'replay-cohorts', 'aria-labelledby': 'cohorts-title' },
    el('h2', { id: 'cohorts-title' }, 'Past cohorts'),
    body,
  );
  let shownKey = '';
  const refresh = (key: string) => {
    if (key === shownKey) return;
    shownKey = key;
    void fetchCohorts(code, hostKey).then((r) => {
      clear(body);
      if (!r.ok) return void body.append(el('p', { class: 'cohort-meta' }, `Past cohorts are not available: ${r.message}`));
      render(body, r);
    });
  };
  return { el: root, refresh };
}

function render(body: HTMLElement, v: CohortView & { capped: boolean }): void {
  if (v.sessions === 0) {
    body.append(el('p', { class: 'cohort-meta', id: 'cohorts-none' },
      'No earlier session of yours has played this deck on this server yet. Sessions you host from this browser with your facilitator key (and logs you import with it) are compared here, card by card.'));
    if (!v.cards.length) return;
  } else {
    body.append(el('p', { class: 'cohort-meta' },
      `This room against ${v.sessions} earlier session${v.sessions === 1 ? '' : 's'} of yours with this deck${v.capped ? ' (the newest 50)' : ''}: only sessions opened with your host key, shares only, no names.`));
    body.append(el('ul', { class: 'cohort-endings', 'aria-label': 'How the earlier sessions ended' },
      ...v.endings.map((e) => el('li', { class: e.name === v.hereEnding ? 'mine' : '' }, `${e.name} \u00d7${e.count}`)),
      v.hereEnding ? el('li', { class: 'mine' }, `This room: ${v.hereEnding}`) : null,
    ));
  }
  for (const c of v.cards) body.append(cardBlock(c, v.sessions));
}

function cardBlock(c: CohortCard, sessions: number): HTMLElement {
  const facts = c.plays
    ? `Earlier rooms: step change in ${c.stepChanges} of ${c.plays}, joint move in ${c.jointFired} of ${c.plays}. This room: ${c.here.stepChange ? 'step change' : 'no step change'}${c.here.jointFired ? ', joint move' : ''}.`
    : `${sessions ? 'No earlier room played this card. ' : ''}This room: ${c.here.stepChange ? 'step change' : 'no step change'}${c.here.jointFired ? ', joint move' : ''}.`;
  return el('article', { class: 'cohort-card', 'data-card': c.cardId },
    el('h3', {}, `Round ${c.round} \u00b7 ${c.title}`),
    el('p', { class: 'cohort-facts' }, facts),
    ...TEAMS.map((t) => optionTable(c, t)),
  );
}

function optionTable(c: CohortCard, team: Team): HTMLElement {
  return el('table', { class: `cohort-table team-${team}` },
    el('caption', {}, teamBadge(team), ` in round ${c.round}`),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'Option'),
      el('th', { scope: 'col', class: 'bar-cell' }, el('span', { class: 'sr-only' }, 'Chart')),
      el('th', { scope: 'col' }, 'Earlier rooms'),
      el('th', { scope: 'col' }, 'Their votes'),
      el('th', { scope: 'col' }, 'This room\u2019s votes'),
    )),
    el('tbody', {}, ...c.teams[team].map((o) => optionRow(o, c.plays))),
  );
}

function optionRow(o: CohortOption, plays: number): HTMLElement {
  return el('tr', { class: o.here ? 'mine' : '' },
    el('th', { scope: 'row' }, o.label, o.joint ? el('span', { class: 'sr-only' }, ' (joint move)') : null, o.here ? el('span', { class: 'sr-only' }, ' (this room chose it)') : null),
    el('td', { class: 'bar-cell', 'aria-hidden': 'true' }, el('span', { class: 'cohort-bar' }, el('span', { style: `width:${Math.round(o.roomShare * 100)}%` }))),
    el('td', { class: 'num' }, plays ? `${o.rooms} of ${plays}` : '\u2013'),
    el('td', { class: 'num' }, pct(o.voteShare)),
    el('td', { class: 'num' }, pct(o.hereVoteShare)),
  );
}
