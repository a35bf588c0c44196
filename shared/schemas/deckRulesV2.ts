import type { z } from 'zod';
import { POWER_UPS, TEAMS } from './common';
import type { Deck } from './deck';

type Ctx = z.core.$RefinementCtx<unknown>;

/**
 * What a rules v2 card must carry beyond the common fields: a joint move with one part per team,
 * hidden stakes, a hazard that names the team it hits, and wait options that earn nothing.
 */
export function checkRulesV2(deck: Pick<Deck, 'cards'>, ctx: Ctx): void {
  deck.cards.forEach((card, i) => {
    const at = (...path: (string | number)[]) => ['cards', i, ...path];
    const issue = (message: string, ...path: (string | number)[]) => ctx.addIssue({ code: 'custom', path: at(...path), message });
    if (!card.joint) issue('a rules v2 card needs a joint move (joint.title, joint.text)', 'joint');
    if (!card.stakes) issue('a rules v2 card needs a hidden stake for each team', 'stakes');
    if (!card.hazard.hits) issue('a rules v2 hazard says which team it hits (buyer, provider or both)', 'hazard', 'hits');
    if (!card.hazard.why) issue('a rules v2 hazard needs a "why" sentence for the reveal', 'hazard', 'why');
    for (const team of TEAMS) {
      const mine = card.options.map((o, j) => ({ o, j })).filter(({ o }) => o.team === team);
      const parts = mine.filter(({ o }) => o.joint);
      if (parts.length !== 1) issue(`${team} needs exactly one option that is its part of the joint move, has ${parts.length}`, 'options');
      for (const { o, j } of mine) {
        if (o.wait && o.joint) issue('a wait option cannot be part of the joint move', 'options', j, 'joint');
        if (o.wait && (POWER_UPS.some((p) => o.effects[p] !== 0) || o.progress !== 0))
          issue('a wait option earns nothing, spends nothing and moves no steps', 'options', j);
        if (!o.wait && o.progress < 1) issue('an option that is not the wait option moves at least one step', 'options', j, 'progress');
        if (!o.joint && POWER_UPS.every((p) => o.effects[p] < 0))
          issue('only the joint move may use all three power-ups: one team cannot innovate alone', 'options', j, 'effects');
      }
      const stake = card.stakes?.[team];
      if (stake && !mine.some(({ o }) => o.id === stake.optionId))
        issue(`the ${team} stake names "${stake.optionId}", which is not a ${team} option`, 'stakes', team, 'optionId');
    }
    const parts = card.options.filter((o) => o.joint);
    if (parts.length === 2 && !POWER_UPS.every((p) => parts.some((o) => o.effects[p] < 0)))
      issue('the two parts of the joint move together use Courage, Budget and Stories', 'options');
  });
}
