import { describe, expect, it } from 'vitest';
import { defaultDeckV2 } from '../deck/loadDeck';
import { applyEventInPlace } from '../engine/apply';
import { viewFor } from '../engine/views';
import { debriefScript, SCRIPT_MINUTES } from './debriefScript';
import { debriefWhatIfs } from './whatIfs';
import { scriptedV2Log, type ScriptedPick } from './scriptedV2Log';

const PICKS: ScriptedPick[] = [
  { buyer: 'trim-reports', provider: 'letter-sprint' }, // Buyer follows its hidden stake (trim-reports); no step change
  { buyer: 'masked-sandbox', provider: 'pay-enclave' }, // the joint move
  { buyer: 'welcome-pack', provider: 'clear-updates' },
];

describe('debrief script (issue 12 item 5)', () => {
  const { state } = scriptedV2Log({ deck: defaultDeckV2, picks: PICKS, config: { storyRounds: true, title: 'Acme review' } });
  const script = debriefScript(state);
  const phase = (id: string) => script.phases.find((p) => p.id === id)!;

  it('has the six phases in order, 25–30 minutes in all', () => {
    expect(script.phases.map((p) => p.id)).toEqual(['feelings', 'happened', 'learned', 'work', 'whatIf', 'next']);
    expect(script.totalMinutes).toBe(Object.values(SCRIPT_MINUTES).reduce((a, b) => a + b, 0));
    expect(script.totalMinutes).toBeGreaterThanOrEqual(25);
    expect(script.totalMinutes).toBeLessThanOrEqual(30);
    for (const p of script.phases) expect(p.prompts.length).toBeGreaterThan(0);
    expect(script.title).toBe('Acme review');
  });

  it('fills the prompts and figures from this session', () => {
    expect(phase('feelings').figures[0]).toContain(state.outcome!.name);
    expect(phase('feelings').figures.join(' ')).toContain('4 people played: Buyer 2, Provider 2');
    const happened = phase('happened').figures;
    expect(happened[0]).toMatch(/^R1 .+: Buyer “.+”, Provider “.+” — no step change \(nobody used .+\)\.$/);
    expect(happened[1]).toMatch(/step change with the joint move “.+”/);
    expect(happened.join(' ')).toContain(`Step changes in ${state.stepChanges} of 3 rounds`);
    // Pitches of the story rounds (the scripted log backs each pitch).
    expect(happened.some((f) => /^R1 pitch by Player \d \(Buyer\), backed by 2 of 2 Providers: “Buyer pitch for round 1/.test(f))).toBe(true);
  });

  it('reveals the hidden stakes of the cards played, and whether each team followed them', () => {
    const learned = phase('learned').figures;
    const stake = defaultDeckV2.cards.find((c) => c.id === 'first-weeks')!.stakes!.buyer.text;
    expect(learned.some((f) => f.includes(stake) && f.endsWith('and the team chose it.'))).toBe(true);
    expect(learned[0]).toMatch(/^Hidden stakes followed: Buyer in [1-3] of 3 rounds, Provider in \d of 3\.$/);
    expect(learned.filter((f) => f.includes('hidden stake:'))).toHaveLength(6); // 3 rounds × 2 teams
  });

  it('carries each card\u2019s debrief question, the what-if lines and the joint moves left on the table', () => {
    expect(phase('work').questions).toEqual(state.history.map((r) => `R${r.round} ${r.cardTitle}: ${defaultDeckV2.cards.find((c) => c.id === r.cardId)!.debrief}`));
    const lines = debriefWhatIfs(state);
    expect(phase('whatIf').figures[0]).toBe(`R${lines[0].round} ${lines[0].cardTitle}: ${lines[0].lines[0].sentence}`);
    expect(phase('next').figures.join(' ')).toMatch(/Joint moves left on the table: R1: “.+”/);
  });

  it('leaves hidden stories out and follows pseudonyms', () => {
    const s = structuredClone(state);
    const story = s.history[0].stories.find((x) => x.storyId === s.history[0].pitches!.buyer!.storyId)!;
    expect(applyEventInPlace(s, { type: 'storyHidden', at: 2e12, storyId: story.storyId, hidden: true }).ok).toBe(true);
    expect(debriefScript(s).phases[1].figures.join(' ')).not.toContain(story.text);
    const p = scriptedV2Log({ deck: defaultDeckV2, picks: PICKS, config: { storyRounds: true, naming: 'pseudonyms' } }).state;
    const text = JSON.stringify(debriefScript(p));
    expect(text).toContain('pitch by Participant 1');
    expect(text).not.toContain('Player 1');
  });

  it('works from the facilitator\u2019s view (no secrets) exactly as from the state', () => {
    const view = viewFor(state, { kind: 'facilitator' })!;
    expect(debriefScript(view.state)).toEqual(script);
  });
});
