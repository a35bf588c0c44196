import { el } from '../../dom/el';
import { announce, spokenDuration } from '../../dom/announcer';
import { TEAM_NAME } from '../../dom/format';
import { TEAM_PLURAL } from '../../dom/rulesV2';
import type { TeamView } from '../../../shared/schemas/views';
import type { Team } from '../../../shared/schemas/common';

/** Seconds left at which the phone warns, in words on screen and through the live region. */
export const WARN_AT_SECONDS = [30, 10] as const;

type Timed = 'deciding' | 'stories' | 'storyVote';
const isTimed = (p: string): p is Timed => p === 'deciding' || p === 'stories' || p === 'storyVote';

/** What the time is for, in a phase with a timer ("to vote", "to write your pitch"). */
function purpose(phase: Timed, v2: boolean): string {
  if (phase === 'deciding') return 'to vote';
  if (phase === 'stories') return v2 ? 'to write your pitch' : 'to write your story';
  return v2 ? 'to back a pitch' : 'to vote for a story';
}

function opening(view: TeamView, team: Team, leftMs: number | null): string {
  const v2 = view.rules === 2;
  const other: Team = team === 'buyer' ? 'provider' : 'buyer';
  const time = leftMs === null ? '' : ` \u2014 ${spokenDuration(leftMs)}${view.timer.paused ? ', paused' : ''}`;
  if (view.phase === 'deciding') return `Voting is open${time}. Choose the ${TEAM_NAME[team]}\u2019s move.`;
  if (view.phase === 'stories') return v2 ? `Pitches are open${time}. Write one line to the ${TEAM_PLURAL[other]}.` : `Stories are open${time}. Write one line.`;
  return v2 ? `Backing is open${time}. Back one pitch of the ${TEAM_PLURAL[other]}.` : `The story vote is open${time}.`;
}

/**
 * Time cues for people who cannot see the countdown's colour: when a timed phase opens the live region says
 * so and for how long; at 30 s and 10 s left a warning is shown in words under the top bar and said once.
 */
export function timeCues() {
  const warning = el('p', { class: 'time-warning', id: 'time-warning', hidden: true });
  let phaseKey = '';
  const said = new Set<number>();
  return {
    warning,
    /** Called on every render: a new timed phase is announced once. */
    phaseShown(view: TeamView | null, team: Team | null, leftMs: number | null): void {
      const k = view && team ? `${view.phase}:${view.roundIndex}` : '';
      if (k === phaseKey) return;
      phaseKey = k;
      said.clear();
      warning.hidden = true;
      if (!view || !team || !isTimed(view.phase)) return;
      // A phase opened with less time than a threshold (a reload late in the vote) skips that warning.
      if (leftMs !== null) for (const s of WARN_AT_SECONDS) if (leftMs <= s * 1000) said.add(s);
      announce(opening(view, team, leftMs));
    },
    /** Called on every clock tick. */
    tick(view: TeamView | null, leftMs: number | null): void {
      if (!view || leftMs === null || !isTimed(view.phase) || view.timer.paused) {
        warning.hidden = true;
        return;
      }
      const v2 = view.rules === 2;
      // More time was added: the warnings it moved away from can come again.
      for (const s of WARN_AT_SECONDS) if (leftMs > s * 1000 + 2000) said.delete(s);
      const lowest = WARN_AT_SECONDS.filter((s) => leftMs <= s * 1000).pop();
      warning.hidden = lowest === undefined || leftMs <= 0;
      if (lowest === undefined) return;
      const shown = `Under ${lowest} seconds left ${purpose(view.phase, v2)}.`;
      if (warning.textContent !== shown) warning.textContent = shown;
      if (!said.has(lowest) && leftMs > 0) {
        for (const s of WARN_AT_SECONDS) if (s >= lowest) said.add(s);
        announce(`${lowest} seconds left ${purpose(view.phase, v2)}.`);
      }
    },
  };
}
