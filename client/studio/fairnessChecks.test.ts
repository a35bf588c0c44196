import { describe, it, expect, beforeAll } from 'vitest';
import { spawn } from 'node:child_process';
import { defaultDeck, defaultDeckV2 } from '../../shared/deck/loadDeck';
import { deckEconomy } from '../../shared/deck/deckEconomy';
import defaultDeckV2Json from '../../shared/deck/default-deck-v2.json';
import type { Report } from '../../shared/sim/v2/report';
import { keyFigures, STUDIO } from '../../shared/sim/v2/studio';
import { reportLogLines, runFairnessChecks, type FairnessReport, type Progress } from './fairnessChecks';
import { fairnessWarnings, warningKey } from './fairnessWarnings';
import defaultFigures from './defaultDeckFigures.json';

/** `npm run balance -- --deck <file> --studio`, its JSON line (the last line of its output). */
function balanceCli(deckFile: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/balance.ts', '--deck', deckFile, '--studio'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`balance exited ${code}: ${err}`));
      const line = out.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
      resolve(JSON.parse(line!));
    });
  });
}

const withoutTime = ({ elapsedMs: _e, rules: _r, rulesV2: _v, ...rest }: Record<string, unknown>) => rest;

describe('the fairness check (what the worker runs)', () => {
  let report: FairnessReport;
  let cli: Record<string, unknown>;
  const seen: Progress[] = [];
  beforeAll(async () => {
    // The command line runs in a child process while the worker's function runs here, on the same deck file.
    const fromCli = balanceCli('shared/deck/default-deck-v2.json');
    report = runFairnessChecks(JSON.parse(JSON.stringify(defaultDeckV2Json)), (p) => seen.push(p));
    cli = await fromCli;
  }, 240_000);

  it('gives on the default deck exactly the figures of balanceReportV2 with the studio config, as `npm run balance -- --deck … --studio` prints them', () => {
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    expect(report.balance!.config).toEqual(STUDIO);
    expect(report.economy).toEqual(deckEconomy(defaultDeckV2));
    // Same code path, same seeds: every figure equal (the run's elapsed time aside).
    expect(withoutTime(JSON.parse(JSON.stringify(report.balance)))).toEqual(withoutTime(cli));
  });

  it('the default deck\u2019s figures the studio shows beside the draft\u2019s are current (else: npm run balance -- --deck shared/deck/default-deck-v2.json --studio --figures-out client/studio/defaultDeckFigures.json)', () => {
    if (!report.ok) throw new Error('no report');
    expect(JSON.parse(JSON.stringify(report.figures))).toEqual(defaultFigures.figures);
    expect(report.warnings.map(warningKey)).toEqual(defaultFigures.warnings);
    expect(keyFigures(cli as unknown as Report)).toEqual(report.figures);
  });

  it('reports progress per phase of the report, in order, to the end', () => {
    const done = seen.map((p) => p.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(seen.at(-1)).toMatchObject({ done: reportLogLines() + 3, total: reportLogLines() + 3, step: 'Done' });
    // Every line balanceReportV2 logs is one step: the count the progress bar assumes is the real one.
    expect(seen.filter((p) => p.step.startsWith('finished ')).length).toBe(reportLogLines());
    expect(new Set(seen.map((p) => p.phase))).toEqual(new Set(['Deck', 'Deck economy', 'Adversarial search (tuned on training games)', 'Fixed strategies', 'Searched strategies on held-out games', 'Choice shares, variance and the story vote', 'Done']));
  });

  it('warns in plain words, naming the card and the option', () => {
    if (!report.ok) throw new Error('no report');
    // A deck on which lesson-aligned play almost never picks one option (the report's shares, with one
    // option's share set to 1.2 %): the warning names the card, the team and the option.
    const shares = structuredClone(report.balance!.choiceSharesShuffled);
    shares.cards['claims-archive'].provider['demo-exit'] = 0.012;
    const rigged = { ...report.balance!, choiceSharesShuffled: shares };
    const warnings = fairnessWarnings(defaultDeckV2, report.economy, rigged);
    const demo = warnings.find((w) => w.kind === 'neverWorth' && w.optionId === 'demo-exit');
    expect(demo).toMatchObject({ cardId: 'claims-archive', team: 'provider' });
    expect(demo!.text).toMatch(/^On 'The claims archive' the Provider's option 'Demo live and offer a day-30 exit' is never worth choosing: lesson-aligned play picks it in 1\.2 % of its decisions/);
    // Each option under 5 % of lesson-aligned decisions has its warning, on the rigged shares and on the real ones.
    const under = (b: typeof rigged) => defaultDeckV2.cards.flatMap((c) => c.options.filter((o) => !o.wait && b.choiceSharesShuffled.cards[c.id][o.team][o.id] < 0.05).map((o) => `${c.id}/${o.id}`)).sort();
    expect(warnings.filter((w) => w.kind === 'neverWorth').map((w) => `${w.cardId}/${w.optionId}`).sort()).toEqual(under(rigged));
    expect(report.warnings.filter((w) => w.kind === 'neverWorth').map((w) => `${w.cardId}/${w.optionId}`).sort()).toEqual(under(report.balance!));
    // The failing target of the report, in words; the met ones are silent.
    const targets = report.warnings.filter((w) => w.kind === 'target');
    expect(targets.map((w) => w.target)).toEqual(report.balance!.targets.filter((t) => !t.pass).map((t) => t.id));
    // A failing timid margin reads as the issue says.
    const timid = { ...report.balance!, targets: report.balance!.targets.map((t) => (t.id === 'timidMargin' ? { ...t, pass: false } : t)) };
    expect(fairnessWarnings(defaultDeckV2, report.economy, timid).find((w) => w.target === 'timidMargin')!.text).toMatch(/^Timid play scores within 15 % of lesson-aligned play: the best timid strategy \(.+\) scores \d+\.\d against \d+\.\d/);
  });

  it('names a power-up a team can never earn', () => {
    const deck = structuredClone(defaultDeckV2);
    for (const c of deck.cards) for (const o of c.options) if (o.team === 'provider' && o.effects.courage > 0) o.effects.courage = 0;
    const w = fairnessWarnings(deck, deckEconomy(deck), null);
    expect(w.map((x) => x.text)).toContain('Nothing on this deck lets the Provider earn Courage.');
    // …once: not again as the economy's "earned by 0 of 42" line.
    expect(w.filter((x) => /Provider: Courage is earned/.test(x.text))).toEqual([]);
  });

  it('checks only the economy of a v1 deck, and refuses an invalid deck with its errors', () => {
    const v1 = runFairnessChecks(defaultDeck);
    expect(v1.ok && v1.balance).toBeNull();
    expect(v1.ok && v1.warnings.length).toBeGreaterThan(0);
    const bad = runFairnessChecks({ id: 'x', title: 'x', cards: [] });
    expect(bad.ok).toBe(false);
  });
});
