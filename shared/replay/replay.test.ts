import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ReplayIndex, CHECKPOINT_EVERY } from './replayIndex';
import { foldEvents } from '../engine/apply';
import { stateHash } from '../engine/hash';
import { newGame, join, optionsOf } from '../engine/testkit';
import { decisionsCsv } from './decisionsCsv';
import { debriefFigures } from './figures';
import { sanitizeLog } from './sanitizeLog';
import { displayNames } from './pseudonyms';

/** A played game of `rounds` rounds with `n` participants, every one voting. */
function playedGame(n: number, rounds: number, config: object = {}) {
  const g = newGame({ rounds, storyRounds: false, ...config });
  const ids = join(g, n);
  for (let r = 0; r < rounds; r++) {
    g.ok({ type: 'roundStarted' });
    g.ok({ type: 'decidingStarted' });
    ids.forEach((id, i) => {
      const team = g.state.participants[id].team;
      const opts = optionsOf(g, team);
      g.ok({ type: 'choiceMade', participantId: id, optionId: opts[i % opts.length].id });
    });
    g.ok({ type: 'revealed' });
    if (r < rounds - 1) g.ok({ type: 'roundClosed' });
  }
  g.ok({ type: 'ended' });
  return g;
}

describe('ReplayIndex', () => {
  const g = playedGame(60, 4);
  const index = new ReplayIndex(g.log);

  it('gives, at any seq, exactly the state folded from that prefix of the log', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: g.log.length }), (seq) => {
        expect(stateHash(index.stateAt(seq))).toBe(stateHash(foldEvents(g.log.slice(0, seq))));
      }),
      { numRuns: 60 },
    );
    expect(g.log.length).toBeGreaterThan(CHECKPOINT_EVERY); // checkpoints are exercised
  });

  it('marks where each round starts and hands out copies the caller may change', () => {
    expect(index.roundStarts).toHaveLength(4);
    expect(index.eventAt(index.roundStarts[1]).type).toBe('roundStarted');
    const s = index.stateAt(10);
    s.score = 999;
    expect(index.stateAt(10).score).not.toBe(999);
  });

  it('follows a running session as events are appended', () => {
    const live = new ReplayIndex(g.log.slice(0, 5));
    for (const e of g.log.slice(5)) live.append(e);
    expect(stateHash(live.stateAt(live.length))).toBe(stateHash(g.state));
  });
});

describe('exports', () => {
  it('writes a row per participant per round that a spreadsheet opens safely', () => {
    const g = newGame({ rounds: 1, storyRounds: false });
    g.ok({ type: 'joined', participantId: 'a', name: '=HYPERLINK("x")', tokenHash: 't-a' });
    g.ok({ type: 'joined', participantId: 'b', name: 'Bo, "the" boss', tokenHash: 't-b' });
    g.ok({ type: 'joined', participantId: 'c', name: 'Cy', tokenHash: 't-c' });
    g.ok({ type: 'roundStarted' });
    g.ok({ type: 'decidingStarted' });
    const team = g.state.participants.a.team;
    g.ok({ type: 'choiceMade', participantId: 'a', optionId: optionsOf(g, team)[0].id });
    g.ok({ type: 'revealed' });
    const csv = decisionsCsv(g.log, g.state);
    expect(csv.startsWith('\uFEFFround,card,participant')).toBe(true);
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(1 + 3); // header + one row per participant (abstentions included)
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`); // defused formula, quoted
    expect(csv).toContain('"Bo, ""the"" boss"');
  });

  it('replaces names with pseudonyms when the session chose them, and never exports token hashes', () => {
    const g = playedGame(4, 1, { naming: 'pseudonyms' });
    const clean = sanitizeLog(g.log);
    const text = JSON.stringify(clean);
    expect(text).not.toContain('Name p0');
    expect(text).not.toContain('tok-p0');
    const state = foldEvents(clean);
    expect(Object.values(displayNames(state))).toEqual(['Participant 1', 'Participant 2', 'Participant 3', 'Participant 4']);
    expect(decisionsCsv(clean, state)).toContain('Participant 3');
  });

  it('computes the debrief figures from the log', () => {
    const g = playedGame(10, 2);
    const f = debriefFigures(g.log, g.state);
    expect(f.rounds).toHaveLength(2);
    expect(f.powerUps.buyer).toHaveLength(3); // start + 2 rounds
    const r1 = f.rounds[0];
    expect(r1.teams.buyer.voters + r1.teams.provider.voters).toBe(10);
    expect(r1.teams.buyer.split.reduce((a, o) => a + o.votes, 0)).toBe(r1.teams.buyer.voters);
    expect(r1.medianDecideSeconds).not.toBeNull();
    expect(r1.explanation.length).toBeGreaterThan(0);
    expect(f.outcome?.name).toBeTruthy();
  });
});
