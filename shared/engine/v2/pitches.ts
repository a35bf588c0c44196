import type { Team } from '../../schemas/common';
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

/**
 * Rules v2: pitches come before the vote. When the vote opens, each team's best-backed pitch earns its
 * team Stories (to spend in this very vote), and one backed by at least half of the other team makes
 * the joint move worth an extra step. Mutates the state; called once per round.
 */
export function settlePitches(state: GameState): void {
  const round = state.round!;
  if (round.pitches) return;
  const pitches: Record<Team, PitchResult | null> = { buyer: null, provider: null };
  for (const team of TEAMS) {
    const s = bestPitch(round.stories, team);
    if (!s) continue;
    const of = state.teams[otherTeam(team)].size;
    const reward = RULES_V2.pitchReward;
    pitches[team] = { storyId: s.storyId, author: s.author, votes: s.votes, of, backed: of > 0 && s.votes >= of * RULES_V2.backedShare, reward };
    const inv = state.teams[team].inventory;
    inv.stories = Math.min(RULES_V2.inventoryCap, inv.stories + reward);
  }
  round.pitches = pitches;
}
