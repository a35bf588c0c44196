import type { Inventory, Team } from '../../schemas/common';
import { otherTeam, TEAMS } from '../../schemas/common';
import type { PitchResult, StoryRecord } from '../../schemas/result';
import type { GameState } from '../../schemas/state';
import { RULES_V2 } from './rulesV2';

/** A team's best pitch: most backing from the other team (at least one), the earlier on a tie. */
export function bestPitch(stories: Record<string, StoryRecord>, team: Team): StoryRecord | null {
  let best: StoryRecord | null = null;
  for (const id of Object.keys(stories)) {
    const s = stories[id];
    if (s.team !== team || s.hidden || s.votes < 1) continue;
    if (!best || s.votes > best.votes || (s.votes === best.votes && (s.at < best.at || (s.at === best.at && s.storyId < best.storyId)))) best = s;
  }
  return best;
}

/** A team's pitch result from its best pitch, backed by `votes` of the `of` members of the other team. */
export function pitchResult(s: Pick<StoryRecord, 'storyId' | 'author' | 'votes'>, of: number): PitchResult {
  return { storyId: s.storyId, author: s.author, votes: s.votes, of, backed: of > 0 && s.votes >= of * RULES_V2.backedShare, reward: RULES_V2.pitchReward };
}

/** Both teams' pitch results from the round's stories and the team sizes when the vote opens (pure). */
export function pitchResults(stories: Record<string, StoryRecord>, sizes: Record<Team, number>): Record<Team, PitchResult | null> {
  const pitches: Record<Team, PitchResult | null> = { buyer: null, provider: null };
  for (const team of TEAMS) {
    const s = bestPitch(stories, team);
    if (s) pitches[team] = pitchResult(s, sizes[otherTeam(team)]);
  }
  return pitches;
}

/** A team's inventory after its pitch's reward of Stories (capped), to spend in this very vote. */
export function withPitchReward(inv: Inventory, pitch: PitchResult | null): Inventory {
  return pitch ? { ...inv, stories: Math.min(RULES_V2.inventoryCap, inv.stories + pitch.reward) } : inv;
}

/**
 * Rules v2: pitches come before the vote. When the vote opens, each team's best-backed pitch earns its
 * team Stories (to spend in this very vote), and one backed by at least half of the other team makes
 * the joint move worth an extra step. Mutates the state; called once per round.
 */
export function settlePitches(state: GameState): void {
  const round = state.round!;
  if (round.pitches) return;
  const pitches = pitchResults(round.stories, { buyer: state.teams.buyer.size, provider: state.teams.provider.size });
  for (const team of TEAMS) Object.assign(state.teams[team].inventory, withPitchReward(state.teams[team].inventory, pitches[team]));
  round.pitches = pitches;
}
