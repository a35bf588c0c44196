import { describe, expect, it } from 'vitest';
import { applyEvent, foldEvents, parseEvent } from './apply';
import { RULE_ERRORS } from './errors';
import { newGame, join, optionsOf, oneCardDeck } from './testkit';
import { stateHash } from './hash';

describe('joining', () => {
  it('trims names and makes duplicates unique', () => {
    const g = newGame();
    g.ok({ type: 'joined', participantId: 'a', name: '  Sam  ', tokenHash: 'ta' });
    g.ok({ type: 'joined', participantId: 'b', name: 'sam', tokenHash: 'tb' });
    g.ok({ type: 'joined', participantId: 'c', name: 'Sam', tokenHash: 'tc' });
    expect(['a', 'b', 'c'].map((id) => g.state.participants[id].name)).toEqual(['Sam', 'sam 2', 'Sam 3']);
  });
  it('rejects empty names and a second join with the same id', () => {
    const g = newGame();
    expect(g.err({ type: 'joined', participantId: 'a', name: '   ', tokenHash: 'ta' })).toBe('BAD_NAME');
    g.ok({ type: 'joined', participantId: 'a', name: 'A', tokenHash: 'ta' });
    expect(g.err({ type: 'joined', participantId: 'a', name: 'A', tokenHash: 'ta' })).toBe('ALREADY_JOINED');
  });
  it('balances teams, Buyer first on a tie, and ignores a requested team when teamChoice is off', () => {
    const g = newGame();
    g.ok({ type: 'joined', participantId: 'a', name: 'A', tokenHash: 'ta', team: 'provider' });
    g.ok({ type: 'joined', participantId: 'b', name: 'B', tokenHash: 'tb', team: 'buyer' });
    g.ok({ type: 'joined', participantId: 'c', name: 'C', tokenHash: 'tc' });
    expect(['a', 'b', 'c'].map((id) => g.state.participants[id].team)).toEqual(['buyer', 'provider', 'buyer']);
    expect(g.state.teams.buyer.size).toBe(2);
    expect(g.state.teams.provider.size).toBe(1);
  });
  it('honours a requested team when teamChoice is on', () => {
    const g = newGame({ teamChoice: true });
    g.ok({ type: 'joined', participantId: 'a', name: 'A', tokenHash: 'ta', team: 'provider' });
    expect(g.state.participants.a.team).toBe('provider');
  });
  it('rejects joins when locked, full or banned', () => {
    const g = newGame({ maxParticipants: 2 });
    join(g, 2);
    expect(g.err({ type: 'joined', participantId: 'x', name: 'X', tokenHash: 'tx' })).toBe('ROOM_FULL');
    g.ok({ type: 'removed', participantId: 'p0', ban: true });
    expect(g.err({ type: 'joined', participantId: 'y', name: 'Y', tokenHash: 'tok-p0' })).toBe('BANNED');
    g.ok({ type: 'locked', locked: true });
    expect(g.err({ type: 'joined', participantId: 'z', name: 'Z', tokenHash: 'tz' })).toBe('ROOM_LOCKED');
    g.ok({ type: 'locked', locked: false });
    g.ok({ type: 'joined', participantId: 'z', name: 'Z', tokenHash: 'tz' });
  });
});

describe('teams', () => {
  it('lets participants choose a team only with teamChoice, in lobby or between rounds', () => {
    const off = newGame();
    join(off, 1);
    expect(off.err({ type: 'teamChosen', participantId: 'p0', team: 'provider' })).toBe('TEAM_CHOICE_OFF');
    const on = newGame({ teamChoice: true });
    join(on, 1);
    on.ok({ type: 'teamChosen', participantId: 'p0', team: 'provider' });
    expect(on.state.participants.p0.team).toBe('provider');
    expect(on.state.teams.provider.size).toBe(1);
    on.ok({ type: 'roundStarted' });
    expect(on.err({ type: 'teamChosen', participantId: 'p0', team: 'buyer' })).toBe('WRONG_PHASE');
  });
  it('moves a participant and drops their current vote', () => {
    const g = newGame();
    join(g, 2);
    g.ok({ type: 'roundStarted' });
    g.ok({ type: 'decidingStarted' });
    const opt = optionsOf(g, 'buyer')[0];
    g.ok({ type: 'choiceMade', participantId: 'p0', optionId: opt.id });
    g.ok({ type: 'moved', participantId: 'p0', team: 'provider' });
    expect(g.state.round!.choices.p0).toBeUndefined();
    expect(g.state.round!.voters.buyer).toBe(0);
    expect(g.state.round!.tallies.buyer[opt.id]).toBeUndefined();
    expect(g.state.teams.provider.size).toBe(2);
    expect(g.err({ type: 'moved', participantId: 'p0', team: 'provider' })).toBe('SAME_TEAM');
  });
  it('removes a participant, and a removed participant can no longer act', () => {
    const g = newGame();
    join(g, 2);
    g.ok({ type: 'removed', participantId: 'p1', ban: false });
    expect(g.state.activeCount).toBe(1);
    expect(g.state.participants.p1.removed).toBe(true);
    g.ok({ type: 'roundStarted' });
    g.ok({ type: 'decidingStarted' });
    expect(g.err({ type: 'choiceMade', participantId: 'p1', optionId: optionsOf(g, 'provider')[0].id })).toBe('NOT_A_PARTICIPANT');
    expect(g.err({ type: 'removed', participantId: 'nobody', ban: false })).toBe('NOT_A_PARTICIPANT');
  });
});

