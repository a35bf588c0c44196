import { el } from '../dom/el';
import { icon } from '../dom/icons';
import { teamBadge } from '../dom/teamBadge';
import { plural } from '../dom/format';
import type { RoundFigures } from '../../shared/replay/figures';
import type { Team } from '../../shared/schemas/common';

const TEAMS: Team[] = ['buyer', 'provider'];

export type StoryModeration = {
  /** 'host' may hide and show stories and sees hidden ones' text; 'replay' sees neither. */
  role: 'host' | 'replay';
  /** The newest word on each story's visibility (the whole log, not just up to the playhead). */
  isHidden(storyId: string, fallback: boolean): boolean;
  onHide(storyId: string, hidden: boolean): void;
};

/** One resolved round for the debrief: decisions and vote split, why it went that way, the stories. */
export function roundCard(r: RoundFigures, mod: StoryModeration): HTMLElement {
  const voters = TEAMS.reduce((n, t) => n + r.teams[t].voters, 0);
  const members = TEAMS.reduce((n, t) => n + r.teams[t].members, 0);
  const facts = [
    r.medianDecideSeconds !== null ? `median ${Math.round(r.medianDecideSeconds)} s to decide` : 'no votes',
    `${voters} of ${members} voted`,
    r.stepChange ? 'step change!' : null,
    r.v2?.jointFired ? 'joint move fired' : null,
    r.v2?.treadingWater ? 'treading water' : null,
  ].filter(Boolean).join(' · ');
  return el('article', { class: 'round-card', 'data-round': r.round, 'aria-labelledby': `round-${r.round}-title` },
    el('header', { class: 'round-head' },
      el('h3', { id: `round-${r.round}-title` }, el('span', { class: 'round-no' }, `Round ${r.round}`), ' ', el('span', { class: 'round-title' }, r.cardTitle)),
      el('p', { class: 'round-facts' }, facts),
    ),
    el('div', { class: 'team-rows' }, ...TEAMS.map((team) => teamRow(r, team))),
    r.v2 ? gateRow(r, r.v2) : null,
    r.explanation.length ? el('section', { class: 'why' }, el('h4', {}, 'What happened'), el('ul', { class: 'explanation' }, ...r.explanation.map((s) => el('li', {}, s)))) : null,
    r.predictions?.length ? el('section', { class: 'predicted', 'data-predictions': String(r.round) }, el('h4', {}, 'Predicted before the reveal'), el('ul', {}, ...r.predictions.map((s) => el('li', {}, s)))) : null,
    r.v2?.whatIfs.length ? whatIfList(r, r.v2.whatIfs) : null,
    r.debrief ? el('p', { class: 'debrief-q' }, el('strong', {}, 'Ask the room: '), r.debrief) : null,
    r.stories.length ? storyList(r, mod) : null,
  );
}

function teamRow(r: RoundFigures, team: Team): HTMLElement {
  const t = r.teams[team];
  const total = t.split.reduce((n, s) => n + s.votes, 0);
  return el('section', { class: `team-row team-${team}`, 'aria-label': `${team === 'buyer' ? 'Buyer' : 'Provider'} in round ${r.round}` },
    el('h4', {}, teamBadge(team), el('span', { class: 'turnout' }, `${t.voters} of ${t.members} voted`)),
    el('p', { class: 'decision' }, 'Decided: ', el('strong', {}, t.decision), t.played !== t.decision ? el('span', { class: 'downgraded' }, ` \u2192 could not afford it, played \u201c${t.played}\u201d`) : null),
    el('ul', { class: 'split', 'aria-label': `How the ${team === 'buyer' ? 'Buyer' : 'Provider'} team voted` },
      ...t.split.map((s) => {
        const pct = total ? Math.round((100 * s.votes) / total) : 0;
        return el('li', { class: s.label === t.decision ? 'chosen' : '' },
          el('span', { class: 'split-label' }, s.label),
          el('span', { class: 'split-bar', 'aria-hidden': 'true' }, el('span', { style: `width:${pct}%` })),
          el('span', { class: 'split-votes' }, plural(s.votes, 'vote')),
        );
      }),
    ),
  );
}

