import type { Deck } from '../schemas/deck';
import type { SessionConfigInput } from '../schemas/config';
import { SessionConfigSchema } from '../schemas/config';
import type { GameEvent } from '../schemas/events';
import { initialState, applyEventInPlace, currentCard } from '../engine/apply';
import { PrngStream, seedPrng } from '../engine/prng';

export type ScriptedLogOptions = {
  deck: Deck;
  participants: number;
  rounds?: number;
  seed?: number;
  config?: SessionConfigInput;
  // Votes per participant per round (re-votes after the first one): exercises changeable choices.
  votesPerRound?: number;
  stories?: boolean;
  startAt?: number;
};

/**
 * Builds a realistic, valid event log: joins, then for each round start → deciding → votes →
 * (stories → story votes) → reveal → close, then `ended`. Every event is checked against the
 * engine as it is built, so the log contains only accepted events. Deterministic from the seed.
 */
export function buildScriptedLog(opts: ScriptedLogOptions): GameEvent[] {
  const seed = opts.seed ?? 1;
  const rounds = opts.rounds ?? 6;
  const config = SessionConfigSchema.parse({ rounds, maxParticipants: Math.max(2000, opts.participants), ...opts.config });
  const rng = new PrngStream(seedPrng(seed ^ 0x2545f491));
  let at = opts.startAt ?? 1_700_000_000_000;
  const events: GameEvent[] = [{ type: 'created', at, config, deck: opts.deck, seed }];
  const state = initialState(events[0] as Extract<GameEvent, { type: 'created' }>);
  const push = (e: GameEvent) => {
    const r = applyEventInPlace(state, e);
    if (!r.ok) throw new Error(`scripted log: ${e.type} rejected: ${r.code}`);
    events.push(e);
  };
  const ids: string[] = [];
  for (let i = 0; i < opts.participants; i++) {
    const id = `p${i}`;
    ids.push(id);
    push({ type: 'joined', at: (at += 7), participantId: id, name: `Player ${i % 50}`, tokenHash: `t${i}` });
  }
  for (let r = 0; r < rounds; r++) {
    push({ type: 'roundStarted', at: (at += 1000) });
    push({ type: 'decidingStarted', at: (at += 1000) });
    const card = currentCard(state)!;
    const byTeam = { buyer: card.options.filter((o) => o.team === 'buyer'), provider: card.options.filter((o) => o.team === 'provider') };
    for (let v = 0; v < (opts.votesPerRound ?? 1); v++)
      for (const id of ids) {
        const options = byTeam[state.participants[id].team];
        push({ type: 'choiceMade', at: (at += 3), participantId: id, optionId: options[rng.int(options.length)].id });
      }
    if (state.config.storyRounds && card.storyPrompt && opts.stories !== false) {
      push({ type: 'timeUp', at: (at += 1000), reason: 'skip' });
      const storyIds: Record<string, string[]> = { buyer: [], provider: [] };
      for (const id of ids.slice(0, 40)) {
        const storyId = `s${r}-${id}`;
        push({ type: 'storySubmitted', at: (at += 5), participantId: id, storyId, text: `Story ${storyId} about courage` });
        storyIds[state.participants[id].team].push(storyId);
      }
      push({ type: 'timeUp', at: (at += 1000), reason: 'skip' });
      for (const id of ids) {
        const other = storyIds[state.participants[id].team === 'buyer' ? 'provider' : 'buyer'];
        if (other.length) push({ type: 'storyVoted', at: (at += 3), participantId: id, storyId: other[rng.int(other.length)] });
      }
    }
    push({ type: 'revealed', at: (at += 1000) });
    push({ type: 'roundClosed', at: (at += 1000) });
  }
  push({ type: 'ended', at: (at += 1000) });
  return events;
}
