// `npm run bots -- --url http://localhost:3000 --code ABCDE --count 20`
// Joins simulated participants that play plausibly, so a facilitator can rehearse alone.
import { parseArgs } from 'node:util';
import { PlayBot } from './bots/playBot';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:3000' },
    code: { type: 'string' },
    count: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
  },
});
if (!values.code) {
  console.error('usage: npm run bots -- --url http://HOST:3000 --code CODE --count 20');
  process.exit(2);
}
const NAMES = ['Alex', 'Sam', 'Robin', 'Kim', 'Jules', 'Noor', 'Ravi', 'Mia', 'Tomas', 'Ines', 'Kofi', 'Lena', 'Yuki', 'Omar', 'Zoe', 'Ada'];
const count = Number(values.count);
const bots: PlayBot[] = [];
for (let i = 0; i < count; i++) {
  const bot = new PlayBot({ url: values.url!, code: values.code.toUpperCase(), name: `${NAMES[i % NAMES.length]} (bot)`, seed: Number(values.seed) * 1000 + i });
  try {
    await bot.join();
    bots.push(bot);
  } catch (err) {
    console.error((err as Error).message);
  }
}
console.log(`${bots.length} bots joined ${values.code}; they play until you press Ctrl+C.`);
process.on('SIGINT', () => {
  for (const b of bots) b.close();
  process.exit(0);
});
