import type { PowerUp, Team } from '../schemas/common';
import { POWER_UPS, TEAMS } from '../schemas/common';
import type { GameState } from '../schemas/state';
import type { RoundResult } from '../schemas/result';
import { displayNames } from './pseudonyms';
import { own } from '../engine/ownRecord';
import { debriefWhatIfs, type RoundWhatIfs } from './whatIfs';
import { predictionSentences } from '../engine/v2/predictionRecord';
import { plural, countOf } from '../text/plural';

export type ScriptPhaseId = 'feelings' | 'happened' | 'learned' | 'work' | 'whatIf' | 'next';

export type ScriptPhase = {
  id: ScriptPhaseId;
  title: string;
  /** Suggested length; the phases add up to DEBRIEF_MINUTES. */
  minutes: number;
  /** One sentence for the facilitator: what this phase is for. */
  lead: string;
  /** Questions to ask the room, filled in from this session. */
  prompts: string[];
  /** The figures from this session that support the phase. */
  figures: string[];
  /** The cards' own debrief questions (phase "how it relates to our work"). */
  questions: string[];
};

export type DebriefScript = { title: string; totalMinutes: number; phases: ScriptPhase[] };

/** The default rhythm: 29 minutes of debrief (the README and docs/debrief.md say 25–30). */
export const SCRIPT_MINUTES: Record<ScriptPhaseId, number> = { feelings: 3, happened: 7, learned: 6, work: 6, whatIf: 4, next: 3 };

