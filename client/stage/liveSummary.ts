import type { Team } from '../../shared/schemas/common';
import type { StageView } from '../../shared/schemas/views';
import { revealBeats } from '../../shared/engine/narration';
import { huddleBlocks, stakesLine } from './huddleSummary';
import { revealComparison, splitLine } from '../../shared/engine/v2/predictionRecord';
import { plural } from '../dom/format';

/**
 * The stage in words: a text summary of what the canvas shows, for screen readers (a polite live
 * region with headings) and, with "Captions" on, on screen for people who cannot read the scene from
 * the back of the room. Plain DOM built from the StageView alone (the Phaser scenes only render); what
 * participants wrote only ever goes in through textContent.
 */

const TEAMS: readonly Team[] = ['buyer', 'provider'];
const TEAM: Record<Team, string> = { buyer: 'Buyer', provider: 'Provider' };
const TEAMS_PLURAL: Record<Team, string> = { buyer: 'Buyers', provider: 'Providers' };

export type SummaryBlock = {
  /** An h3 above the lines ('' for none). */
  heading: string;
  lines: string[];
  /** The lines as a list (ordered for the reveal's steps). */
  list?: 'ol' | 'ul';
};

export type Summary = {
  /** Changes when the picture moves on to something new (phase, round): the region is rebuilt then. */
  key: string;
  /** The h2: where the game is. */
  title: string;
  blocks: SummaryBlock[];
};

function roundTitle(view: StageView): string {
  const n = (view.roundIndex ?? 0) + 1;
  const title = view.card?.title;
  return `Round ${n} of ${view.roundsTotal}${title ? `: ${title}` : ''}`;
}

function votesBlock(view: StageView): SummaryBlock {
  return {
    heading: 'Votes in',
    lines: TEAMS.map((t) => `${TEAM[t]}: ${view.voted[t]} of ${view.teamSizes[t]} voted.`),
  };
}

function storyLine(s: StageView['stories'][number]): string {
  return `${TEAM[s.team]}: “${s.text}”`;
}

/**
 * What the stage shows, in words. `revealStep`: how many of the reveal's steps the scene has shown so
 * far (the captions follow the picture, so the room is not told the ending before it sees it); null
 * means all of them (nothing drives the picture beat by beat).
 */
