import { describe, expect, it } from 'vitest';
import { SessionConfigSchema } from '../schemas/config';
import type { GameEvent } from '../schemas/events';
import { applyEventInPlace, initialState } from './apply';
import { fixtureDeckV2 } from './v2/fixtureV2';
import { revealBeats, usedCaption } from './narration';

/** One resolved v2 round of the fixture card, Buyers voting `b` and Providers `p`. */
function round(b: string, p: string) {
  const created = { type: 'created' as const, at: 0, config: SessionConfigSchema.parse({ storyRounds: false }), deck: fixtureDeckV2(), seed: 1, rules: 2 as const };
  const state = initialState(created);
  let at = 0;
  const ok = (e: object) => {
    const r = applyEventInPlace(state, { at: (at += 10), ...e } as GameEvent);
    if (!r.ok) throw new Error(r.code);
  };
  for (let i = 0; i < 2; i++) ok({ type: 'joined', participantId: `x${i}`, name: `P${i}`, tokenHash: `t${i}` });
  ok({ type: 'roundStarted' });
  ok({ type: 'decidingStarted' });
  ok({ type: 'choiceMade', participantId: 'x0', optionId: b });
  ok({ type: 'choiceMade', participantId: 'x1', optionId: p });
  ok({ type: 'revealed' });
  return state.history[0];
}

const engineCaptions = (r: ReturnType<typeof round>) => revealBeats(r).filter((b) => b.kind !== 'used' && b.kind !== 'score').map((b) => b.caption);

describe('the v2 reveal, beat by beat', () => {
  it('the joint move has its own beat before the step change; the gate beat says who used what', () => {
    const r = round('sandbox', 'cofund');
    const beats = revealBeats(r);
    expect(beats.map((b) => b.kind)).toEqual(['decisions', 'used', 'joint', 'stepChange', 'dodged', 'race', 'score']);
    expect(beats[1].caption).toBe(usedCaption(r));
    expect(usedCaption(r)).toBe('At the gate: Buyer used Courage and Stories; Provider used Budget.');
    expect(engineCaptions(r)).toEqual(r.explanation);
  });

  it('small safe steps: treading water, and the hazard hits the team that did not use its power-up, with the card\u2019s why', () => {
    const r = round('ask-demo', 'polish');
    const beats = revealBeats(r);
    expect(beats.map((b) => b.kind)).toEqual(['decisions', 'used', 'treading', 'hazard', 'race', 'score']);
    expect(beats[3]).toMatchObject({ team: 'buyer' });
    expect(beats[3].caption).toMatch(/^Legal blocked the data: nobody on the Buyer side argued for it/);
    expect(engineCaptions(r)).toEqual(r.explanation);
    expect(beats.some((b) => b.kind === 'extra')).toBe(false);
  });

  it('no step change without Courage: the gate beat, no joint beat', () => {
    const r = round('synthetic', 'show-tell');
    expect(revealBeats(r).map((b) => b.kind)).toEqual(['decisions', 'used', 'stepChange', 'hazard', 'race', 'score']);
    expect(engineCaptions(r)).toEqual(r.explanation);
  });
});
