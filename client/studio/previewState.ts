import { initialState, applyEventInPlace } from '../../shared/engine/apply';
import { personalViewFor, teamViewFor, viewFor } from '../../shared/engine/views';
import { SessionConfigSchema } from '../../shared/schemas/config';
import type { Card, Deck } from '../../shared/schemas/deck';
import type { CreatedEvent, GameEvent } from '../../shared/schemas/events';
import type { GameState } from '../../shared/schemas/state';
import type { FacilitatorView, PersonalView, StageView, TeamView } from '../../shared/schemas/views';
import type { HostView } from '../../shared/protocol/events';
import type { Team } from '../../shared/schemas/common';

export type PreviewViews = {
  state: GameState;
  /** What a Buyer's and a Provider's phone get: the team's view and the participant's own part, as the server sends them. */
  phone: Record<Team, { view: TeamView; me: PersonalView }>;
  /** What the facilitator's console gets. */
  host: HostView;
  /** What the stage gets. */
  stage: StageView;
};

const AT = 1_700_000_000_000;

/**
 * The views of a session playing this one card, exactly as the server would build them: a state folded by
 * the engine from a `created` event with the draft deck (just this card, in play), one Buyer and one
 * Provider joined, the round started (the card phase: read, before the vote); then `viewFor` per role. Throws if the engine
 * refuses an event (a card that does not parse is never previewed).
 */
export function previewViews(deck: Pick<Deck, 'id' | 'title' | 'rules'>, card: Card, opts: { storyRounds?: boolean; title?: string } = {}): PreviewViews {
  const rules = deck.rules === 2 ? 2 : undefined;
  const created: CreatedEvent = {
    type: 'created',
    at: AT,
    config: SessionConfigSchema.parse({ rounds: 1, title: opts.title ?? (deck.title || 'Deck preview'), cardIds: [card.id], storyRounds: opts.storyRounds ?? true }),
    deck: { id: deck.id, title: deck.title, ...(rules ? { rules } : {}), cards: [card] },
    seed: 1,
    ...(rules ? { rules } : {}),
  };
  const state = initialState(created);
  const events: GameEvent[] = [
    { type: 'joined', at: AT + 1, participantId: 'preview-buyer', name: 'Buyer preview', tokenHash: 'preview-buyer' },
    { type: 'joined', at: AT + 2, participantId: 'preview-provider', name: 'Provider preview', tokenHash: 'preview-provider' },
    // The card phase: the card as everyone reads it before the vote (v2 story cards pitch next).
    { type: 'roundStarted', at: AT + 3 },
  ];
  for (const e of events) {
    const r = applyEventInPlace(state, e);
    if (!r.ok) throw new Error(`The engine refused the preview's ${e.type} event: ${r.code}`);
  }
  const participant = (team: Team) => {
    const me = personalViewFor(state, `preview-${team}`);
    if (!me || me.team !== team) throw new Error(`no ${team} in the preview`);
    return { view: teamViewFor(state, team), me };
  };
  const facilitator = viewFor(state, { kind: 'facilitator' }) as FacilitatorView;
  return {
    state,
    phone: { buyer: participant('buyer'), provider: participant('provider') },
    host: { ...facilitator, presence: {} },
    stage: viewFor(state, { kind: 'stage' }) as StageView,
  };
}