export function stageSummary(view: StageView, revealStep: number | null = null): Summary {
  const round = view.roundIndex ?? -1;
  const key = `${view.phase}:${round}:${view.roundsPlayed}`;
  const v2 = view.rules === 2;
  const card = view.card;
  switch (view.phase) {
    case 'lobby': {
      const lines = [view.locked ? 'The room is locked: no new players can join.' : `Join on your phone with the room code shown on screen.`];
      lines.push(TEAMS.map((t) => `${TEAMS_PLURAL[t]}: ${view.teamSizes[t]}`).join(' · ') + '.');
      return { key, title: 'Waiting for players', blocks: [{ heading: '', lines }] };
    }
    case 'card': {
      const lines = [card?.situation ?? ''];
      if (v2 && view.competitorNext !== undefined) lines.push(`The competitor moves ${plural(view.competitorNext, 'step')} this round.`);
      if (card) lines.push(`Hazard: ${card.hazard.title}.`);
      const stakes = stakesLine(view);
      if (stakes) lines.push(stakes);
      return { key, title: roundTitle(view), blocks: [{ heading: 'New situation', lines: lines.filter(Boolean) }] };
    }
    case 'huddle':
      return { key, title: roundTitle(view), blocks: huddleBlocks(view) };
    case 'deciding': {
      const blocks: SummaryBlock[] = [{ heading: '', lines: ['Vote now on your phones.', stakesLine(view) ?? ''].filter(Boolean) }, votesBlock(view)];
      if (v2) {
        const b = view.jointBacking ?? { buyer: 0, provider: 0 };
        const joint = card?.joint ? ` “${card.joint.title}”` : '';
        const lines = [`Joint move${joint}: ${b.buyer} of ${plural(view.teamSizes.buyer, 'Buyer')} and ${b.provider} of ${plural(view.teamSizes.provider, 'Provider')} back their part.`];
        for (const t of TEAMS) {
          const p = view.pitches?.[t];
          // Anonymous on the projector, like the pitches themselves (issue 15 item 12).
          if (p) lines.push(`${TEAM[t]} pitch: backed by ${p.votes} of ${p.of}${p.backed ? ' (backed)' : ''}.`);
        }
        blocks.push({ heading: 'Joint move and pitches', lines });
      }
      return { key, title: roundTitle(view), blocks };
    }
    case 'stories': {
      const heading = v2 ? 'Pitches: one line to the other team, before the vote' : 'Stories: write one line on your phone';
      const lines = [card?.storyPrompt ?? 'Pitch it in one line.', `${view.storiesSubmitted} written so far.`];
      return { key, title: roundTitle(view), blocks: [{ heading, lines }] };
    }
    case 'storyVote': {
      const heading = v2 ? "Back one pitch of the other team" : "Vote for the other team's best story";
      const blocks: SummaryBlock[] = [{ heading: '', lines: [heading + '.'] }];
      blocks.push(
        view.stories.length
          ? { heading: v2 ? 'The pitches' : 'The stories', lines: view.stories.map(storyLine), list: 'ul' }
          : { heading: v2 ? 'The pitches' : 'The stories', lines: [v2 ? 'No pitches were written this round.' : 'No stories were written this round.'] },
      );
      return { key, title: roundTitle(view), blocks };
    }
    case 'predicting': {
      const s = view.predictions;
      const lines = s ? TEAMS.map((t) => splitLine(t, s[t])) : [];
      return { key, title: roundTitle(view), blocks: [{ heading: '', lines: ['The vote is closed. Predict on your phones: does your move get through? A step change?'] }, { heading: 'Predictions', lines }] };
    }
    case 'reveal': {
      const r = view.lastResult && view.lastResult.index === view.roundIndex ? view.lastResult : null;
      if (!r) return { key, title: roundTitle(view), blocks: [{ heading: 'The reveal', lines: ['The reveal is starting.'] }] };
      const beats = revealBeats(r);
      const shown = revealStep === null ? beats.length : Math.max(0, Math.min(beats.length, revealStep));
      const lines = beats.slice(0, shown).map((b) => b.caption).filter(Boolean);
      const blocks: SummaryBlock[] = [{ heading: 'The reveal', lines: lines.length ? lines : ['The reveal is starting.'], list: lines.length ? 'ol' : undefined }];
      // Once the whole reveal is told: each team's prediction against what happened (issue 12 item 1).
      if (shown === beats.length && r.predictions) blocks.push({ heading: 'Predicted and what happened', lines: TEAMS.map((t) => revealComparison(r, t) ?? '') });
      return { key, title: roundTitle(view), blocks };
    }
    case 'between': {
      const lines = [`Partnership score ${view.score} · step changes ${view.stepChanges}.`];
      for (const t of TEAMS) {
        const s = view.teams[t];
        const d = s.position - view.competitor;
        const vs = d > 0 ? `${d} ahead of the competitor` : d === 0 ? 'level with the competitor' : `${-d} behind the competitor: lost in the dust`;
        lines.push(`${TEAM[t]}: step ${s.position}, ${vs}; lives ${s.lives}; Courage ${s.inventory.courage}, Budget ${s.inventory.budget}, Stories ${s.inventory.stories}.`);
      }
      lines.push(view.roundsPlayed < view.roundsTotal ? `Next: round ${view.roundsPlayed + 1} of ${view.roundsTotal}.` : 'That was the last round.');
      return { key, title: `After round ${view.roundsPlayed} of ${view.roundsTotal}`, blocks: [{ heading: 'Where the teams stand', lines }] };
    }
    case 'ended': {
      const o = view.outcome;
      const lines = [o?.summary ?? '', `Partnership score ${view.score} · step changes ${view.stepChanges} · ${view.roundsPlayed} ${view.roundsPlayed === 1 ? 'round' : 'rounds'}.`];
      return { key, title: `The outcome: ${o?.name ?? 'Game over'}`, blocks: [{ heading: '', lines: lines.filter(Boolean) }] };
    }
  }
}

