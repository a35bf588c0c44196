import type { Team } from '../../shared/schemas/common';
import type { StageView } from '../../shared/schemas/views';
import { stakesText } from '../../shared/engine/v2/huddle';
import { plural } from '../dom/format';

/**
 * The stage's words for a cross-team huddle (rules v2): the stakes, each team's options (the other team
 * sees them now) and how many of each team back its part of the joint move (counts only: the vote is secret).
 */
const TEAMS: readonly Team[] = ['buyer', 'provider'];
const TEAM: Record<Team, string> = { buyer: 'Buyer', provider: 'Provider' };

/** The stakes line, for every phase of a huddle round; null in any other round. */
export function stakesLine(view: Pick<StageView, 'huddle'>): string | null {
  return view.huddle?.thisRound ? stakesText(view.huddle.multiplier) : null;
}

export function jointBackingLine(view: StageView): string {
  const b = view.jointBacking ?? { buyer: 0, provider: 0 };
  const joint = view.card?.joint ? ` \u201c${view.card.joint.title}\u201d` : '';
  return `Joint move${joint}: ${b.buyer} of ${plural(view.teamSizes.buyer, 'Buyer')} and ${b.provider} of ${plural(view.teamSizes.provider, 'Provider')} back their part so far.`;
}

export function huddleBlocks(view: StageView): { heading: string; lines: string[]; list?: 'ul' }[] {
  const blocks: { heading: string; lines: string[]; list?: 'ul' }[] = [
    { heading: 'Cross-team huddle', lines: ['Talk to the other team before the vote: both teams see each other\u2019s options. Votes cast now carry into the vote.', stakesLine(view) ?? ''].filter(Boolean) },
    { heading: 'Joint move', lines: [jointBackingLine(view)] },
  ];
  for (const t of TEAMS) {
    const options = (view.card?.options ?? []).filter((o) => o.team === t);
    blocks.push({ heading: `${TEAM[t]} options`, lines: options.map((o) => `${o.joint ? '\u2605 ' : ''}${o.label}`), list: 'ul' });
  }
  return blocks;
}

/** The stage caption's body in a huddle round: the stakes first, so the room reads them all round long. */
export function withStakes(view: Pick<StageView, 'huddle'>, body: string): string {
  if (!view.huddle?.thisRound) return body;
  const times = view.huddle.multiplier === 2 ? 'Double' : `${view.huddle.multiplier}\u00d7`;
  // Short: the caption has three lines beside the join corner, and the heading says what the stage does now.
  return `\u2605 ${times} points.${body ? ` ${body}` : ''}`;
}

/** The stage caption during the huddle itself (short: the caption leaves room for the join corner). */
export function huddleCaption(view: StageView): { heading: string; body: string } {
  const b = view.jointBacking ?? { buyer: 0, provider: 0 };
  const times = view.huddle?.multiplier === 2 ? 'double' : `${view.huddle?.multiplier ?? 1}\u00d7`;
  return {
    heading: `\u2605 Huddle round: ${times} points for a step change`,
    body: `Each team sees the other\u2019s options on its phones. Joint move so far: ${b.buyer} of ${plural(view.teamSizes.buyer, 'Buyer')} and ${b.provider} of ${plural(view.teamSizes.provider, 'Provider')} back their part.`,
  };
}
