// Issue 13 item 6: what one anonymous session leaves on disk and in memory. `npx tsx bench/storage.ts`
// plays a 12-round session with the largest deck (60 cards) and 200 participants through the server's
// own session registry (the same submit → group commit → snapshot path as live), then reports the bytes
// of snapshots written (what was kept before: one per round boundary, never pruned) against the bytes
// kept now (the newest two), and whether the ended session leaves memory after its idle time.
import pino from 'pino';
import { statSync } from 'node:fs';
import path from 'node:path';
import { SessionRegistry } from '../server/sessions/registry';
import { SqliteStore } from '../server/store/sqliteStore';
import type { EventDraft, Session } from '../server/sessions/session';
import { SessionConfigSchema } from '../shared/schemas/config';
import { currentCard } from '../shared/engine/apply';
import { largestDeck } from './importLog';
import { tempDir, removeDir } from './resources';
import { formatTable } from './table';

const PARTICIPANTS = 200;
const submit = (s: Session, d: EventDraft) =>
  new Promise<void>((resolve, reject) => s.submit(d, (r) => (r.ok || r.code === 'WRONG_PHASE' ? resolve() : reject(new Error(`${d.type}: ${r.code}`)))));

async function main(): Promise<void> {
  const dir = tempDir('storage');
  const registry = new SessionRegistry({ store: new SqliteStore(dir), log: pino({ level: 'silent' }), endedIdleMs: 200, sweepMs: 100 });
  let written = 0;
  let snapshotsWritten = 0;
  const put = registry.store.putSnapshot.bind(registry.store);
  registry.store.putSnapshot = (code, seq, json) => {
    written += json.length;
    snapshotsWritten++;
    return put(code, seq, json);
  };
  const config = SessionConfigSchema.parse({ rounds: 12, storyRounds: false, decideSeconds: 3600 });
  const { code, session } = await registry.create(config, largestDeck());
  for (let i = 0; i < PARTICIPANTS; i++) await submit(session, { type: 'joined', participantId: `p${i}`, name: `Guest ${i}`, tokenHash: `t${i}` } as EventDraft);
  for (let r = 0; r < 12; r++) {
    await submit(session, { type: 'roundStarted' } as EventDraft);
    await submit(session, { type: 'decidingStarted' } as EventDraft);
    const card = currentCard(session.state)!;
    for (let i = 0; i < PARTICIPANTS; i++) {
      const team = session.state.participants[`p${i}`].team;
      const mine = card.options.filter((o) => o.team === team);
      await submit(session, { type: 'choiceMade', participantId: `p${i}`, optionId: mine[i % mine.length].id } as EventDraft);
    }
    await submit(session, { type: 'revealed' } as EventDraft);
    if (r < 11) await submit(session, { type: 'roundClosed' } as EventDraft);
  }
  await submit(session, { type: 'ended' } as EventDraft);
  const { snapshotBytes: kept, eventBytes: events } = await registry.store.testing.sizes(code);
  const keptRows = (await registry.store.snapshotSeqs(code)).length;
  const inMemoryBefore = [...registry.all()].length;
  await new Promise((r) => setTimeout(r, 500));
  const inMemoryAfter = [...registry.all()].length;
  await registry.store.testing.compact();
  const fileBytes = statSync(path.join(dir, 'powerup.sqlite')).size;
  await registry.close();
  removeDir(dir);
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  console.log(
    formatTable(`One 12-round session, ${PARTICIPANTS} participants, a 60-card deck`, ['figure', 'before (every boundary kept)', 'now (newest 2 kept)'], [
      ['snapshots stored', snapshotsWritten, keptRows],
      ['snapshot bytes stored', kb(written), kb(kept)],
      ['event log bytes (unchanged)', kb(events), kb(events)],
      ['total per session', kb(written + events), kb(kept + events)],
      ['database file after the session (checkpointed)', '', kb(fileBytes)],
      ['sessions in memory after the end / after the idle time', `${inMemoryBefore} / ${inMemoryBefore} (until restart)`, `${inMemoryBefore} / ${inMemoryAfter}`],
    ]),
  );
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
