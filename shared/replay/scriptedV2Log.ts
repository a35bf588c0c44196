import type { Deck } from '../schemas/deck';
import type { SessionConfigInput } from '../schemas/config';
import { SessionConfigSchema } from '../schemas/config';
import type { CreatedEvent, GameEvent } from '../schemas/events';
import type { GameState } from '../schemas/state';
import type { Team } from '../schemas/common';
import { applyEventInPlace, currentCard, initialState } from '../engine/apply';

/** One round of a scripted v2 game: the option each team votes (all its members), or null (nobody votes). */
export type ScriptedPick = Partial<Record<Team, string | null>>;

export type ScriptedV2Options = {
  deck: Deck;
  /** One entry per round; an option id per team, or null. A missing team votes its first non-wait option. */
  picks: ScriptedPick[];
  /** Members per team (joins alternate Buyer, Provider …). */
  perTeam?: number;
  config?: SessionConfigInput;
  /** On a story card: each team's first member pitches and the other team backs it (default true). */
  pitches?: boolean;
  seed?: number;
  startAt?: number;
  /** Leave the session running after the last round (no `ended`). */
  noEnd?: boolean;
  /**
   * With config.predictSeconds: the vote is closed with a skip (the prediction window opens) and each member
   * taps what this returns before the reveal (undefined: no tap on that question).
   */
  predict?: (round: number, team: Team, member: number) => { through?: boolean; step?: boolean };
};

/**
 * A rules v2 log played from a script (tests, the debrief's unit tests, screenshots): every member of a
 * team votes the team's scripted option. Every event is checked by the engine as it is built.
 */
export function scriptedV2Log(opts: ScriptedV2Options): { events: GameEvent[]; state: GameState } {
  const perTeam = opts.perTeam ?? 2;
  let at = opts.startAt ?? 1_700_000_000_000;
  const config = SessionConfigSchema.parse({ rounds: opts.picks.length, storyRounds: false, ...opts.config });
  const created: CreatedEvent = { type: 'created', at, config, deck: opts.deck, seed: opts.seed ?? 7, rules: 2 };
  const state = initialState(created);
  const events: GameEvent[] = [created];
  const push = (e: GameEvent) => {
    const r = applyEventInPlace(state, e);
    if (!r.ok) throw new Error(`scripted v2 log: ${e.type} refused: ${r.code}`);
    events.push(e);
  };
  const members: Record<Team, string[]> = { buyer: [], provider: [] };
  for (let i = 0; i < perTeam * 2; i++) {
    const id = `x${i}`;
    push({ type: 'joined', at: (at += 5), participantId: id, name: `Player ${i + 1}`, tokenHash: `tok-${id}`, team: i % 2 === 0 ? 'buyer' : 'provider' });
    members[state.participants[id].team].push(id);
  }
  opts.picks.forEach((pick, round) => {
    push({ type: 'roundStarted', at: (at += 1000) });
    push({ type: 'decidingStarted', at: (at += 1000) });
    if (state.phase === 'stories') {
      if (opts.pitches !== false)
        for (const team of ['buyer', 'provider'] as const)
          push({ type: 'storySubmitted', at: (at += 50), participantId: members[team][0], storyId: `s${round}-${team}`, text: `${team === 'buyer' ? 'Buyer' : 'Provider'} pitch for round ${round + 1}: let us try it together.` });
      push({ type: 'timeUp', at: (at += 1000), reason: 'skip' });
      if (opts.pitches !== false)
        for (const team of ['buyer', 'provider'] as const)
          for (const id of members[team]) push({ type: 'storyVoted', at: (at += 20), participantId: id, storyId: `s${round}-${team === 'buyer' ? 'provider' : 'buyer'}` });
      push({ type: 'timeUp', at: (at += 1000), reason: 'skip' });
    }
    const card = currentCard(state)!;
    for (const team of ['buyer', 'provider'] as const) {
      const option = pick[team] === undefined ? card.options.find((o) => o.team === team && !o.wait)!.id : pick[team];
      if (option) for (const id of members[team]) push({ type: 'choiceMade', at: (at += 100), participantId: id, optionId: option });
    }
    if (config.predictSeconds) {
      push({ type: 'timeUp', at: (at += 1000), reason: 'skip' });
      for (const team of ['buyer', 'provider'] as const)
        members[team].forEach((id, k) => {
          const p = opts.predict?.(round, team, k) ?? {};
          for (const question of ['through', 'step'] as const) {
            const expect = p[question];
            if (expect !== undefined) push({ type: 'predicted', at: (at += 30), participantId: id, team, question, expect });
          }
        });
    }
    push({ type: 'revealed', at: (at += 1000) });
    if (round < opts.picks.length - 1 || !opts.noEnd) push({ type: 'roundClosed', at: (at += 1000) });
  });
  if (!opts.noEnd) push({ type: 'ended', at: (at += 1000) });
  return { events, state };
}
