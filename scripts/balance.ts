// Prints the balance table and one JSON line with every figure.
//   npm run balance                      rules v2 report (10,000 held-out games a row, searches on train seeds)
//   npm run balance -- --quick           a smaller, faster v2 run (2,000 games a row)
//   npm run balance -- --games 20000     v2 with N held-out games a row (rollout rows too)
//   npm run balance -- --rules 1 [games] the frozen rules v1 table (default 10,000 seeded games a row)
//   npm run balance -- --deck d.json     v2 report on a deck file (validated as the server does)
//   npm run balance -- --validation      measure on the validation seeds (from 20,000,001) instead of the
//                                        held-out ones: for choosing between candidate decks, so that the
//                                        held-out seeds stay unseen until the final run
//   npm run balance -- --studio          the deck studio's bounded config (its fairness check's figures),
//                                        its plain-language warnings on stderr; with --figures-out f.json,
//                                        also writes the key figures the studio shows (see docs/studio.md)
import { readFileSync, writeFileSync } from 'node:fs';
import { defaultDeck, parseDeck } from '../shared/deck/loadDeck';
import { deckEconomy } from '../shared/deck/deckEconomy';
import { balanceTable, formatBalanceTable } from '../shared/sim/simulate';
import { balanced, hoarder, random } from '../shared/sim/strategies';
import { findDominations } from '../shared/sim/dominance';
import { harnessDeck } from '../shared/sim/v2/deck';
import { VALIDATION_FIRST } from '../shared/sim/v2/search';
import { balanceReportV2, formatReportV2, FULL, QUICK, reportJson } from '../shared/sim/v2/report';
import { keyFigures, STUDIO } from '../shared/sim/v2/studio';
import { fairnessWarnings, warningKey } from '../client/studio/fairnessWarnings';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const started = performance.now();

function rulesV1(games: number) {
  const both = (s: typeof balanced) => ({ buyer: s, provider: s });
  const rows = balanceTable(
    defaultDeck,
    [
      { name: balanced.name, teams: both(balanced) },
      { name: 'courage hoarder', teams: both(hoarder('courage')) },
      { name: 'budget hoarder', teams: both(hoarder('budget')) },
      { name: 'stories hoarder', teams: both(hoarder('stories')) },
      { name: 'random', teams: both(random) },
      { name: 'balanced buyer, random provider', teams: { buyer: balanced, provider: random } },
    ],
    games,
  );
  console.log(formatBalanceTable(rows));
  const d = findDominations(defaultDeck.cards);
  console.log(`\n${games} games per row, 6 rounds, default deck (${defaultDeck.cards.length} cards); ${Math.round(performance.now() - started)} ms.`);
  console.log(d.length ? `Dominated options: ${d.map((x) => `${x.cardId}: ${x.dominant} > ${x.dominated}`).join('; ')}` : 'No option of any card dominates another.');
}

if (flag('--rules') === '1') {
  const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--rules');
  rulesV1(Number(flag('--games') ?? positional[0] ?? 10_000));
} else {
  const studio = args.includes('--studio');
  const base = studio ? STUDIO : args.includes('--quick') ? QUICK : FULL;
  const games = flag('--games') ? Number(flag('--games')) : undefined;
  if (games !== undefined && !(games >= 10)) throw new Error('--games needs a number of games (at least 10)');
  const sized = games ? { ...base, games, rolloutGames: games, varianceGames: games, storyGames: games } : base;
  const cfg = args.includes('--validation') ? { ...sized, measureFirst: VALIDATION_FIRST } : sized;
  const verbose = args.includes('--verbose');
  const deckFile = flag('--deck');
  let deck = harnessDeck();
  if (deckFile) {
    const parsed = parseDeck(JSON.parse(readFileSync(deckFile, 'utf8')));
    if (!parsed.ok) throw new Error(`${deckFile} is not a valid deck:\n${parsed.errors.join('\n')}`);
    if (parsed.deck.rules !== 2) throw new Error(`${deckFile} is a rules v1 deck; the v2 harness needs "rules": 2 (use --rules 1 for the v1 table of the default deck)`);
    deck = parsed.deck;
  }
  const report = balanceReportV2(deck, cfg, (s) => verbose && console.error(s));
  console.log(formatReportV2(report));
  if (studio) {
    const warnings = fairnessWarnings(deck, deckEconomy(deck), report);
    for (const w of warnings) console.error(`! ${w.text}`);
    const out = flag('--figures-out');
    if (out) writeFileSync(out, `${JSON.stringify({ deck: report.deck, config: 'STUDIO', figures: keyFigures(report), warnings: warnings.map(warningKey) }, null, 2)}\n`);
  }
  console.log(`\nElapsed: ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  console.log(reportJson(report));
}