describe('rounds and choices', () => {
  it('walks lobby → card → deciding → reveal → between, dealing cards in seeded order', () => {
    const g = newGame({ rounds: 2, storyRounds: false });
    join(g, 2);
    expect(g.err({ type: 'decidingStarted' })).toBe('WRONG_PHASE');
    g.ok({ type: 'roundStarted' });
    expect(g.state.phase).toBe('card');
    expect(g.state.round!.cardId).toBe(g.state.cardOrder[0]);
    g.ok({ type: 'decidingStarted' });
    expect(g.state.phase).toBe('deciding');
    expect(g.state.timer.deadline).toBe(g.at + 180_000);
    g.ok({ type: 'timeUp', reason: 'skip' });
    expect(g.state.phase).toBe('reveal');
    expect(g.state.history).toHaveLength(1);
    g.ok({ type: 'roundClosed' });
    expect(g.state.phase).toBe('between');
    g.ok({ type: 'roundStarted' });
    expect(g.state.round!.cardId).toBe(g.state.cardOrder[1]);
    g.ok({ type: 'decidingStarted' });
    g.ok({ type: 'revealed' });
    expect(g.err({ type: 'roundStarted' })).toBe('NO_MORE_ROUNDS');
  });
  it('accepts only own-team options during deciding, last choice counts, tallies kept incrementally', () => {
    const g = newGame();
    join(g, 4);
    g.ok({ type: 'roundStarted' });
    const [b0, b1] = optionsOf(g, 'buyer');
    expect(g.err({ type: 'choiceMade', participantId: 'p0', optionId: b0.id })).toBe('WRONG_PHASE');
    g.ok({ type: 'decidingStarted' });
    expect(g.err({ type: 'choiceMade', participantId: 'p0', optionId: 'nope' })).toBe('UNKNOWN_OPTION');
    expect(g.err({ type: 'choiceMade', participantId: 'p0', optionId: optionsOf(g, 'provider')[0].id })).toBe('WRONG_TEAM');
    expect(g.err({ type: 'choiceMade', participantId: 'ghost', optionId: b0.id })).toBe('NOT_A_PARTICIPANT');
    g.ok({ type: 'choiceMade', participantId: 'p0', optionId: b0.id });
    g.ok({ type: 'choiceMade', participantId: 'p2', optionId: b0.id });
    g.ok({ type: 'choiceMade', participantId: 'p0', optionId: b1.id });
    expect(g.state.round!.tallies.buyer).toEqual({ [b0.id]: 1, [b1.id]: 1 });
    expect(g.state.round!.voters.buyer).toBe(2);
    expect(g.state.round!.choices.p0).toBe(b1.id);
  });
  it('ends from any phase but ended, dropping an unresolved round, with a named outcome', () => {
    const g = newGame();
    join(g, 2);
    g.ok({ type: 'roundStarted' });
    g.ok({ type: 'decidingStarted' });
    g.ok({ type: 'ended' });
    expect(g.state.phase).toBe('ended');
    expect(g.state.round).toBeNull();
    expect(g.state.outcome!.name).toBe('Treading water');
    expect(g.err({ type: 'ended' })).toBe('ALREADY_ENDED');
    expect(g.err({ type: 'roundStarted' })).toBe('ALREADY_ENDED');
  });
  it('wraps around a deck shorter than the session', () => {
    const g = newGame({ rounds: 2, storyRounds: false }, 1, oneCardDeck());
    g.ok({ type: 'roundStarted' });
    g.ok({ type: 'decidingStarted' });
    g.ok({ type: 'revealed' });
    g.ok({ type: 'roundStarted' });
    expect(g.state.round!.cardId).toBe('data-door');
  });
});

