import type { GameState } from '../schemas/state';
import { setOwn } from '../engine/ownRecord';

/**
 * The names a debrief and its exports show. With `naming: 'pseudonyms'` (chosen when the session is
 * created) everyone becomes "Participant N", numbered by join order, so nothing identifies a person.
 */
export function displayNames(state: Pick<GameState, 'config' | 'participants'>): Record<string, string> {
  const names: Record<string, string> = {};
  const ids = Object.keys(state.participants).sort((a, b) => state.participants[a].joinedAt - state.participants[b].joinedAt || (a < b ? -1 : 1));
  ids.forEach((id, i) => {
    setOwn(names, id, state.config.naming === 'pseudonyms' ? `Participant ${i + 1}` : state.participants[id].name);
  });
  return names;
}
