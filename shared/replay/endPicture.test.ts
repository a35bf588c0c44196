import { describe, expect, it } from 'vitest';
import { defaultDeckV2 } from '../deck/loadDeck';
import { newGame, join, optionsOf } from '../engine/testkit';
import { viewFor } from '../engine/views';
import { endPicture } from './endPicture';
import { sessionTimeline } from './sessionTimeline';
import { debriefFigures } from './figures';
import { scriptedV2Log, type ScriptedPick } from './scriptedV2Log';

// Default v2 deck, curated arc: R1 first-weeks, R2 claims-archive, R3 claim-tracker.
const PICKS: ScriptedPick[] = [
  { buyer: 'trim-reports', provider: 'letter-sprint' }, // Buyer follows its stake; Courage spent by nobody
  { buyer: 'masked-sandbox', provider: 'pay-enclave' }, // the joint move: all three spent, a step change
  { buyer: 'welcome-pack', provider: 'clear-updates' }, // both follow their stakes, nothing spent: treading water
];

describe('end-of-game picture (issue 12 item 6)', () => {
  const { state, events } = scriptedV2Log({ deck: defaultDeckV2, picks: PICKS });
  const p = endPicture(state);

  it('puts each round\u2019s step change against what each team spent', () => {
    expect(p.rules).toBe(2);
    expect(p.rounds.map((r) => [r.round, r.stepChange, r.allThree])).toEqual([[1, false, false], [2, true, true], [3, false, false]]);
    // What each team's played option cost it, as the deck says (masked-sandbox: Courage −1, Stories −1; pay-enclave: Budget −2).
    expect(p.rounds[1].spent).toEqual({ buyer: ['courage', 'stories'], provider: ['budget'] });
    expect(p.rounds[0].spent).toEqual({ buyer: [], provider: ['budget', 'stories'] });
    expect(p.rounds[0].missing).toEqual(['courage']);
    expect(p.rounds[2]).toMatchObject({ treadingWater: true, spent: { buyer: [], provider: [] }, missing: ['courage', 'budget', 'stories'] });
    expect(p.rounds[1].jointFired).toBe(true);
    expect(p.lesson).toBe('1 of 3 rounds made a step change (R2). Each came in a round where the teams spent Courage, Budget and Stories together, and only then.');
  });

  it('reveals each team\u2019s hidden stake on every card played, and whether the team took the option it pulled towards', () => {
    expect(p.roundsWithStakes).toBe(3);
    expect(p.stakes).toHaveLength(6);
    const firstWeeks = defaultDeckV2.cards.find((c) => c.id === 'first-weeks')!;
    expect(p.stakes[0]).toEqual({ round: 1, cardTitle: firstWeeks.title, team: 'buyer', text: firstWeeks.stakes!.buyer.text, pullLabel: 'Cut the transition reports to the three you read', followed: true });
    expect(p.stakes[1]).toMatchObject({ team: 'provider', followed: false });
    expect(p.stakes.filter((s) => s.round === 3).map((s) => s.followed)).toEqual([true, true]);
    expect(p.stakesFollowed).toEqual({ buyer: 2, provider: 1 });
  });

  it('is the same from the facilitator\u2019s view (the console) as from the state, and is part of the debrief figures', () => {
    expect(endPicture(viewFor(state, { kind: 'facilitator' })!.state)).toEqual(p);
    expect(debriefFigures(events, state).picture).toEqual(p);
  });

  it('says so when no round made a step change', () => {
    const none = endPicture(scriptedV2Log({ deck: defaultDeckV2, picks: [PICKS[0], { buyer: 'not-in-contract', provider: 'wait-asked' }] }).state);
    expect(none.lesson).toBe('0 of 2 rounds made a step change. In no round did the two teams spend Courage, Budget and Stories together.');
    expect(endPicture({ history: [], deck: defaultDeckV2 }).lesson).toBe('No round was played.');
  });

  it('keeps rules v1 sessions working: spent from the played option\u2019s costs, no stakes', () => {
    const g = newGame({ rounds: 2, storyRounds: false });
    const ids = join(g, 4);
    for (let r = 0; r < 2; r++) {
      g.ok({ type: 'roundStarted' });
      g.ok({ type: 'decidingStarted' });
      for (const id of ids) g.ok({ type: 'choiceMade', participantId: id, optionId: optionsOf(g, g.state.participants[id].team).find((o) => !o.wait)!.id });
      g.ok({ type: 'revealed' });
      if (r === 0) g.ok({ type: 'roundClosed' });
    }
    g.ok({ type: 'ended' });
    const v1 = endPicture(g.state);
    expect(v1.rules).toBe(1);
    expect(v1.stakes).toEqual([]);
    expect(v1.rounds).toHaveLength(2);
    for (const [i, r] of g.state.history.entries())
      for (const team of ['buyer', 'provider'] as const) {
        const played = g.state.deck.cards.find((c) => c.id === r.cardId)!.options.find((o) => o.id === r.teams[team].playedOptionId)!;
        expect(v1.rounds[i].spent[team]).toEqual((['courage', 'budget', 'stories'] as const).filter((k) => played.effects[k] < 0));
      }
    expect(debriefFigures(g.log, g.state).picture).toEqual(v1);
  });
});

