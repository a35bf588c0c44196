import { describe, it, expect } from 'vitest';
import { SessionConfigSchema } from '../schemas/config';
import { defaultDeckV2 } from './loadDeck';
import { RULES_V2 } from '../engine/v2/rulesV2';
import { dealtCards, estimateSession, estimateSentence, formatDuration, UNTIMED_SECONDS } from './sessionEstimate';

const defaults = SessionConfigSchema.parse({});
const story = { id: 's', title: 'Story card', storyPrompt: 'Tell the other team…' };
const plain = { id: 'p', title: 'Plain card', storyPrompt: null };
const U = UNTIMED_SECONDS;

describe('estimateSession', () => {
  it('adds the timers of each round: a story card adds the pitches and the backing', () => {
    const e = estimateSession(defaults, [story, plain]);
    const base = U.cardReading + defaults.decideSeconds + U.revealReading + U.discussion;
    expect(e.rounds.map((r) => r.seconds)).toEqual([base + defaults.storySeconds + defaults.storyVoteSeconds, base]);
    expect(e.storyRounds).toBe(1);
    expect(e.totalSeconds).toBe(U.welcome + 2 * base + defaults.storySeconds + defaults.storyVoteSeconds);
  });

  it('without story rounds a story card plays as a plain vote', () => {
    const e = estimateSession({ ...defaults, storyRounds: false }, [story, plain]);
    expect(e.storyRounds).toBe(0);
    expect(e.rounds[0].seconds).toBe(e.rounds[1].seconds);
  });

  it('follows the timers: a longer vote makes every round longer by the same amount', () => {
    const a = estimateSession(defaults, [story, plain, plain]);
    const b = estimateSession({ ...defaults, decideSeconds: defaults.decideSeconds + 60 }, [story, plain, plain]);
    expect(b.totalSeconds - a.totalSeconds).toBe(180);
  });

  it('the default session (the v2 deck\u2019s curated arc, 6 rounds) fits a 60-minute slot, the same every time', () => {
    const cards = dealtCards(defaultDeckV2.cards, defaults.rounds);
    expect(cards.map((c) => c.id)).toEqual(defaultDeckV2.cards.slice(0, 6).map((c) => c.id));
    const e = estimateSession(defaults, cards);
    expect(e.storyRounds).toBe(3);
    expect(estimateSentence(e)).toBe('About 59 min: 6 rounds, 3 with pitches and backing.');
    expect(estimateSession(defaults, dealtCards(defaultDeckV2.cards, defaults.rounds))).toEqual(e);
  });

  it('a huddle round adds its huddle, predictions add their window to every round', () => {
    const cards = [plain, plain, plain];
    const base = estimateSession(defaults, cards);
    const e = estimateSession({ ...defaults, huddleRounds: [2], huddleSeconds: 90, predictSeconds: 20 }, cards);
    expect(e.rounds.map((r, i) => r.seconds - base.rounds[i].seconds)).toEqual([20, 110, 20]);
    expect(e.rounds.map((r) => r.huddle)).toEqual([false, true, false]);
    expect(estimateSentence(e)).toMatch(/, 0 with pitches and backing, 1 with a huddle\.$/);
    expect(estimateSession({ ...defaults, huddleRounds: [1] }, [plain]).rounds[0].seconds - base.rounds[0].seconds).toBe(RULES_V2.huddleSeconds);
  });

  it('deals the order again when there are more rounds than cards, as the engine does', () => {
    expect(dealtCards(['a', 'b'], 5)).toEqual(['a', 'b', 'a', 'b', 'a']);
    expect(dealtCards([], 3)).toEqual([]);
  });

  it('formats minutes and hours, rounding up', () => {
    expect(formatDuration(59)).toBe('about 1 min');
    expect(formatDuration(3540)).toBe('about 59 min');
    expect(formatDuration(3600)).toBe('about 1 h');
    expect(formatDuration(3901)).toBe('about 1 h 6 min');
  });
});