export type LiveSummary = {
  el: HTMLElement;
  /** A new view from the server. */
  update(view: StageView): void;
  /** The scene shows step `step` (0-based) of round `roundIndex`'s reveal; `step` = total once it has ended. */
  beat(roundIndex: number, step: number): void;
  destroy(): void;
};

/** Updates within one phase (votes coming in) reach the live region at most this often. */
const THROTTLE_MS = 1500;

/**
 * The summary as DOM: `<section>` with an h2 and h3s inside an aria-live="polite" region. A new phase
 * rebuilds the region (announced once, whole); within a phase only the lines that changed are touched,
 * and the reveal's steps are appended one by one, so a screen reader hears just what is new.
 */
export function createLiveSummary(opts: { id?: string } = {}): LiveSummary {
  const el = document.createElement('section');
  el.className = 'stage-summary';
  if (opts.id) el.id = opts.id;
  el.setAttribute('aria-live', 'polite');
  el.setAttribute('aria-atomic', 'false');
  el.setAttribute('aria-relevant', 'additions text');
  let view: StageView | null = null;
  let beatFor = -1;
  let step: number | null = null;
  let key = '';
  let last = 0;
  let timer = 0;
  let blockEls: { h3: HTMLElement | null; body: HTMLElement }[] = [];

  const text = (tag: string, value: string): HTMLElement => {
    const n = document.createElement(tag);
    n.textContent = value;
    return n;
  };

  function lineTag(b: SummaryBlock): string {
    return b.list ? 'li' : 'p';
  }

  function rebuild(s: Summary): void {
    el.replaceChildren();
    el.append(text('h2', s.title));
    blockEls = [];
    for (const b of s.blocks) {
      const h3 = b.heading ? text('h3', b.heading) : null;
      const body = document.createElement(b.list ?? 'div');
      for (const line of b.lines) body.append(text(lineTag(b), line));
      if (h3) el.append(h3);
      el.append(body);
      blockEls.push({ h3, body });
    }
  }

  function patch(s: Summary): void {
    const h2 = el.querySelector('h2');
    if (!h2 || s.blocks.length !== blockEls.length) return rebuild(s);
    if (h2.textContent !== s.title) h2.textContent = s.title;
    s.blocks.forEach((b, i) => {
      const { h3, body } = blockEls[i];
      if ((h3?.textContent ?? '') !== b.heading || body.tagName.toLowerCase() !== (b.list ?? 'div')) return rebuild(s);
      const kids = body.children;
      b.lines.forEach((line, j) => {
        const k = kids[j];
        if (!k) body.append(text(lineTag(b), line));
        else if (k.textContent !== line) k.textContent = line;
      });
      while (body.children.length > b.lines.length) body.lastElementChild!.remove();
    });
  }

  function render(): void {
    clearTimeout(timer);
    timer = 0;
    if (!view) return;
    last = performance.now();
    const s = stageSummary(view, view.phase === 'reveal' && beatFor === view.roundIndex ? step : view.phase === 'reveal' ? 0 : null);
    if (s.key !== key) {
      key = s.key;
      rebuild(s);
    } else patch(s);
    // Captions on screen: keep the newest line in view (a jump, never a smooth scroll).
    if (el.scrollHeight > el.clientHeight + 1) el.scrollTop = el.scrollHeight;
  }

  function schedule(immediate: boolean): void {
    const due = last + THROTTLE_MS - performance.now();
    if (immediate || due <= 0) return render();
    if (!timer) timer = window.setTimeout(render, due);
  }

  return {
    el,
    update(next) {
      const phaseChanged = !view || stageSummary(next, 0).key !== key;
      view = next;
      schedule(phaseChanged);
    },
    beat(roundIndex, s) {
      beatFor = roundIndex;
      // The scene counts from 0 for the first step on screen: show steps 0..s.
      step = s + 1;
      schedule(true);
    },
    destroy() {
      clearTimeout(timer);
      el.remove();
    },
  };
}
