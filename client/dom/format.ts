import type { Phase, PowerUp, Team } from '../../shared/schemas/common';
import type { Timer } from '../../shared/schemas/state';

export const TEAM_NAME: Record<Team, string> = { buyer: 'Buyer', provider: 'Provider' };
export const POWER_UP_NAME: Record<PowerUp, string> = { courage: 'Courage', budget: 'Budget', stories: 'Stories' };

export const PHASE_LABEL: Record<Phase, string> = {
  lobby: 'Waiting to start',
  card: 'New card',
  deciding: 'Deciding',
  stories: 'Writing stories',
  storyVote: 'Voting on stories',
  huddle: 'Huddle',
  predicting: 'Predicting',
  reveal: 'Reveal',
  between: 'Discussion',
  ended: 'Finished',
};

/** The phase's label; rules v2 calls the story phases what they are: pitches, then backing them. */
export function phaseLabel(phase: Phase, rules?: 2): string {
  if (rules === 2 && phase === 'stories') return 'Writing pitches';
  if (rules === 2 && phase === 'storyVote') return 'Backing pitches';
  return PHASE_LABEL[phase];
}

/** Milliseconds left on a timer (server time), or null when no timer runs. */
export function remainingMs(timer: Timer, now: number): number | null {
  if (timer.paused) return timer.remainingMs ?? 0;
  if (timer.deadline === null) return null;
  return Math.max(0, timer.deadline - now);
}

/** 1:05, rounded up so "0:00" only shows when time is really up. */
export function formatClock(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function signed(n: number): string {
  return n > 0 ? `+${n}` : `\u2212${Math.abs(n)}`;
}

export { plural, countOf } from '../../shared/text/plural';

/** The three power-ups in the workshop's order (a copy of shared's constant: that module pulls in zod). */
export const POWER_UPS: readonly PowerUp[] = ['courage', 'budget', 'stories'];
