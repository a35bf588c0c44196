import { el } from './el';
import { icon } from './icons';
import { TEAM_NAME } from './format';
import type { Team } from '../../shared/schemas/common';

/** The team's colour, icon and name together: colour is never the only cue. */
export function teamBadge(team: Team, extra = ''): HTMLElement {
  return el('span', { class: `team-badge team-${team}` }, icon(team, 22), `${TEAM_NAME[team]}${extra}`);
}
