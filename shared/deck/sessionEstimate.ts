import type { SessionConfig } from '../schemas/config';
import { RULES_V2 } from '../engine/v2/rulesV2';

/**
 * How long a session will take, from its round timers and the cards it plays (issue 15 item 8), so a
 * facilitator can plan the slot: the same settings and cards always give the same estimate.
 * The timers are the config's; reading the card, the reveal and the discussion have no timer, so they
 * count with the fixed times below (a typical room, said beside the estimate).
 */
export const UNTIMED_SECONDS = {
  /** Welcome, joining and the first explanation, once. */
  welcome: 300,
  /** Reading the card aloud before its timer starts. */
  cardReading: 45,
  /** The stage's reveal, read with the room. */
  revealReading: 60,
  /** Talking it over between rounds (the card's debrief question). */
  discussion: 180,
} as const;

type Timers = Pick<SessionConfig, 'decideSeconds' | 'storySeconds' | 'storyVoteSeconds' | 'storyRounds'> &
  Partial<Pick<SessionConfig, 'huddleRounds' | 'huddleSeconds' | 'predictSeconds'>>;
type PlannedCard = { id: string; title: string; storyPrompt?: string | null };

export type RoundEstimate = { cardId: string; title: string; story: boolean; huddle: boolean; seconds: number };
export type SessionEstimate = { rounds: RoundEstimate[]; storyRounds: number; totalSeconds: number };

/** A card plays a story stage (pitches, then backing) when it has a prompt and story rounds are on. */
export const playsStory = (card: PlannedCard, config: Pick<SessionConfig, 'storyRounds'>) => !!card.storyPrompt && config.storyRounds !== false;

/** The cards a session deals, round by round: the order repeats when there are more rounds than cards (as the engine deals). */
export function dealtCards<C>(order: readonly C[], rounds: number): C[] {
  return order.length ? Array.from({ length: rounds }, (_, i) => order[i % order.length]) : [];
}

/**
 * Seconds for each round and in all: welcome + per card (reading, [pitches + backing,] [huddle,] vote,
 * [predictions,] reveal, discussion). Huddles and predictions (rules v2) count when the config has them.
 */
export function estimateSession(config: Timers, cards: readonly PlannedCard[]): SessionEstimate {
  const huddles = new Set(config.huddleRounds ?? []);
  const rounds = cards.map((card, i) => {
    const story = playsStory(card, config);
    const huddle = huddles.has(i + 1);
    const seconds = UNTIMED_SECONDS.cardReading + (story ? config.storySeconds + config.storyVoteSeconds : 0) + (huddle ? config.huddleSeconds ?? RULES_V2.huddleSeconds : 0) +
      config.decideSeconds + (config.predictSeconds ?? 0) + UNTIMED_SECONDS.revealReading + UNTIMED_SECONDS.discussion;
    return { cardId: card.id, title: card.title, story, huddle, seconds };
  });
  return {
    rounds,
    storyRounds: rounds.filter((r) => r.story).length,
    totalSeconds: UNTIMED_SECONDS.welcome + rounds.reduce((sum, r) => sum + r.seconds, 0),
  };
}

/** "about 58 min", "about 1 h 5 min": rounded up to the whole minute. */
export function formatDuration(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `about ${h ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min`}`;
}

/** One sentence for the form and the console lobby, e.g. "About 58 min: 6 rounds, 3 with pitches." */
export function estimateSentence(e: SessionEstimate): string {
  const n = e.rounds.length;
  const d = formatDuration(e.totalSeconds);
  const huddles = e.rounds.filter((r) => r.huddle).length;
  return `${d[0].toUpperCase()}${d.slice(1)}: ${n} round${n === 1 ? '' : 's'}, ${e.storyRounds} with pitches and backing${huddles ? `, ${huddles} with a huddle` : ''}.`;
}