const TEAM_NAME: Record<Team, string> = { buyer: 'Buyer', provider: 'Provider' };
const POWER_NAME: Record<PowerUp, string> = { courage: 'Courage', budget: 'Budget', stories: 'Stories' };
const q = (s: string) => `\u201c${s}\u201d`;
const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** What the script reads: a folded state (the facilitator's view carries one without secrets). */
export type ScriptState = Pick<GameState, 'config' | 'deck' | 'history' | 'outcome' | 'teams' | 'competitor' | 'stepChanges' | 'score'> & {
  participants: Record<string, { name: string; team: Team; joinedAt: number; removed: boolean }>;
};

function roundLine(r: RoundResult, jointTitle: string | undefined): string {
  const played = `Buyer ${q(r.teams.buyer.playedLabel)}, Provider ${q(r.teams.provider.playedLabel)}`;
  if (r.stepChange) return `R${r.round} ${r.cardTitle}: ${played} \u2014 step change${r.jointFired ? ` with the joint move ${q(jointTitle ?? 'together')}` : ''}.`;
  if (r.rules !== 2 || !r.usedBy) return `R${r.round} ${r.cardTitle}: ${played} \u2014 no step change.`;
  const missing = POWER_UPS.filter((p) => r.usedBy![p].length === 0).map((p) => POWER_NAME[p]);
  const why = r.treadingWater ? 'treading water: small safe steps, nothing used' : missing.length ? `nobody used ${list(missing)}` : 'the hazard shut an initiative down';
  return `R${r.round} ${r.cardTitle}: ${played} \u2014 no step change (${why}).`;
}

/**
 * The facilitator's debrief script (issue 12 item 5): six phases — feelings, what happened, what we
 * learned, how it relates to our work, what if, what next — each with its prompts and the figures of
 * this session that support it (cards played, decisions, hidden stakes, pitches, what-if lines, the
 * outcome). Hidden stories are left out; names follow the session's naming (pseudonyms stay pseudonyms).
 * Pure.
 */
export function debriefScript(state: ScriptState, whatIfs: RoundWhatIfs[] = debriefWhatIfs(state)): DebriefScript {
  const h = state.history;
  const card = (id: string) => state.deck.cards.find((c) => c.id === id);
  const names = displayNames(state as unknown as Pick<GameState, 'config' | 'participants'>);
  const people = Object.values(state.participants).filter((p) => !p.removed);
  const size = (t: Team) => people.filter((p) => p.team === t).length;
  const rounds = h.length;
  const outcome = state.outcome;

  // --- feelings ---
  const votes = h.reduce((n, r) => n + r.teams.buyer.voters + r.teams.provider.voters, 0);
  const seats = h.reduce((n, r) => n + r.teams.buyer.members + r.teams.provider.members, 0);
  const split = h
    .flatMap((r) => TEAMS.map((t) => ({ r, t, top: Math.max(0, ...Object.values(r.teams[t].tally)), n: r.teams[t].voters })))
    .filter((x) => x.n >= 2 && x.top < x.n)
    .sort((a, b) => a.top / a.n - b.top / b.n)[0];
  const feelings: ScriptPhase = {
    id: 'feelings',
    title: 'Feelings',
    minutes: SCRIPT_MINUTES.feelings,
    lead: 'Let the room land before any figure: feelings first, or they colour everything after.',
    prompts: [
      'How do you feel right now? One word each \u2014 Buyers first, then Providers.',
      outcome ? `The game called it ${q(outcome.name)}. Does that match how it felt?` : 'How did the ending feel?',
      'Which moment felt best, and which one frustrated you?',
    ],
    figures: [
      outcome ? `Ending: ${outcome.name} (score ${outcome.score}). ${outcome.summary}` : `Score ${state.score} after ${plural(rounds, 'round')}.`,
      `${plural(people.length, 'person', 'people')} played: Buyer ${size('buyer')}, Provider ${size('provider')}.`,
      seats ? `${countOf(votes, seats, 'possible vote')} ${votes === 1 ? 'was' : 'were'} cast (${Math.round((100 * votes) / seats)} %).` : 'No round was played.',
      split ? `The closest call: the ${TEAM_NAME[split.t]} team in round ${split.r.round} (${split.r.cardTitle}), ${split.top} of ${split.n} behind the winning option.` : null,
    ].filter((x): x is string => !!x),
    questions: [],
  };

  // --- what happened ---
  const pitches: string[] = [];
  for (const r of h)
    for (const t of TEAMS) {
      const p = r.pitches?.[t];
      if (!p) continue;
      const story = r.stories.find((s) => s.storyId === p.storyId);
      if (!story || story.hidden) continue;
      const author = own(names, story.participantId) ?? p.author;
      pitches.push(`R${r.round} pitch by ${author} (${TEAM_NAME[t]}), backed by ${p.votes} of ${p.of} ${t === 'buyer' ? 'Providers' : 'Buyers'}: ${q(story.text)}`);
    }
  const slower = Math.min(state.teams.buyer.position, state.teams.provider.position);
  // What each team expected before each reveal, against what happened (issue 12 item 1).
  const predicted = predictionSentences(h);
  const happened: ScriptPhase = {
    id: 'happened',
    title: 'What happened',
    minutes: SCRIPT_MINUTES.happened,
    lead: 'The after-action review: what was supposed to happen, before what happened.',
    prompts: [
      'What did your team set out to do? Ask each team before showing anything.',
      ...(predicted.length ? ['Before each reveal you predicted. Where were you surprised, and what did you not see coming?'] : []),
      'Now walk the rounds. Where did what happened differ from the plan, and why?',
      h.some((r) => r.rules === 2) ? 'Who argued for spending a power-up, and who argued for keeping it?' : 'Who argued for the bold option, and who for the safe one?',
      pitches.length ? 'Which pitch changed your mind, if any?' : 'What would you have told the other team, had you had a minute?',
    ],
    figures: [
      ...predicted,
      ...h.map((r) => roundLine(r, card(r.cardId)?.joint?.title)),
      `Step changes in ${state.stepChanges} of ${rounds} round${rounds === 1 ? '' : 's'}; competitor at ${state.competitor}, Buyer at ${state.teams.buyer.position}, Provider at ${state.teams.provider.position}${slower < state.competitor ? ' \u2014 behind' : ''}.`,
      ...pitches.slice(0, 4),
    ],
    questions: [],
  };

  // --- what we learned: the hidden stakes revealed, and what a step change took ---
  const stakes: string[] = [];
  const followed: Record<Team, number> = { buyer: 0, provider: 0 };
  let withStakes = 0;
  for (const r of h) {
    const c = card(r.cardId);
    if (!c?.stakes) continue;
    withStakes++;
    for (const t of TEAMS) {
      const s = c.stakes[t];
      const pull = c.options.find((o) => o.id === s.optionId);
      const chose = r.teams[t].chosenOptionId === s.optionId;
      if (chose) followed[t]++;
      stakes.push(`R${r.round} ${TEAM_NAME[t]}\u2019s hidden stake: ${q(s.text)} It pulled towards ${q(pull?.label ?? s.optionId)}${chose ? ' \u2014 and the team chose it.' : '; the team did not take it.'}`);
    }
  }
  const together = h.filter((r) => r.usedBy && POWER_UPS.every((p) => r.usedBy![p].length > 0));
  const treading = h.filter((r) => r.treadingWater);
  const learned: ScriptPhase = {
    id: 'learned',
    title: 'What we learned',
    minutes: SCRIPT_MINUTES.learned,
    lead: withStakes ? 'Reveal the hidden stakes: each team read one the other never saw.' : 'Name the pattern behind the rounds.',
    prompts: [
      ...(withStakes
        ? ['Read each team\u2019s hidden stake aloud. Did it pull you away from the partnership? When did you notice?', 'Did you guess the other team had a stake of its own?']
        : []),
      'A step change took Courage, Budget and Stories used together, across both teams. What made that easy or hard here?',
      treading.length ? 'Some rounds were busy but went nowhere: where do we tread water like that?' : 'What did it take to avoid small safe steps?',
    ],
    figures: [
      ...(withStakes ? [`Hidden stakes followed: Buyer in ${countOf(followed.buyer, withStakes, 'round')}, Provider in ${followed.provider} of ${withStakes}.`] : []),
      ...stakes,
      h.some((r) => r.usedBy)
        ? together.length
          ? `All three power-ups used together in ${together.length} round${together.length === 1 ? '' : 's'}: ${together.map((r) => `R${r.round}`).join(', ')}.`
          : 'Courage, Budget and Stories were never all used in the same round.'
        : null,
      treading.length ? `Treading water in ${treading.map((r) => `R${r.round}`).join(', ')}: small safe steps, nothing spent.` : null,
    ].filter((x): x is string => !!x),
    questions: [],
  };

  // --- how it relates to our work ---
  const seen = new Set<string>();
  const questions: string[] = [];
  const themes = new Set<string>();
  for (const r of h) {
    const c = card(r.cardId);
    if (!c || seen.has(c.id)) continue;
    seen.add(c.id);
    questions.push(`R${r.round} ${c.title}: ${c.debrief}`);
    for (const t of c.themes) themes.add(t);
  }
  const work: ScriptPhase = {
    id: 'work',
    title: 'How it relates to our work',
    minutes: SCRIPT_MINUTES.work,
    lead: 'Bridge from the game to the room\u2019s own contract: pick one or two card questions, not all.',
    prompts: [
      'Where in our own partnership have we seen one of these situations?',
      'Who on each side holds the Courage, the Budget and the Stories today?',
      'What in our contract, our reporting or our incentives works like a hidden stake?',
    ],
    figures: themes.size ? [`Themes of the cards played: ${[...themes].join(', ')}.`] : [],
    questions,
  };

  // --- what if ---
  // One line a round: a choice that would have done better first (the room's missed chances), else the biggest change.
  const lines = whatIfs.flatMap((w) => {
    const l = w.lines.find((x) => x.scoreDelta > 0) ?? w.lines[0];
    return l ? [`R${w.round} ${w.cardTitle}: ${l.sentence}`] : [];
  });
  const whatIf: ScriptPhase = {
    id: 'whatIf',
    title: 'What if',
    minutes: SCRIPT_MINUTES.whatIf,
    lead: 'The engine replayed each round with the other choices: read one line and ask what it would have taken.',
    prompts: lines.length
      ? ['Pick one line. What would it have taken for your team to choose that?', 'Who would have had to say yes, and what would they have needed to hear?']
      : ['Which round would you replay, and with what choice?'],
    figures: lines.length
      ? lines.slice(0, 6)
      : [whatIfs.length ? 'No single different choice would have changed a round\u2019s outcome: it took both teams.' : 'What-if lines come from rules v2 sessions; this session has none.'],
    questions: [],
  };

  // --- what next ---
  const leftOnTable = h.filter((r) => r.rules === 2 && !r.jointFired).map((r) => `R${r.round}: ${q(card(r.cardId)?.joint?.title ?? 'the joint move')}`);
  const fired = h.filter((r) => r.jointFired).map((r) => `R${r.round}: ${q(card(r.cardId)?.joint?.title ?? 'the joint move')}`);
  const next: ScriptPhase = {
    id: 'next',
    title: 'What next',
    minutes: SCRIPT_MINUTES.next,
    lead: 'Close with commitments: one per side, with a name and a date.',
    prompts: [
      'One thing each side will do differently on Monday. Write it down.',
      leftOnTable.length ? 'Which of the joint moves left on the table could we try for real? Who needs to say yes?' : 'Which joint move could we try for real? Who needs to say yes?',
      'When do we meet again to see whether it happened?',
    ],
    figures: [
      fired.length ? `Joint moves made: ${fired.join('; ')}.` : null,
      leftOnTable.length ? `Joint moves left on the table: ${leftOnTable.join('; ')}.` : null,
    ].filter((x): x is string => !!x),
    questions: [],
  };

  const phases = [feelings, happened, learned, work, whatIf, next];
  return { title: state.config.title, totalMinutes: phases.reduce((n, p) => n + p.minutes, 0), phases };
}
