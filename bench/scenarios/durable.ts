// (d) Durable events per second: events submitted to live sessions and acknowledged only once the
// SQLite group committer has written them (the same Session.submit path every socket handler uses).
// In-process: the server's session registry on a temp dir, no sockets, so this is the storage path alone.
import pino from 'pino';
import { SessionRegistry } from '../../server/sessions/registry';
import { SqliteStore } from '../../server/store/sqliteStore';
import { PgStore } from '../../server/store/pgStore';
import type { EventDraft, Session, SubmitResult } from '../../server/sessions/session';
import { SessionConfigSchema } from '../../shared/schemas/config';
import { defaultDeck } from '../../shared/deck/loadDeck';
import { currentCard } from '../../shared/engine/apply';
import { tempDir, removeDir, onCleanup } from '../resources';
import { percentile, round } from '../stats';
import { formatTable } from '../table';

export type DurableOptions = { sessions: number; participantsPerSession: number; durationMs: number; perTick: number };

export type DurableResult = {
  sessions: number;
  acked: number;
  refused: number;
  seconds: number;
  eventsPerSecond: number;
  /** submit → ack (after the commit), ms. */
  ackP50: number;
  ackP99: number;
};

/** Each session's events in a realistic order: everyone joins, a round starts, then votes and re-votes. */
function* sessionEvents(session: Session, participants: number): Generator<EventDraft> {
  for (let i = 0; i < participants; i++) yield { type: 'joined', participantId: `p${i}`, name: `Guest ${i}`, tokenHash: `t${i}` };
  yield { type: 'roundStarted' };
  yield { type: 'decidingStarted' };
  const card = currentCard(session.state)!;
  for (let n = 0; ; n++) {
    const participantId = `p${n % participants}`;
    const team = session.state.participants[participantId].team;
    const mine = card.options.filter((o) => o.team === team);
    yield { type: 'choiceMade', participantId, optionId: mine[Math.floor(n / participants) % mine.length].id };
  }
}

/** `databaseUrl`: the same load on PostgreSQL (PgStore) instead of SQLite in a temp dir. */
export async function runDurable(opts: DurableOptions, databaseUrl?: string): Promise<DurableResult> {
  const dataDir = tempDir('durable');
  const store = databaseUrl ? await PgStore.open(databaseUrl) : new SqliteStore(dataDir);
  const registry = new SessionRegistry({ store, log: pino({ level: 'silent' }) });
  const unregister = onCleanup(() => void registry.close());
  try {
    const config = SessionConfigSchema.parse({ maxParticipants: opts.participantsPerSession, decideSeconds: 3600 });
    const sessions = await Promise.all(Array.from({ length: opts.sessions }, async () => (await registry.create(config, defaultDeck)).session));
    const streams = sessions.map((s) => ({ session: s, events: sessionEvents(s, opts.participantsPerSession) }));

    let acked = 0;
    let refused = 0;
    const latencies: number[] = [];
    const t0 = performance.now();
    const end = t0 + opts.durationMs;
    // Each turn of the event loop submits `perTick` events round-robin over the sessions; the committer
    // writes each turn's events in one transaction and only then acks them.
    await new Promise<void>((resolve) => {
      let next = 0;
      const pump = () => {
        if (performance.now() >= end) return resolve();
        for (let i = 0; i < opts.perTick; i++) {
          const { session, events } = streams[next++ % streams.length];
          const submittedAt = performance.now();
          session.submit(events.next().value as EventDraft, (r: SubmitResult) => {
            if (!r.ok) {
              refused++;
              return;
            }
            acked++;
            latencies.push(performance.now() - submittedAt);
          });
        }
        setImmediate(pump);
      };
      pump();
    });
    await registry.committer.flush();
    const seconds = (performance.now() - t0) / 1000;
    return {
      sessions: opts.sessions,
      acked,
      refused,
      seconds: round(seconds, 2),
      eventsPerSecond: Math.round(acked / seconds),
      ackP50: round(percentile(latencies, 50)),
      ackP99: round(percentile(latencies, 99)),
    };
  } finally {
    unregister();
    await registry.close();
    removeDir(dataDir);
  }
}

export function durableTable(r: DurableResult): string {
  return formatTable('(d) Durable events: acked after the SQLite group commit (in-process, no sockets)', ['figure', 'value'], [
    ['sessions', r.sessions],
    ['events acked / refused', `${r.acked} / ${r.refused}`],
    ['over (s)', r.seconds],
    ['durable events per second', r.eventsPerSecond],
    ['submit → ack p50 / p99 (ms)', `${r.ackP50} / ${r.ackP99}`],
  ]);
}
