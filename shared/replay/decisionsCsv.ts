import type { GameEvent } from '../schemas/events';
import type { GameState } from '../schemas/state';
import { displayNames } from './pseudonyms';
import { own } from '../engine/ownRecord';

/** Quotes a cell; a leading = + - @ is defused so a spreadsheet never runs it as a formula. */
function cell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = [
  'round', 'card', 'participant', 'team', 'choice', 'choice_label', 'seconds_to_decide', 'team_decision', 'team_played', 'story', 'story_votes',
] as const;

/**
 * The decisions as CSV: a row per participant per resolved round (abstentions included, with an empty
 * choice). UTF-8 with a BOM and CRLF line ends, so spreadsheets open it cleanly; names follow the
 * session's naming choice; hidden stories are left out.
 */
export function decisionsCsv(events: readonly GameEvent[], state: GameState): string {
  const names = displayNames(state);
  // Final choice and its time, per round, from the log.
  const rounds: { voteStart?: number; choices: Map<string, { optionId: string; at: number }>; members: Set<string> }[] = [];
  let current: (typeof rounds)[number] | undefined;
  const teamOf = new Map<string, string>();
  const active = new Set<string>();
  for (const e of events) {
    if (e.type === 'joined') active.add(e.participantId);
    if (e.type === 'removed') active.delete(e.participantId);
    if (e.type === 'roundStarted') {
      current = { choices: new Map(), members: new Set(active) };
      rounds.push(current);
    } else if (current && e.type === 'decidingStarted') current.voteStart = e.at;
    else if (current && e.type === 'choiceMade') current.choices.set(e.participantId, { optionId: e.optionId, at: e.at });
    else if (current && e.type === 'joined') current.members.add(e.participantId);
  }
  for (const [id, p] of Object.entries(state.participants)) teamOf.set(id, p.team);

  const lines = [CSV_COLUMNS.join(',')];
  state.history.forEach((r, i) => {
    const card = state.deck.cards.find((c) => c.id === r.cardId);
    const label = (id: string) => card?.options.find((o) => o.id === id)?.label ?? id;
    const info = rounds[i];
    if (!info) return;
    for (const id of info.members) {
      const choice = info.choices.get(id);
      const option = choice ? card?.options.find((o) => o.id === choice.optionId) : undefined;
      const team = (option?.team ?? teamOf.get(id) ?? 'buyer') as 'buyer' | 'provider';
      const story = r.stories.find((s) => s.participantId === id && !s.hidden);
      const tr = r.teams[team];
      lines.push([
        r.round, r.cardTitle, own(names, id) ?? id, team === 'buyer' ? 'Buyer' : 'Provider',
        choice?.optionId ?? '', choice ? label(choice.optionId) : '',
        choice && info.voteStart !== undefined ? ((choice.at - info.voteStart) / 1000).toFixed(1) : '',
        tr.chosenLabel, tr.playedLabel, story?.text ?? '', story ? story.votes : '',
      ].map(cell).join(','));
    }
  });
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
