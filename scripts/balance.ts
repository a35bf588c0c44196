// Prints the balance table: `npx tsx scripts/balance.ts [games]` (default 10,000 seeded games per row).
import { defaultDeck } from '../shared/deck/loadDeck';
import { balanceTable, formatBalanceTable } from '../shared/sim/simulate';
import { balanced, hoarder, random } from '../shared/sim/strategies';
import { findDominations } from '../shared/sim/dominance';

const games = Number(process.argv[2] ?? 10_000);
const both = (s: typeof balanced) => ({ buyer: s, provider: s });
const started = performance.now();
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
