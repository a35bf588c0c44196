import { describe, expect, it } from 'vitest';
import type { Team } from '../../schemas/common';
import { TEAMS } from '../../schemas/common';
import { SessionConfigSchema } from '../../schemas/config';
import type { Deck } from '../../schemas/deck';
import type { GameEvent } from '../../schemas/events';
import { applyEventInPlace, initialState } from '../../engine/apply';
import { harnessDeck } from './deck';
import { harnessFixtureDeck } from './fixtureDeck';
import { playGame, type GameRecord, type Policy } from './playGame';
import { both, lesson, random, timid } from './policies';
import { balanceReportV2, type ReportConfig } from './report';

/**
 * Replays a harness game as a live session's event log (joins, pitches, backing, votes, reveals) through
 * the engine's own event handlers, and returns the final state: the harness must be the engine's game.
 */
function replayAsLog(deck: Deck, g: GameRecord, voters: number) {
  let at = 1_000;
  const created = { type: 'created' as const, at, config: SessionConfigSchema.parse({ rounds: g.rounds.length, storyRounds: true, decideSeconds: 60 }), deck, seed: g.seed, rules: 2 as const };
  const state = initialState(created);
  const ok = (e: Record<string, unknown>) => {
    const event = { at: (at += 10), ...e } as GameEvent;
    const r = applyEventInPlace(state, event);
    if (!r.ok) throw new Error(`${String(e.type)} refused: ${r.code}`);
  };
  for (let i = 0; i < 2 * voters; i++) ok({ type: 'joined', participantId: `x${i}`, name: `P${i}`, tokenHash: `t${i}` });
  const members: Record<Team, string[]> = { buyer: [], provider: [] };
  for (const id of Object.keys(state.participants)) members[state.participants[id].team].push(id);
  g.rounds.forEach((r, index) => {
    ok({ type: 'roundStarted' });
    ok({ type: 'decidingStarted' });
    if (r.pitchVotes) {
      for (const team of TEAMS) r.pitchVotes[team].forEach((_, k) => ok({ type: 'storySubmitted', participantId: members[team][k], storyId: `${team}-${index}-${k}`, text: `Pitch ${k + 1} of the ${team}` }));
      ok({ type: 'timeUp', reason: 'skip' });
      for (const team of TEAMS) {
        const backers = members[team === 'buyer' ? 'provider' : 'buyer'].slice();
        r.pitchVotes[team].forEach((n, k) => {
          for (let v = 0; v < n; v++) ok({ type: 'storyVoted', participantId: backers.shift()!, storyId: `${team}-${index}-${k}` });
        });
      }
      ok({ type: 'timeUp', reason: 'skip' });
    }
    for (const team of TEAMS) {
      const queue = members[team].slice();
      for (const [optionId, n] of Object.entries(r.tallies[team])) for (let v = 0; v < n; v++) ok({ type: 'choiceMade', participantId: queue.shift()!, optionId });
    }
    ok({ type: 'revealed' });
    if (index < g.rounds.length - 1) ok({ type: 'roundClosed' });
  });
  ok({ type: 'ended' });
  return state;
}