describe('session timeline (issue 15 item 19)', () => {
  it('follows the score and the race round by round and names the key moments', () => {
    const { state } = scriptedV2Log({ deck: defaultDeckV2, picks: PICKS });
    const t = sessionTimeline(state);
    expect(t.points.map((x) => x.label)).toEqual(['Start', 'R1', 'R2', 'R3']);
    expect(t.points[0]).toEqual({ label: 'Start', score: 0, competitor: 0, buyer: 0, provider: 0 });
    expect(t.points.at(-1)).toEqual({ label: 'R3', score: state.score, competitor: state.competitor, buyer: state.teams.buyer.position, provider: state.teams.provider.position });
    const kinds = t.moments.map((m) => `R${m.round} ${m.kind}${m.team ? ` ${m.team}` : ''}`);
    expect(kinds).toContain('R2 stepChange');
    expect(kinds).toContain('R3 treadingWater');
    expect(kinds).toContain('R1 loop buyer');
    expect(t.moments.find((m) => m.kind === 'loop')!.text).toBe('R1: the Buyer team looped back at the gate (missing Courage).');
    expect(kinds.filter((k) => k.startsWith('R2'))).toEqual(['R2 stepChange']);
    expect(t.downgrades).toEqual([]);
  });

  it('lists every downgrade: the option a team chose but could not afford, and the wait it played instead', () => {
    // A Buyer that spends in round 1 and then votes a costly move in round 2 (the first such pair the engine downgrades).
    const r1 = ['rewrite-fast', 'open-marketing', 'trim-reports'];
    const r2 = ['share-files', 'masked-sandbox', 'public-test'];
    const found = r1.flatMap((a) => r2.map((b) => scriptedV2Log({ deck: defaultDeckV2, picks: [{ buyer: a, provider: 'letter-script' }, { buyer: b, provider: 'tune-public' }] }).state))
      .find((st) => st.history[1].teams.buyer.downgraded);
    expect(found, 'a scripted round 2 in which the Buyer cannot pay its vote').toBeDefined();
    const state = found!;
    const t = sessionTimeline(state);
    const r = state.history[1].teams.buyer;
    expect(r.chosenLabel).not.toBe(r.playedLabel);
    expect(t.downgrades).toEqual([{ round: 2, team: 'buyer', chose: r.chosenLabel, played: r.playedLabel }]);
    expect(t.moments.find((m) => m.kind === 'downgrade')!.text).toBe(`R2: the Buyer team chose \u201c${r.chosenLabel}\u201d but could not afford it, so it played \u201c${r.playedLabel}\u201d.`);
    // The end-of-game picture counts what was played: the wait spends nothing.
    expect(endPicture(state).rounds[1].spent.buyer).toEqual([]);
  });
});
