import { describe, expect, it } from 'vitest';
import { defaultDeckV2 } from '../deck/loadDeck';
import { TEAMS } from '../schemas/common';
import type { GameEvent } from '../schemas/events';
import { foldEvents } from '../engine/apply';
import { debriefWhatIfs } from './whatIfs';
import { debriefFigures } from './figures';
import { scriptedV2Log, type ScriptedPick } from './scriptedV2Log';

// The curated arc of the default v2 deck: round 1 first-weeks, 2 claims-archive, 3 claim-tracker, 4 wrong-message.
const PICKS: ScriptedPick[] = [
  { buyer: 'trim-reports', provider: 'letter-sprint' }, // the Provider's joint part alone: no step change
  { buyer: 'masked-sandbox', provider: 'pay-enclave' }, // the joint move
  { buyer: 'welcome-pack', provider: null }, // the Provider does not vote
  { buyer: 'tell-ceo', provider: 'own-and-call' }, // the joint move again
];

/**
 * Brute force: the same log with every member of `team` voting `optionId` in round `index` (nothing else
 * changed), folded from `created` by the engine; returns that round's result.
 */
function replayedWith(events: GameEvent[], index: number, team: 'buyer' | 'provider', optionId: string) {
  const teamOf = new Map<string, string>();
  for (const e of events) if (e.type === 'joined') teamOf.set(e.participantId, e.team!);
  const out: GameEvent[] = [];
  let round = -1;
  let voted = false;
  for (const e of events) {
    if (e.type === 'roundStarted') round++;
    if (round === index && e.type === 'choiceMade' && teamOf.get(e.participantId) === team) continue;
    if (round === index && e.type === 'revealed' && !voted) {
      voted = true;
      for (const [id, t] of teamOf) if (t === team) out.push({ type: 'choiceMade', at: e.at - 1, participantId: id, optionId });
    }
    out.push(e);
  }
  return foldEvents(out).history[index];
}

describe('debrief what-if lines (issue 12 item 3)', () => {
  const { events, state } = scriptedV2Log({ deck: defaultDeckV2, picks: PICKS });

  it('match a brute-force re-resolve of the whole log with the other choice', () => {
    const all = debriefWhatIfs(state, 99);
    expect(all.map((w) => w.round)).toEqual([1, 2, 3, 4]);
    let checked = 0;
    for (const w of all) {
      const actual = state.history[w.index];
      const card = state.deck.cards.find((c) => c.id === actual.cardId)!;
      for (const team of TEAMS)
        for (const o of card.options.filter((x) => x.team === team && x.id !== actual.teams[team].playedOptionId)) {
          const alt = replayedWith(events, w.index, team, o.id);
          const changed = alt.stepChange !== actual.stepChange || !!alt.jointFired !== !!actual.jointFired ||
            TEAMS.some((t) => alt.teams[t].hazard === 'shutDown') !== TEAMS.some((t) => actual.teams[t].hazard === 'shutDown');
          const line = w.lines.find((l) => l.team === team && l.optionId === o.id);
          // A line exactly when the choice changes the outcome, and then with the engine's own figures.
          expect(!!line, `${w.round} ${team} ${o.id}`).toBe(changed);
          if (line) {
            expect(line.stepChange).toBe(alt.stepChange);
            expect(line.jointFired).toBe(!!alt.jointFired);
            expect(line.scoreDelta).toBe(alt.score - actual.score);
          }
          checked++;
        }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('say, for a round without a step change, which choice would have made one', () => {
    const r1 = debriefWhatIfs(state).find((w) => w.round === 1)!;
    expect(state.history[0].stepChange).toBe(false);
    const joint = r1.lines.find((l) => l.team === 'buyer' && l.optionId === 'open-marketing');
    expect(joint).toMatchObject({ stepChange: true, jointFired: true });
    expect(joint!.sentence).toMatch(/^Had the Buyer chosen “.+”, the joint move with the Provider would have fired: a step change \(score \+\d+\)\.$/);
    // At most three a round, biggest score change first.
    for (const w of debriefWhatIfs(state)) {
      expect(w.lines.length).toBeLessThanOrEqual(3);
      const deltas = w.lines.map((l) => Math.abs(l.scoreDelta));
      expect(deltas).toEqual([...deltas].sort((a, b) => b - a));
    }
  });

  it('are in the debrief figures and the print summary data, and absent for rules v1', () => {
    const f = debriefFigures(events, state);
    expect(f.rounds[0].v2!.whatIfs.length).toBeGreaterThan(0);
    expect(f.rounds[0].v2!.whatIfs[0]).toMatch(/^Had the /);
    const v1 = foldEvents([{ type: 'created', at: 0, config: state.config, deck: { ...state.deck, rules: undefined }, seed: 1 } as GameEvent]);
    expect(debriefWhatIfs(v1)).toEqual([]);
  });

  it('is pure: the same state gives the same lines, and the state is not changed', () => {
    const before = JSON.stringify(state);
    expect(debriefWhatIfs(state)).toEqual(debriefWhatIfs(structuredClone(state)));
    expect(JSON.stringify(state)).toBe(before);
  });
});