describe('the v2 harness plays the engine\u2019s own game', () => {
  const cases: { deck: Deck; name: string; policies: Record<Team, Policy>; noise: number }[] = [
    { deck: harnessDeck(), name: 'default deck, lesson', policies: both(lesson()), noise: 0.1 },
    { deck: harnessDeck(), name: 'default deck, random', policies: both(random), noise: 0.4 },
    { deck: harnessFixtureDeck(), name: 'fixture deck, lesson buyer + timid provider', policies: { buyer: lesson(), provider: timid }, noise: 0.3 },
  ];
  for (const c of cases)
    it(`${c.name}: the same log folds to the same rounds, score and ending`, () => {
      for (const seed of [1, 2, 3, 1_000_001]) {
        const g = playGame({ deck: c.deck, seed, policies: c.policies, noise: c.noise, voters: { buyer: 5, provider: 5 } });
        const s = replayAsLog(c.deck, g, 5);
        expect(s.history.map((h) => [h.cardId, h.teams.buyer.playedOptionId, h.teams.provider.playedOptionId, h.stepChange, h.jointFired])).toEqual(
          g.rounds.map((r) => [r.cardId, r.played.buyer, r.played.provider, r.stepChange, r.jointFired]),
        );
        expect(s.score).toBe(g.score);
        expect(s.outcome?.name).toBe(g.outcome);
        expect({ buyer: s.teams.buyer.position, provider: s.teams.provider.position, competitor: s.competitor }).toEqual({ ...g.positions, competitor: g.competitor });
      }
    });

  it('paired seeds: the same seed gives the same game, another seed another noise draw', () => {
    const deck = harnessDeck();
    const a = playGame({ deck, seed: 9, policies: both(random), noise: 0.5 });
    expect(playGame({ deck, seed: 9, policies: both(random), noise: 0.5 })).toEqual(a);
    expect(playGame({ deck, seed: 10, policies: both(random), noise: 0.5 }).rounds.map((r) => r.tallies)).not.toEqual(a.rounds.map((r) => r.tallies));
  });
});

// A bounded run of `npm run balance` (held-out seeds; searches tuned on train seeds). The targets are the
// issue's; a failing one says by how much in its message. Budget: well under 60 s on two busy cores.
const BOUNDED: ReportConfig = {
  games: 2000,
  rolloutGames: 150,
  rollouts: 2,
  cem: { iterations: 4, population: 12, elite: 3, games: 60, trainSeeds: 400 },
  cemTimid: { iterations: 2, population: 8, elite: 2, games: 40, trainSeeds: 200 },
  tableGames: 100,
  tablePasses: 1,
  varianceGames: 2000,
  orders: 100,
  gamesPerOrder: 50,
  storyGames: 1000,
  // As many as the full run: the choice-share target is measured on the same 2,000 games (about a second).
  shuffledChoiceGames: 2000,
  noise: 0.1,
  voters: 5,
  rounds: 6,
};

describe('rules v2 balance targets (bounded run)', () => {
  const report = balanceReportV2(harnessDeck(), BOUNDED);
  const target = (id: string) => report.targets.find((t) => t.id === id)!;
  const check = (id: string) => {
    const t = target(id);
    expect(t.pass, `${t.text}: ${t.value}`).toBe(true);
  };
  it('no strategy found by search beats lesson-aligned play beyond its interval', () => check('searchNoBetter'));
  it('lesson-aligned play beats the best timid / wait-heavy policy by ≥ 15 % of mean score', () => check('timidMargin'));
  it('… and on the same seed in ≥ 70 % of seeds', () => check('timidSameSeed'));
  it('decisions explain ≥ 50 % of score variance', () => check('decisionsR2'));
  it('card order explains ≤ 20 % of score variance (planned lesson play, shuffled orders unseen)', () => check('orderShare'));
  it('≤ 10 % of step changes include a 1-step option', () => check('oneStep'));
  it('≥ 90 % of step changes involve Courage, Budget and Stories all spent', () => check('allThree'));
  it('team symmetry: wait shares within 10 points', () => check('waitSymmetry'));
  it('team symmetry: out-of-step endings split no worse than 65 / 35', () => check('outOfStepSplit'));
  it('winning the story vote is worth ≥ +2 points on average', () => check('storyValue'));
  it('every non-wait option chosen by lesson-aligned play in 5–80 % of its card\u2019s decisions', () => check('choiceShares'));
  it('"Treading water" in ≥ 10 % of timid games', () => check('treadingWater'));
  it('lives or shut-downs in play in ≥ 10 % of sensible games', () => check('livesInPlay'));
  it('a reveal reads in ≤ 8 sentences and ≤ 90 words', () => check('reveal'));
  it('the searches are measured on seeds they were not tuned on', () => {
    for (const r of report.rows) expect(r.games).toBeGreaterThan(0);
    expect(report.search.cem.length).toBeGreaterThanOrEqual(6);
    expect(report.search.tables.length).toBe(2);
  });
});
