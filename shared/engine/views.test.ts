import { describe, expect, it } from 'vitest';
import { FacilitatorViewSchema, ParticipantViewSchema, ReplayViewSchema, StageViewSchema, TeamViewSchema } from '../schemas/views';
import { personalViewFor, teamViewFor, viewFor } from './views';
import { join, newGame, oneCardDeck, optionsOf } from './testkit';

function game() {
  const g = newGame({ narrate: true }, 5, oneCardDeck((c) => (c.storyPrompt = 'One line.')));
  join(g, 4); // p0, p2 buyer; p1, p3 provider
  g.ok({ type: 'roundStarted' });
  g.ok({ type: 'decidingStarted' });
  g.ok({ type: 'choiceMade', participantId: 'p0', optionId: optionsOf(g, 'buyer')[0].id });
  g.ok({ type: 'choiceMade', participantId: 'p1', optionId: optionsOf(g, 'provider')[1].id });
  return g;
}

describe('views per role', () => {
  it('a participant sees their own brief and choice, counts but not tallies, no tokens or PRNG', () => {
    const g = game();
    const v = viewFor(g.state, { kind: 'participant', participantId: 'p2' })!;
    expect(ParticipantViewSchema.parse(v)).toBeTruthy();
    const json = JSON.stringify(v);
    expect(v.brief).toBe(g.card().briefs.buyer);
    expect(json).not.toContain(g.card().briefs.provider);
    expect(json).not.toContain('tok-');
    expect(json).not.toContain('prng');
    expect(json).not.toContain('tallies');
    expect(json).not.toContain('choices');
    expect(v.me.myChoice).toBeNull();
    expect(v.voted).toEqual({ buyer: 1, provider: 1 });
    expect(viewFor(g.state, { kind: 'participant', participantId: 'p0' })!.me.myChoice).toBe(optionsOf(g, 'buyer')[0].id);
    expect(viewFor(g.state, { kind: 'participant', participantId: 'nobody' })).toBeNull();
  });
  it('team and personal views split the same information', () => {
    const g = game();
    const t = teamViewFor(g.state, 'provider');
    expect(TeamViewSchema.parse(t).brief).toBe(g.card().briefs.provider);
    expect(personalViewFor(g.state, 'p1')!.myChoice).toBe(optionsOf(g, 'provider')[1].id);
  });
  it('hides stories from participants until the vote, hides hidden ones, and shows votes only at the reveal', () => {
    const g = game();
    g.ok({ type: 'timeUp', reason: 'skip' });
    g.ok({ type: 'storySubmitted', participantId: 'p0', storyId: 's0', text: 'buyer story' });
    g.ok({ type: 'storySubmitted', participantId: 'p1', storyId: 's1', text: 'rude story' });
    expect(viewFor(g.state, { kind: 'participant', participantId: 'p3' })!.stories).toEqual([]);
    expect(viewFor(g.state, { kind: 'participant', participantId: 'p1' })!.me.myStory!.text).toBe('rude story');
    g.ok({ type: 'timeUp', reason: 'skip' });
    g.ok({ type: 'storyHidden', storyId: 's1', hidden: true });
    g.ok({ type: 'storyVoted', participantId: 'p1', storyId: 's0' });
    const v = viewFor(g.state, { kind: 'participant', participantId: 'p0' })!;
    expect(v.stories.map((s) => s.storyId)).toEqual(['s0']);
    expect(v.stories[0].votes).toBeNull();
    expect(viewFor(g.state, { kind: 'facilitator' })!.stories.map((s) => s.storyId)).toEqual(['s0', 's1']);
    g.ok({ type: 'revealed' });
    // The votes are part of the outcome: phones get them once the stage has told the reveal (issue 15 item 9).
    expect(viewFor(g.state, { kind: 'participant', participantId: 'p0' })!.stories[0].votes).toBeNull();
    expect(viewFor(g.state, { kind: 'stage' })!.stories[0].votes).toBe(1);
    g.ok({ type: 'narrated', step: g.state.round!.narration!.total });
    expect(viewFor(g.state, { kind: 'participant', participantId: 'p0' })!.stories[0].votes).toBe(1);
  });
  it('the stage gets no briefs and no tallies before the reveal', () => {
    const g = game();
    const v = viewFor(g.state, { kind: 'stage' })!;
    expect(StageViewSchema.parse(v)).toBeTruthy();
    const json = JSON.stringify(v);
    expect(json).not.toContain(g.card().briefs.buyer);
    expect(json).not.toContain(g.card().briefs.provider);
    expect(json).not.toContain('tallies');
    expect(json).not.toContain('tok-');
    expect(v.roster).toHaveLength(4);
  });
  it('the facilitator and replay get everything but tokens and the PRNG state', () => {
    const g = game();
    for (const kind of ['facilitator', 'replay'] as const) {
      const v = viewFor(g.state, { kind })!;
      (kind === 'facilitator' ? FacilitatorViewSchema : ReplayViewSchema).parse(v);
      const json = JSON.stringify(v);
      expect(json).not.toContain('tok-');
      expect(json).not.toContain('"prng"');
      expect(v.state.round!.tallies.buyer).toEqual({ [optionsOf(g, 'buyer')[0].id]: 1 });
      expect(v.fullCard!.briefs.provider).toBe(g.card().briefs.provider);
    }
  });
});

describe('hidden stories stay hidden after the reveal', () => {
  it('leaves them out of lastResult and the stage history, but not the facilitator view', () => {
    const g = newGame({ rounds: 1, cardIds: ['show-and-tell'] });
    const [a, b] = join(g, 2);
    g.ok({ type: 'roundStarted' });
    g.ok({ type: 'decidingStarted' });
    g.ok({ type: 'timeUp', reason: 'skip' });
    g.ok({ type: 'storySubmitted', participantId: a, storyId: 'sa', text: 'something rude' });
    g.ok({ type: 'storySubmitted', participantId: b, storyId: 'sb', text: 'a fine tale' });
    g.ok({ type: 'revealed' });
    g.ok({ type: 'storyHidden', storyId: 'sa', hidden: true });
    expect(JSON.stringify(viewFor(g.state, { kind: 'stage' }))).not.toContain('something rude');
    expect(JSON.stringify(teamViewFor(g.state, 'buyer'))).not.toContain('something rude');
    expect(JSON.stringify(viewFor(g.state, { kind: 'facilitator' }))).toContain('something rude');
  });
});
