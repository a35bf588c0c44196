import { describe, expect, it } from 'vitest';
import { SessionConfigSchema } from '../schemas/config';
import type { GameEvent } from '../schemas/events';
import type { GameState } from '../schemas/state';
import { applyEventInPlace, initialState } from './apply';
import { fixtureDeckV2 } from './v2/fixtureV2';
import { narratedLines, narrationLength, revealBeats } from './narration';
import { viewFor } from './views';
import { hostCommandToEvent } from '../protocol/hostCommandToEvent';

// Issue 15 item 9: the reveal's narration is held in the state; phones learn the outcome only as far as
// the stage has told it.

function revealedRound(): { state: GameState; apply(e: object): ReturnType<typeof applyEventInPlace> } {
  const created = { type: 'created' as const, at: 0, config: SessionConfigSchema.parse({ storyRounds: false, rounds: 3, narrate: true }), deck: fixtureDeckV2(), seed: 1, rules: 2 as const };
  const state = initialState(created);
  let at = 0;
  const apply = (e: object) => applyEventInPlace(state, { at: (at += 10), ...e } as GameEvent);
  const ok = (e: object) => {
    const r = apply(e);
    if (!r.ok) throw new Error(r.code);
  };
  for (let i = 0; i < 2; i++) ok({ type: 'joined', participantId: `x${i}`, name: `P${i}`, tokenHash: `t${i}` });
  ok({ type: 'roundStarted' });
  ok({ type: 'decidingStarted' });
  ok({ type: 'choiceMade', participantId: 'x0', optionId: 'sandbox' });
  ok({ type: 'choiceMade', participantId: 'x1', optionId: 'cofund' });
  ok({ type: 'revealed' });
  return { state, apply };
}

describe('the reveal narration in the state', () => {
  it('starts at step 1 of the reveal\u2019s beats, moves only forward, and refuses a step it does not have', () => {
    const { state, apply } = revealedRound();
    const r = state.history[0];
    const total = narrationLength(r);
    expect(total).toBe(revealBeats(r).length);
    expect(state.round!.narration).toMatchObject({ step: 1, total });
    expect(apply({ type: 'narrated', step: 3 }).ok).toBe(true);
    expect(state.round!.narration!.step).toBe(3);
    // The clock and the facilitator at once: a step already told changes nothing.
    expect(apply({ type: 'narrated', step: 2 }).ok).toBe(true);
    expect(state.round!.narration!.step).toBe(3);
    const bad = apply({ type: 'narrated', step: total + 1 });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.code).toBe('BAD_STEP');
    expect(apply({ type: 'narrated', step: total }).ok).toBe(true);
    expect(apply({ type: 'roundClosed' }).ok).toBe(true);
    const late = apply({ type: 'narrated', step: 1 });
    expect(!late.ok && late.code).toBe('WRONG_PHASE');
  });

  it('a team\u2019s view shows the numbers before the round and only the sentences told so far, the whole result once told', () => {
    const { state, apply } = revealedRound();
    const r = state.history[0];
    const team = viewFor(state, { kind: 'participant', participantId: 'x0' })!;
    expect(team.narration).toEqual({ step: 1, total: r.explanation.length + 2, lines: narratedLines(r, 1) });
    expect(team.narration!.lines).toEqual([revealBeats(r)[0].caption]);
    expect(team.lastResult).toBeNull();
    expect(team.teams.buyer.inventory).toEqual(r.teams.buyer.before);
    expect(team.teams.provider.position).toBe(r.teams.provider.positionBefore);
    expect(team.competitor).toBe(r.competitor.from);
    expect(team.score).toBe(0);
    expect(team.card!.debrief).toBeNull();
    // The stage and the console have the whole result (the stage draws it step by step).
    const stage = viewFor(state, { kind: 'stage' })!;
    expect(stage.lastResult!.index).toBe(0);
    expect(stage.teams.buyer.inventory).toEqual(r.teams.buyer.after);
    expect(stage.narration!.step).toBe(1);

    // The console's Skip: the last step; the phones get everything.
    const skip = hostCommandToEvent({ type: 'narrate', step: r.explanation.length + 2 })!;
    expect(apply(skip).ok).toBe(true);
    const told = viewFor(state, { kind: 'participant', participantId: 'x0' })!;
    expect(told.lastResult!.index).toBe(0);
    expect(told.teams.buyer.inventory).toEqual(r.teams.buyer.after);
    expect(told.score).toBe(r.score);
    expect(told.narration!.lines).toEqual(revealBeats(r).map((b) => b.caption));
    apply({ type: 'roundClosed' });
    expect(viewFor(state, { kind: 'participant', participantId: 'x0' })!.narration).toBeNull();
  });
});