describe('timer', () => {
  it('pauses keeping the remaining time, resumes and extends', () => {
    const g = newGame({ decideSeconds: 60 });
    join(g, 2);
    g.ok({ type: 'roundStarted' });
    expect(g.err({ type: 'paused' })).toBe('NO_TIMER');
    g.ok({ type: 'decidingStarted', at: 10_000 });
    g.ok({ type: 'paused', at: 30_000 });
    expect(g.state.timer).toEqual({ deadline: null, remainingMs: 40_000, paused: true });
    expect(g.err({ type: 'paused' })).toBe('ALREADY_PAUSED');
    expect(g.err({ type: 'timeUp', reason: 'timer', at: 999_999 })).toBe('PAUSED');
    g.ok({ type: 'extended', seconds: 30 });
    expect(g.state.timer.remainingMs).toBe(70_000);
    g.ok({ type: 'resumed', at: 100_000 });
    expect(g.state.timer).toEqual({ deadline: 170_000, remainingMs: null, paused: false });
    expect(g.err({ type: 'resumed' })).toBe('NOT_PAUSED');
    g.ok({ type: 'extended', seconds: 10, at: 100_001 });
    expect(g.state.timer.deadline).toBe(180_000);
  });
  it('rejects a timer timeUp before the deadline but accepts a skip', () => {
    const g = newGame({ decideSeconds: 60, storyRounds: false });
    join(g, 2);
    g.ok({ type: 'roundStarted' });
    g.ok({ type: 'decidingStarted', at: 10_000 });
    expect(g.err({ type: 'timeUp', reason: 'timer', at: 69_999 })).toBe('TOO_EARLY');
    g.ok({ type: 'timeUp', reason: 'timer', at: 70_000 });
    expect(g.state.phase).toBe('reveal');
    expect(g.state.timer.deadline).toBeNull();
  });
});

