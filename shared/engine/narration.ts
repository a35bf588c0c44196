import type { Team } from '../schemas/common';
import type { RoundResult } from '../schemas/result';

/**
 * The reveal's narration, step by step (one beat: a picture and one sentence). Shared, because the
 * server holds which step the room has reached (RoundState.narration): the stage draws it, the phones
 * show the outcome only that far, the console steps or skips it.
 *
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
  | 'extra'
  // Rules v2: both teams' decisions at once, what each used at the gate, the joint move, treading water,
  // the hazard avoided by those who used its power-up.
  | 'decisions'
  | 'used'
  | 'joint'
  | 'treading'
  | 'dodged';

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

const TEAM_NAME: Record<Team, string> = { buyer: 'Buyer', provider: 'Provider' };
const POWER_NAME = { courage: 'Courage', budget: 'Budget', stories: 'Stories' } as const;

/** "At the gate: Buyer used Courage and Stories; Provider used Budget." — from the result, in words. */
export function usedCaption(r: RoundResult): string {
  const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
  const part = (t: Team) => {
    const spent = r.teams[t].spent ?? [];
    return `${TEAM_NAME[t]} used ${spent.length ? list(spent.map((p) => POWER_NAME[p])) : 'nothing'}`;
  };
  return `At the gate: ${part('buyer')}; ${part('provider')}.`;
}

/**
 * Rules v2's reveal (shared/engine/v2/explainV2.ts): the decisions; what each team used at the gate;
 * the joint move (when it fired with a step change); the step change, treading water or none; each
 * hazard hit, with the card's why; the hazard avoided; the race; the score. The engine's sentences are
 * the captions; the gate's line is the result's usedBy in words.
 */
function revealBeatsV2(r: RoundResult): Beat[] {
  const s = r.explanation;
  const joint = r.stepChange && !!r.jointFired;
  const targeted = (['buyer', 'provider'] as const).filter((t) => r.teams[t].hazardTargeted);
  const dodged = s.length - (3 + (joint ? 1 : 0) + targeted.length);
  const gateKind: BeatKind = r.stepChange ? 'stepChange' : r.treadingWater ? 'treading' : 'stepChange';
  const score: Beat = { kind: 'score', team: null, caption: `Partnership score ${r.score}.` };
  if (dodged !== 0 && dodged !== 1) {
    // The explanation changed shape: every sentence in order, and the animations that matter.
    return [
      { kind: 'decisions', team: null, caption: s[0] ?? '' },
      { kind: 'used', team: null, caption: usedCaption(r) },
      { kind: gateKind, team: null, caption: s[1] ?? '' },
      ...s.slice(2, -1).map((caption) => ({ kind: 'extra' as const, team: null, caption })),
      { kind: 'race', team: null, caption: s[s.length - 1] ?? '' },
      score,
    ];
  }
  let i = 0;
  const beats: Beat[] = [
    { kind: 'decisions', team: null, caption: s[i++] },
    { kind: 'used', team: null, caption: usedCaption(r) },
  ];
  if (joint) beats.push({ kind: 'joint', team: null, caption: s[i++] });
  beats.push({ kind: gateKind, team: null, caption: s[i++] });
  for (const t of targeted) beats.push({ kind: 'hazard', team: t, caption: s[i++] });
  if (dodged) beats.push({ kind: 'dodged', team: null, caption: s[i++] });
  beats.push({ kind: 'race', team: null, caption: s[i++] }, score);
  return beats;
}

export function revealBeats(r: RoundResult): Beat[] {
  if (r.rules === 2) return revealBeatsV2(r);
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

/**
 * About how long the stage's picture of a beat runs at pace 1 (a runner crossing the level, the gate, a
 * hazard strike): the server holds a step at least this long, so the stage is never left behind.
 */
const PICTURE_MS: Partial<Record<BeatKind, number>> = {
  decision: 3200,
  decisions: 3200,
  downgrade: 3200,
  used: 2800,
  gate: 3600,
  joint: 4200,
  stepChange: 5200,
  treading: 3600,
  hazard: 3600,
  dodged: 3000,
  race: 4200,
};

/** How long the server holds a step of the narration at pace 1: its reading time, and its picture's. */
export function stepMs(beat: Beat): number {
  return Math.max(beatMs(beat.caption), PICTURE_MS[beat.kind] ?? 0);
}

/** How many steps the reveal of `r` has. */
export function narrationLength(r: RoundResult): number {
  return revealBeats(r).length;
}

/** The sentences the room has been told after `step` steps (1 = the first). */
export function narratedLines(r: RoundResult, step: number): string[] {
  return revealBeats(r).slice(0, Math.max(0, step)).map((b) => b.caption).filter(Boolean);
}
