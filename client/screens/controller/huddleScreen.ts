import '../huddle.css';
import { el, clear } from '../../dom/el';
import { TEAM_NAME } from '../../dom/format';
import { backingText, optionFacts } from '../../dom/rulesV2';
import type { TeamView } from '../../../shared/schemas/views';
import type { Team } from '../../../shared/schemas/common';
import { stakesText } from '../../../shared/engine/v2/huddle';

const IN_ROUND = new Set(['card', 'stories', 'storyVote', 'huddle', 'deciding', 'predicting', 'reveal']);

/**
 * The phone's part of a cross-team huddle (rules v2, issue 12 item 2), shown on the round screen: in a huddle
 * round the higher stakes, and during the huddle the other team's options and how many of each team back the
 * joint move so far (counts only: who voted what stays secret). The person's own options stay votable
 * below it, and a vote cast in the huddle carries into the vote.
 */
export function huddleBox(): { node: HTMLElement; update(view: TeamView, team: Team): void } {
  const stakes = el('p', { class: 'stakes-banner', id: 'phone-stakes', role: 'note', hidden: true });
  const title = el('h2', { id: 'huddle-title' });
  const lead = el('p', { class: 'huddle-lead' });
  const backing = el('p', { class: 'huddle-backing', id: 'huddle-backing', role: 'status' });
  const theirs = el('ul', { class: 'huddle-options', id: 'huddle-their-options' });
  const theirsTitle = el('h3', {});
  const panel = el('section', { class: 'panel huddle-box', id: 'huddle-box', 'aria-labelledby': 'huddle-title', hidden: true },
    title, lead, backing, theirsTitle, theirs);
  const node = el('div', { class: 'huddle-area' }, stakes, panel);
  let built = '';
  return {
    node,
    update(view, team) {
      const h = view.huddle;
      const inRound = !!h?.thisRound && IN_ROUND.has(view.phase);
      stakes.hidden = !inRound;
      stakes.textContent = inRound ? stakesText(h!.multiplier) : '';
      panel.hidden = view.phase !== 'huddle' || !view.card;
      if (panel.hidden) return;
      const them: Team = team === 'buyer' ? 'provider' : 'buyer';
      title.textContent = `Huddle with the ${TEAM_NAME[them]}s`;
      lead.textContent = `Talk to the other team before the vote. Here are their options; yours are below, and a vote you cast now carries into the vote.`;
      const b = view.jointBacking ?? { buyer: 0, provider: 0 };
      backing.textContent = `\u2605 Joint move${view.card!.joint ? ` \u201c${view.card!.joint.title}\u201d` : ''} so far: ${backingText(them, b[them], view.teamSizes[them])}; ${backingText(team, b[team], view.teamSizes[team], 'our')}.`;
      const key = `${view.card!.id}:${team}`;
      if (built === key) return;
      built = key;
      theirsTitle.textContent = `The ${TEAM_NAME[them]}\u2019s options`;
      clear(theirs);
      for (const o of view.card!.options.filter((x) => x.team === them))
        theirs.append(el('li', { class: `huddle-option${o.joint ? ' joint' : ''}`, 'data-option': o.id },
          el('span', { class: 'option-label' }, `${o.joint ? '\u2605 ' : ''}${o.label}`),
          el('span', { class: 'option-text' }, o.text),
          optionFacts(o)));
    },
  };
}