describe('stories', () => {
  function storyGame() {
    const g = newGame({ storyRounds: true }, 3, oneCardDeck((c) => (c.storyPrompt = 'Pitch it in one line.')));
    join(g, 4); // p0, p2 buyer; p1, p3 provider
    g.ok({ type: 'roundStarted' });
    g.ok({ type: 'decidingStarted' });
    g.ok({ type: 'timeUp', reason: 'skip' });
    return g;
  }
  it('goes deciding → stories → storyVote → reveal when the card has a prompt', () => {
    const g = storyGame();
    expect(g.state.phase).toBe('stories');
    g.ok({ type: 'timeUp', reason: 'skip' });
    expect(g.state.phase).toBe('storyVote');
    g.ok({ type: 'timeUp', reason: 'skip' });
    expect(g.state.phase).toBe('reveal');
  });
  it('skips the story phases when storyRounds is off', () => {
    const g = newGame({ storyRounds: false }, 3, oneCardDeck((c) => (c.storyPrompt = 'Pitch it.')));
    join(g, 2);
    g.ok({ type: 'roundStarted' });
    g.ok({ type: 'decidingStarted' });
    g.ok({ type: 'timeUp', reason: 'skip' });
    expect(g.state.phase).toBe('reveal');
  });
  it('keeps one trimmed story per participant, replaceable, 1–140 characters', () => {
    const g = storyGame();
    expect(g.err({ type: 'storySubmitted', participantId: 'p0', storyId: 's', text: '   ' })).toBe('BAD_STORY');
    expect(g.err({ type: 'storySubmitted', participantId: 'p0', storyId: 's', text: 'x'.repeat(141) })).toBe('BAD_STORY');
    g.ok({ type: 'storySubmitted', participantId: 'p0', storyId: 's1', text: '  first  ' });
    g.ok({ type: 'storySubmitted', participantId: 'p0', storyId: 's2', text: 'second' });
    expect(Object.keys(g.state.round!.stories)).toEqual(['s2']);
    expect(g.state.round!.stories.s2.text).toBe('second');
    expect(g.err({ type: 'storySubmitted', participantId: 'p1', storyId: 's2', text: 'mine' })).toBe('DUPLICATE_STORY');
  });
  it('takes votes only for the other team, one per participant, changeable; hidden stories cannot win', () => {
    const g = storyGame();
    g.ok({ type: 'storySubmitted', participantId: 'p0', storyId: 'b-story', text: 'buyer tale' });
    g.ok({ type: 'storySubmitted', participantId: 'p2', storyId: 'b-story-2', text: 'another buyer tale' });
    g.ok({ type: 'storySubmitted', participantId: 'p1', storyId: 'p-story', text: 'provider tale' });
    expect(g.err({ type: 'storyVoted', participantId: 'p1', storyId: 'b-story' })).toBe('WRONG_PHASE');
    g.ok({ type: 'timeUp', reason: 'skip' });
    expect(g.err({ type: 'storyVoted', participantId: 'p0', storyId: 'b-story-2' })).toBe('OWN_TEAM_STORY');
    expect(g.err({ type: 'storyVoted', participantId: 'p0', storyId: 'zzz' })).toBe('UNKNOWN_STORY');
    g.ok({ type: 'storyVoted', participantId: 'p1', storyId: 'b-story' });
    g.ok({ type: 'storyVoted', participantId: 'p3', storyId: 'b-story' });
    g.ok({ type: 'storyVoted', participantId: 'p3', storyId: 'b-story-2' });
    expect(g.state.round!.stories['b-story'].votes).toBe(1);
    expect(g.state.round!.stories['b-story-2'].votes).toBe(1);
    g.ok({ type: 'storyVoted', participantId: 'p0', storyId: 'p-story' });
    g.ok({ type: 'storyHidden', storyId: 'b-story', hidden: true });
    expect(g.err({ type: 'storyVoted', participantId: 'p1', storyId: 'b-story' })).toBe('HIDDEN_STORY');
    const before = { ...g.state.teams.buyer.inventory };
    g.ok({ type: 'revealed' });
    const r = g.state.history[0];
    // b-story is hidden, so the tie-break is not needed: b-story-2 wins for Buyer.
    expect(r.bestStories).toEqual({ buyer: 'b-story-2', provider: 'p-story' });
    expect(r.teams.buyer.storyBonus).toBe(1);
    expect(r.teams.buyer.before).toEqual(before);
    expect(r.stories.map((s) => s.storyId)).toEqual(['b-story', 'b-story-2', 'p-story']);
    // Moderation still works on a past round's story, even after the end, for the debrief.
    g.ok({ type: 'ended' });
    g.ok({ type: 'storyHidden', storyId: 'p-story', hidden: true });
    expect(g.state.history[0].stories.find((s) => s.storyId === 'p-story')!.hidden).toBe(true);
    g.ok({ type: 'storyHidden', storyId: 'b-story', hidden: false });
    expect(g.state.history[0].stories.find((s) => s.storyId === 'b-story')!.hidden).toBe(false);
    expect(g.err({ type: 'storyHidden', storyId: 'nope', hidden: true })).toBe('UNKNOWN_STORY');
  });
});

describe('purity', () => {
  it('applyEvent leaves the caller state untouched', () => {
    const g = newGame();
    join(g, 2);
    const before = stateHash(g.state);
    const r = applyEvent(g.state, { type: 'roundStarted', at: 5000 });
    expect(r.ok).toBe(true);
    expect(stateHash(g.state)).toBe(before);
  });
  it('rejects unknown events and a second created', () => {
    const g = newGame();
    expect(g.err({ type: 'nonsense' } as never)).toBe('BAD_EVENT');
    expect(g.err({ type: 'created', config: g.state.config, deck: g.state.deck, seed: 1 })).toBe('ALREADY_CREATED');
  });
  it('rejects a malformed event without touching the state, and parseEvent explains why', () => {
    const g = newGame();
    const before = stateHash(g.state);
    expect(g.err({ type: 'joined', participantId: 'x', name: 42, tokenHash: 't' } as never)).toBe('BAD_EVENT');
    expect(stateHash(g.state)).toBe(before);
    const r = parseEvent({ type: 'joined', at: 1, participantId: 'x', tokenHash: 't' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('name');
  });
  it('folds a log to the live state', () => {
    const g = newGame();
    join(g, 3);
    g.ok({ type: 'roundStarted' });
    expect(stateHash(foldEvents(g.log))).toBe(stateHash(g.state));
  });
  it('has a message for every error code', () => {
    for (const [code, msg] of Object.entries(RULE_ERRORS)) expect(msg.length, code).toBeGreaterThan(5);
  });
});

describe('the facilitator picks the cards', () => {
  it('plays config.cardIds in that order instead of the shuffled deck', () => {
    const g = newGame({ cardIds: ['show-and-tell', 'data-door'], rounds: 2 });
    expect(g.state.cardOrder).toEqual(['show-and-tell', 'data-door']);
    g.ok({ type: 'roundStarted' });
    expect(g.state.round!.cardId).toBe('show-and-tell');
  });
});
