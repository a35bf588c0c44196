import { describe, expect, it } from 'vitest';
import { defaultDeckV2 } from '../deck/loadDeck';
import { aggregateCohorts, sessionDigest } from './cohorts';
import { scriptedV2Log, type ScriptedPick } from './scriptedV2Log';

// Default v2 deck, curated arc: round 1 first-weeks (a story card), round 2 claims-archive.
const JOINT: ScriptedPick[] = [{ buyer: 'open-marketing', provider: 'letter-sprint' }, { buyer: 'masked-sandbox', provider: 'pay-enclave' }];
const TIMID: ScriptedPick[] = [{ buyer: 'trim-reports', provider: 'letter-script' }, { buyer: 'public-test', provider: 'tune-public' }];
const game = (picks: ScriptedPick[], opts: { noEnd?: boolean; perTeam?: number; config?: object } = {}) =>
  scriptedV2Log({ deck: defaultDeckV2, picks, config: { storyRounds: true, ...opts.config }, ...opts }).state;

describe('past cohorts: aggregation (issue 12 item 4)', () => {
  it('shares of each option per card and team, step changes, joint moves and endings', () => {
    const here = game(JOINT);
    const past = [game(JOINT), game(TIMID), game(TIMID, { perTeam: 3 })].map(sessionDigest);
    const v = aggregateCohorts(here, past);
    expect(v.sessions).toBe(3);
    expect(v.cards.map((c) => c.cardId)).toEqual(['first-weeks', 'claims-archive']);
    const c1 = v.cards[0];
    expect(c1.round).toBe(1);
    expect(c1.plays).toBe(3);
    expect(c1.stepChanges).toBe(here.history[0].stepChange ? 1 : 0);
    expect(c1.jointFired).toBe(1);
    const buyer = Object.fromEntries(c1.teams.buyer.map((o) => [o.optionId, o]));
    expect(buyer['open-marketing']).toMatchObject({ rooms: 1, here: true, hereVoteShare: 1, joint: true });
    expect(buyer['open-marketing'].roomShare).toBeCloseTo(1 / 3);
    expect(buyer['trim-reports']).toMatchObject({ rooms: 2, here: false, hereVoteShare: 0 });
    // Votes: 2 of 2 + 3 buyers chose trim-reports in the timid rooms, 2 open-marketing: 5/7.
    expect(buyer['trim-reports'].voteShare).toBeCloseTo(5 / 7);
    expect(buyer['keep-calm']).toMatchObject({ rooms: 0, roomShare: 0, voteShare: 0, wait: true });
    // Every team's room shares add up to one.
    for (const c of v.cards) for (const t of ['buyer', 'provider'] as const) expect(c.teams[t].reduce((n, o) => n + o.roomShare, 0)).toBeCloseTo(1);
    expect(v.endings.reduce((n, e) => n + e.count, 0)).toBe(3);
    expect(v.hereEnding).toBe(here.outcome!.name);
  });

  it('counts only ended sessions of the same deck', () => {
    const here = game(JOINT);
    const running = sessionDigest(game(TIMID, { noEnd: true }));
    const otherDeck = { ...sessionDigest(game(TIMID)), deckId: 'someone-elses-deck' };
    const v = aggregateCohorts(here, [running, otherDeck]);
    expect(v.sessions).toBe(0);
    expect(v.cards[0].plays).toBe(0);
    expect(v.cards[0].teams.buyer.every((o) => o.voteShare === null && o.roomShare === 0)).toBe(true);
    expect(v.endings).toEqual([]);
  });

  it('a digest carries no name, story, pitch, title or time', () => {
    const s = game(JOINT, { config: { title: 'Acme secret review' } });
    const text = JSON.stringify(sessionDigest(s));
    expect(text).not.toMatch(/Player|pitch|Acme|1700000/);
    expect(Object.keys(sessionDigest(s))).toEqual(['deckId', 'ended', 'outcome', 'rounds']);
  });
});