/** Rules v2: what each team used at the gate, the joint move, and how the pitches were backed. */
function gateRow(r: RoundFigures, v2: NonNullable<RoundFigures['v2']>): HTMLElement {
  const name = (t: Team) => (t === 'buyer' ? 'Buyer' : 'Provider');
  const others = (t: Team) => (t === 'buyer' ? 'Providers' : 'Buyers');
  const pitches = TEAMS.filter((t) => v2.pitches[t]).map((t) => {
    const p = v2.pitches[t]!;
    return el('li', {}, `${name(t)} pitch by ${p.author}: backed by ${p.votes} of ${p.of} ${others(t)}, +${p.reward} Stories${p.backed ? ', an extra joint step' : ''}`);
  });
  return el('section', { class: 'gate-row', 'aria-label': `At the gate in round ${r.round}` },
    el('h4', {}, 'At the gate'),
    el('ul', { class: 'used-at-gate' }, ...TEAMS.map((t) =>
      el('li', { class: `used used-${t}`, 'data-team': t }, el('span', { class: 'used-team' }, name(t)),
        ...(v2.used[t].length
          ? v2.used[t].map((p) => el('span', { class: `chip chip-${p} spend` }, icon(p, 16), POWER[p]))
          : [el('span', { class: 'chip chip-none' }, 'used nothing')])))),
    el('p', { class: v2.jointFired ? 'joint-fired' : 'joint-missed' },
      v2.jointFired ? icon('star', 16) : null,
      v2.jointFired ? ` Joint move fired${v2.jointTitle ? `: \u201c${v2.jointTitle}\u201d` : ''}` : 'No joint move'),
    pitches.length ? el('ul', { class: 'pitches' }, ...pitches) : r.stories.length ? el('p', { class: 'pitches-none' }, 'No pitch was backed this round.') : null,
  );
}

/** Rules v2: the other choices that would have changed this round, from the deterministic engine. */
function whatIfList(r: RoundFigures, lines: string[]): HTMLElement {
  return el('section', { class: 'what-ifs', 'aria-label': `What if, round ${r.round}` },
    el('h4', {}, 'What if'),
    el('ul', { class: 'what-if-list' }, ...lines.map((s) => el('li', { class: 'what-if' }, s))),
  );
}

const POWER = { courage: 'Courage', budget: 'Budget', stories: 'Stories' } as const;

function storyList(r: RoundFigures, mod: StoryModeration): HTMLElement {
  return el('section', { class: 'stories' },
    el('h4', {}, 'Stories'),
    el('ol', { class: 'story-list' },
      ...[...r.stories].sort((a, b) => b.votes - a.votes).map((s) => {
        const hidden = mod.isHidden(s.storyId, s.hidden);
        const byline = `${s.author}, ${s.team === 'buyer' ? 'Buyer' : 'Provider'} \u00b7 ${plural(s.votes, 'vote')}`;
        if (hidden && mod.role !== 'host') {
          return el('li', { class: 'story story-hidden', 'data-story': s.storyId }, el('p', { class: 'story-text' }, 'A story hidden by the facilitator.'));
        }
        return el('li', { class: `story${s.best && !hidden ? ' story-best' : ''}${hidden ? ' story-hidden' : ''}`, 'data-story': s.storyId },
          s.best && !hidden ? el('span', { class: 'best-badge' }, icon('star', 16), 'Best story') : null,
          hidden ? el('span', { class: 'hidden-badge' }, 'Hidden') : null,
          el('blockquote', { class: 'story-text' }, s.text),
          el('p', { class: 'story-by' }, byline,
            mod.role === 'host'
              ? el('button', { type: 'button', class: 'small', 'aria-label': `${hidden ? 'Show' : 'Hide'} the story by ${s.author}`, onclick: () => mod.onHide(s.storyId, !hidden) }, hidden ? 'Show' : 'Hide')
              : null,
          ),
        );
      }),
    ),
  );
}
