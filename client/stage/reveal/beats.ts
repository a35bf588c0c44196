import type { Team } from '../../../shared/schemas/common';
import type { RoundResult } from '../../../shared/schemas/result';

/**
 * The reveal, beat by beat, in the order the engine explains a round (shared/engine/explain.ts):
 * the title; per team its decision (power-ups out of the "?" blocks), a downgrade, a story bonus,
 * the gate (through, round the loop, or waited), the "?" block behind the gate, the opportunity and the hazard; the hazard line between
 * the teams; the step change; the race; who is lost in the dust; the score. Each beat carries the
 * engine's own sentence as its caption, so the picture and the words never disagree.
 */
export type BeatKind =
  | 'intro'
  | 'decision'
  | 'downgrade'
  | 'storyBonus'
  | 'gate'
  | 'blockReward'
  | 'opportunity'
  | 'hazard'
  | 'hazardSummary'
  | 'stepChange'
  | 'race'
  | 'lost'
  | 'score'
  | 'extra';

export type Beat = { kind: BeatKind; team: Team | null; caption: string };

function teamBeats(r: RoundResult, team: Team): Omit<Beat, 'caption'>[] {
  const t = r.teams[team];
  const out: Omit<Beat, 'caption'>[] = [{ kind: 'decision', team }];
  if (t.downgraded) out.push({ kind: 'downgrade', team });
  if (t.storyBonus > 0) out.push({ kind: 'storyBonus', team });
  out.push({ kind: 'gate', team });
  if (t.gate === 'passed' && t.blockReward) out.push({ kind: 'blockReward', team });
  if (t.gate === 'passed' && t.opportunityReached) out.push({ kind: 'opportunity', team });
  if (t.hazard !== 'none') out.push({ kind: 'hazard', team });
  return out;
}

export function revealBeats(r: RoundResult): Beat[] {
  const shape: Omit<Beat, 'caption'>[] = [
    { kind: 'intro', team: null },
    ...teamBeats(r, 'buyer'),
    { kind: 'hazardSummary', team: null },
    ...teamBeats(r, 'provider'),
    { kind: 'stepChange', team: null },
    { kind: 'race', team: null },
  ];
  if (r.teams.buyer.lostInDust || r.teams.provider.lostInDust) shape.push({ kind: 'lost', team: null });
  shape.push({ kind: 'score', team: null });

  const sentences = r.explanation;
  if (sentences.length === shape.length) return shape.map((b, i) => ({ ...b, caption: sentences[i] }));
  // The explanation changed shape: still show every sentence, in order, and every animation.
  const beats: Beat[] = shape.map((b, i) => ({ ...b, caption: sentences[i] ?? '' }));
  for (const s of sentences.slice(shape.length)) beats.push({ kind: 'extra', team: null, caption: s });
  return beats;
}

/** How long a beat stays up: long enough to read the caption aloud and talk over it (2.4–5 s). */
export function beatMs(caption: string): number {
  return Math.min(5000, Math.max(2400, 1400 + caption.length * 24));
}
