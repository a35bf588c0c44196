import { el, clear } from '../../dom/el';
import { effectChips, inventoryPanel } from '../../dom/powerUps';
import { TEAM_NAME, POWER_UP_NAME, plural, countOf } from '../../dom/format';
import { sfx } from '../../audio/sfx';
import type { ParticipantSession } from '../../net/participantSession';
import type { PublicCard, TeamView } from '../../../shared/schemas/views';
import type { Team } from '../../../shared/schemas/common';
import type { CardOption } from '../../../shared/schemas/deck';
import { affordability, shortText } from '../../../shared/engine/affordable';
import { backingText, competitorPace, GATE_RULE, hazardCondition, hazardCost, jointCondition, optionFacts, pitchText } from '../../dom/rulesV2';
import type { Screen } from './types';
import { huddleBox } from './huddleScreen';

/** The card, my team's private brief and my team's options as big buttons; my choice stays changeable. */
export function roundScreen(session: ParticipantSession): Screen {
  const title = el('h1', { class: 'card-title', tabIndex: -1, id: 'round-title' });
  const kicker = el('p', { class: 'kicker' });
  const situation = el('p', { class: 'situation' });
  const briefTitle = el('h2', {});
  const brief = el('p', { class: 'brief-text' });
  // Rules v2: the team's hidden stake, beside its brief (never the other team's).
  const stake = el('p', { class: 'stake', id: 'my-stake', hidden: true });
  const risks = el('div', { class: 'risks' });
  // Rules v2: the live facts a player decides with (joint backing, the pitches' result).
  const jointLive = el('p', { class: 'joint-live', id: 'joint-live' });
  const pitchBox = el('section', { class: 'pitch-result', id: 'pitch-result', hidden: true, 'aria-labelledby': 'pitch-title' });
  const jointNotes = new Map<string, HTMLElement>();
  const optionsHint = el('p', { class: 'hint', id: 'options-hint' });
  const optionList = el('div', { class: 'options', role: 'group', 'aria-labelledby': 'options-title', 'aria-describedby': 'options-hint' });
  const status = el('p', { class: 'choice-status', role: 'status', id: 'choice-status' });
  const error = el('p', { class: 'error', role: 'alert' });
  const votes = el('p', { class: 'votes' });
  const inventoryBox = el('div', { class: 'options-inventory' });
  const buttons = new Map<string, HTMLButtonElement>();
  const afford = new Map<string, HTMLElement>();
  let cardId = '';
  // The option tapped and not yet answered by the server: shown pressed at once, confirmed (✓) on the ack.
  let pendingId: string | null = null;
  let last: { view: TeamView; me: Parameters<Screen['update']>[1] } | null = null;
  let layout = '';

  // The card's details: open while the team reads the card, folded under the options once voting opens.
  const detailsSummary = el('summary', { class: 'card-details-summary' }, 'The card: situation, brief and risks');
  const details = el('details', { class: 'card-details', open: true },
    detailsSummary, situation,
    el('section', { class: 'brief' }, briefTitle, brief, stake),
    risks,
  ) as HTMLDetailsElement;
  const cardPanel = el('article', { class: 'panel card-panel', 'aria-labelledby': 'round-title' }, kicker, title, details);
  const optionsPanel = el('section', { class: 'panel options-panel', 'aria-labelledby': 'options-title' },
    el('h2', { id: 'options-title' }, 'Your choice'),
    optionsHint,
    optionList,
    status,
    error,
    votes,
    inventoryBox,
  );
  // Rules v2: a huddle round's stakes, and during the huddle the other team's options and the joint backing.
  const huddle = huddleBox();
  const node = el('div', { class: 'screen round' }, huddle.node, pitchBox, cardPanel, optionsPanel);

  /** Reading the card: the card first. Deciding: the options first, the card folded below them. */
  function arrange(open: boolean): void {
    const want = open ? 'deciding' : 'card';
    if (layout === want) return;
    layout = want;
    node.classList.toggle('deciding', open);
    if (open) node.replaceChildren(huddle.node, optionsPanel, pitchBox, cardPanel);
    else node.replaceChildren(huddle.node, pitchBox, cardPanel, optionsPanel);
    // Side by side (a laptop, a landscape tablet) there is room for the card: it stays open.
    details.open = !open || matchMedia('(orientation: landscape) and (min-width: 700px)').matches;
  }

  function buildCard(card: PublicCard, team: Team, v2: boolean): void {
    cardId = card.id;
    title.textContent = card.title;
    situation.textContent = card.situation;
    clear(risks);
    jointNotes.clear();
    if (v2) buildRisksV2(card);
    else risks.append(
      el('div', { class: 'risk hazard' }, el('h3', {}, `Hazard: ${card.hazard.title}`), el('p', {}, `${card.hazard.text} It hits a team short of ${POWER_UP_NAME[card.hazard.strikes]}.`)),
      el('div', { class: 'risk opportunity' }, el('h3', {}, `Opportunity: ${card.opportunity.title}`), el('p', {}, card.opportunity.text)),
    );
    clear(optionList);
    buttons.clear();
    for (const o of card.options.filter((x) => x.team === team)) {
      const b = el('button', { type: 'button', class: 'option', 'aria-pressed': 'false', 'data-option': o.id },
        el('span', { class: 'option-check', 'aria-hidden': 'true' }),
        el('span', { class: 'option-body' },
          el('span', { class: 'option-label' }, o.label),
          el('span', { class: 'option-text' }, o.text),
          v2 ? optionFacts(o) : effectChips(o.effects),
          v2 && o.joint ? jointNote(o.id, team) : null,
          afforded(o.id),
        ),
      );
      b.addEventListener('click', () => void choose(o.id));
      buttons.set(o.id, b);
      optionList.append(b);
    }
  }

  function afforded(optionId: string): HTMLElement {
    const n = el('span', { class: 'afford', id: `afford-${optionId}`, hidden: true });
    afford.set(optionId, n);
    return n;
  }

  /** What the team is short of to play an option, by the rule the server refuses votes with (shared/engine/affordable.ts). */
  function affordNote(view: TeamView, team: Team, o: CardOption, v2: boolean): { text: string; votable: boolean } | null {
    const inventories = { buyer: view.teams.buyer.inventory, provider: view.teams.provider.inventory };
    const a = affordability(inventories, view.card?.options ?? [], team, o, v2);
    if (a.kind === 'affordable') return null;
    const needs = shortText(inventories[team], o, a.short);
    const them: Team = team === 'buyer' ? 'provider' : 'buyer';
    if (a.kind === 'pooled') return { text: `Can't afford alone: ${needs}. The joint move pools both teams' power-ups: the ${TEAM_NAME[them]} have enough to cover it if both teams vote their part.`, votable: true };
    if (a.pooled) return { text: `Can't afford: ${needs}, and the two teams' power-ups pooled do not cover it either.`, votable: false };
    return { text: `Can't afford: ${needs}.`, votable: false };
  }

  function jointNote(optionId: string, team: Team): HTMLElement {
    const live = el('span', { class: 'joint-count' });
    jointNotes.set(optionId, live);
    return el('span', { class: 'joint-note' }, el('span', { class: 'joint-badge' }, '\u2605 ', jointCondition(team)), live);
  }

  function buildRisksV2(card: PublicCard): void {
    const joint = card.joint;
    risks.append(
      el('div', { class: 'risk hazard' }, el('h3', {}, `Hazard: ${card.hazard.title}`), el('p', {}, card.hazard.text),
        el('p', { class: 'condition', id: 'hazard-condition' }, el('strong', {}, hazardCondition(card.hazard)), ` ${hazardCost(card.hazard)}`)),
      el('div', { class: 'risk joint' }, el('h3', {}, `\u2605 Joint move${joint ? `: ${joint.title}` : ''}`),
        joint ? el('p', {}, joint.text) : null,
        el('p', {}, `Both teams vote their joint part: the costs are pooled, and with a step change it reaches \u201c${card.opportunity.title}\u201d (+${plural(card.opportunity.bonus, 'step')} each).`),
        jointLive),
      el('div', { class: 'risk opportunity' }, el('h3', {}, `Opportunity: ${card.opportunity.title}`), el('p', {}, card.opportunity.text)),
      el('div', { class: 'risk pace' }, el('h3', {}, 'The gate and the competitor'), el('p', {}, GATE_RULE), el('p', { id: 'competitor-pace' }, '')),
    );
  }

  function updateV2(view: TeamView, team: Team): void {
    const them: Team = team === 'buyer' ? 'provider' : 'buyer';
    const backing = view.jointBacking ?? { buyer: 0, provider: 0 };
    const theirs = backingText(them, backing[them], view.teamSizes[them]);
    const ours = backingText(team, backing[team], view.teamSizes[team], 'our');
    for (const n of jointNotes.values()) n.textContent = ` ${theirs}; ${ours}.`;
    jointLive.textContent = `Now: ${theirs}; ${ours}.`;
    const pace = risks.querySelector('#competitor-pace');
    if (pace) pace.textContent = competitorPace(view.competitorNext ?? 0);
    stake.hidden = !view.stake;
    stake.textContent = view.stake ? `Your hidden stake: ${view.stake}` : '';
    const pitches = view.pitches;
    pitchBox.hidden = !pitches;
    if (pitches) {
      const key = JSON.stringify(pitches);
      if (pitchBox.dataset.key !== key) {
        pitchBox.dataset.key = key;
        clear(pitchBox);
        pitchBox.append(el('h2', { id: 'pitch-title' }, 'The pitches, before the vote'),
          el('p', { class: 'pitch-mine' }, pitchText(team, pitches[team])),
          el('p', { class: 'pitch-theirs' }, pitchText(them, pitches[them])));
      }
    }
  }

  async function choose(optionId: string): Promise<void> {
    if (pendingId !== null) return;
    pendingId = optionId;
    error.textContent = '';
    rerender();
    const r = await session.choose(optionId);
    pendingId = null;
    rerender();
    if (!r.ok) {
      const label = last?.view.card?.options.find((o) => o.id === optionId)?.label ?? 'your choice';
      error.textContent = `Not counted: ${label}. ${r.message}`;
    } else sfx.play('coin');
  }

  function rerender(): void {
    if (last) render(last.view, last.me);
  }

  function render(view: TeamView, me: Parameters<Screen['update']>[1]): void {
    last = { view, me };
    const card = view.card;
    if (!card) return;
    const v2 = view.rules === 2;
    if (card.id !== cardId) buildCard(card, me.team, v2);
    if (v2) updateV2(view, me.team);
    kicker.textContent = `Round ${(view.roundIndex ?? 0) + 1} of ${view.roundsTotal}`;
    briefTitle.textContent = `${TEAM_NAME[me.team]}'s private brief`;
    brief.textContent = view.brief ?? '';
    // A huddle (rules v2) takes votes too: they carry into the vote.
    const open = view.phase === 'deciding' || view.phase === 'huddle';
    if (v2) huddle.update(view, me.team);
    arrange(open);
    optionsHint.textContent = view.phase === 'huddle'
      ? `Huddle first: you can already pick the move you want the ${TEAM_NAME[me.team]} to make, and change it in the vote.`
      : open
      ? `Pick the move you want the ${TEAM_NAME[me.team]} to make. You can change it until time is up.`
      : 'Read the card: voting opens when the facilitator starts the timer.';
    const shown = pendingId ?? me.myChoice;
    for (const [id, b] of buttons) {
      const option = card.options.find((o) => o.id === id)!;
      const a = affordNote(view, me.team, option, v2);
      const note = afford.get(id)!;
      note.hidden = !a;
      note.textContent = a?.text ?? '';
      note.classList.toggle('blocked', !!a && !a.votable);
      b.classList.toggle('unaffordable', !!a && !a.votable);
      const pressed = shown === id;
      const waiting = pendingId === id;
      b.setAttribute('aria-pressed', String(pressed));
      b.classList.toggle('chosen', pressed && !waiting);
      b.classList.toggle('pending', waiting);
      if (waiting) b.setAttribute('aria-busy', 'true');
      else b.removeAttribute('aria-busy');
      // An option the team cannot pay stays tappable only if it is already the person's choice (to see it).
      b.disabled = !open || (!!a && !a.votable && me.myChoice !== id);
    }
    const pendingOption = pendingId ? card.options.find((o) => o.id === pendingId) : undefined;
    const chosen = card.options.find((o) => o.id === me.myChoice);
    const kept = session.isQueued('choose');
    status.textContent = pendingOption
      ? `Sending your choice: ${pendingOption.label}\u2026`
      : chosen
        ? kept ? `✓ Your choice: ${chosen.label} (kept on this phone: it is sent as soon as you are back online)` : `✓ Your choice: ${chosen.label}`
        : open ? 'No choice yet.' : '';
    status.classList.toggle('queued', kept);
    status.classList.toggle('pending', !!pendingOption);
    if (session.state.queuedError) error.textContent = session.state.queuedError;
    // The verb agrees with the team it counts out of: "0 of 1 Buyer player has", "1 of 3 Buyer players have".
    votes.textContent = open ? `${countOf(view.voted[me.team], view.teamSizes[me.team], `${TEAM_NAME[me.team]} player`)} ${view.teamSizes[me.team] === 1 ? 'has' : 'have'} chosen.` : '';
    clear(inventoryBox);
    inventoryBox.append(inventoryPanel(view.teams[me.team], `${TEAM_NAME[me.team]} power-ups`));
  }

  return {
    node,
    update(view, me) {
      render(view, me);
    },
  };
}
