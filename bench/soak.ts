// `npm run soak -- --minutes 10 --participants 500`
// Runs the real server as a child process, bot participants in two other processes, and a facilitator
// here that plays continuous rounds with short timers (new sessions when one ends). Samples the server's
// RSS and event-loop delay from GET /healthz?stats=1 every 5 s and fails (exit code 1) when RSS grows by
// 10 % or more after warm-up, or the event loop stalls for 200 ms or more.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { PlayBot } from '../scripts/bots/playBot';
import { freePort, spawnServer } from '../tests/support/childServer';
import { ProtocolClient } from '../scripts/bots/protocolClient';
import type { HostView } from '../shared/protocol/events';
import type { ServerStats } from '../server/loopMonitor';

const TARGETS = { rssGrowthPercent: 10, maxStallMs: 200 };
const SAMPLE_MS = 5_000;
const BOT_PROCESSES = 2;

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    participants: { type: 'string', default: '500' },
    role: { type: 'string', default: 'main' },
  },
});

if (values.role === 'bots') runBots();
else await main();

/** A bot process: joins `count` bots to a room when told, closes them when told. */
function runBots(): void {
  let bots: PlayBot[] = [];
  process.on('message', async (m: { join?: { url: string; code: string; from: number; count: number }; leave?: true }) => {
    if (m.join) {
      const { url, code, from, count } = m.join;
      for (let i = 0; i < count; i += 25) {
        const batch = Array.from({ length: Math.min(25, count - i) }, (_, k) => new PlayBot({ url, code, name: `Bot ${from + i + k}`, seed: from + i + k + 1, thinkMs: [300, 6_000] }));
        await Promise.all(batch.map((b) => b.join().catch((err) => console.error(String(err)))));
        bots.push(...batch);
      }
      process.send!({ joined: bots.length });
    }
    if (m.leave) {
      for (const b of bots) b.close();
      bots = [];
      process.send!({ left: true });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

function tell(bot: ChildProcess, message: object, answer: string): Promise<void> {
  return new Promise((resolve) => {
    const on = (m: Record<string, unknown>) => {
      if (answer in m) {
        bot.off('message', on);
        resolve();
      }
    };
    bot.on('message', on);
    bot.send(message);
  });
}

type Sample = { t: number; rssMb: number; heapMb: number; stallMs: number; p99Ms: number; sockets: number; rounds: number };

async function main(): Promise<void> {
  const minutes = Number(values.minutes);
  const participants = Number(values.participants);
  const durationMs = minutes * 60_000;
  // Warm-up: the first fifth of the run, at least 30 s (JIT, caches, the first session's sockets).
  const warmupMs = Math.max(30_000, durationMs / 5);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'powerup-soak-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  console.log(`soak: ${participants} participants for ${minutes} min (warm-up ${Math.round(warmupMs / 1000)} s); server on ${url}`);

  // Every bot connects from loopback: no per-address connection limit here.
  const { child: server } = await spawnServer({ port, dataDir, env: { MAX_CONNECTIONS_PER_ADDRESS: '0' } });
  const self = fileURLToPath(import.meta.url);
  const bots = Array.from({ length: BOT_PROCESSES }, () => fork(self, ['--role', 'bots'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' }));
  const started = Date.now();
  const samples: Sample[] = [];
  let rounds = 0;
  let sessions = 0;
  let stopping = false;

  const sampler = setInterval(async () => {
    try {
      const body = (await (await fetch(`${url}/healthz?stats=1`)).json()) as { stats: ServerStats };
      const s = body.stats;
      samples.push({ t: Date.now() - started, rssMb: s.rssBytes / 2 ** 20, heapMb: s.heapUsedBytes / 2 ** 20, stallMs: s.eventLoop.windowMaxMs, p99Ms: s.eventLoop.windowP99Ms, sockets: s.sockets, rounds });
    } catch (err) {
      console.error(`sample failed: ${(err as Error).message}`);
    }
  }, SAMPLE_MS);

  const cleanup = () => {
    clearInterval(sampler);
    for (const b of bots) b.kill();
    server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });

  try {
    while (!stopping) {
      const host = new ProtocolClient(url);
      const created = await host.request('session:create', { config: { rounds: 12, decideSeconds: 10, storySeconds: 10, storyVoteSeconds: 10, maxParticipants: participants + 10, title: `Soak ${sessions + 1}` } });
      if (!created.ok) throw new Error(`create failed: ${created.code}`);
      const attached = await host.request('host:attach', { code: created.code, hostKey: created.hostKey });
      if (!attached.ok) throw new Error(`attach failed: ${attached.code}`);
      sessions++;
      const per = Math.ceil(participants / bots.length);
      await Promise.all(bots.map((b, i) => tell(b, { join: { url, code: created.code, from: i * per, count: Math.min(per, participants - i * per) } }, 'joined')));
      const view = () => host.view as HostView;
      for (let r = 0; r < 12 && !stopping; r++) {
        const cmd = async (command: object) => {
          const res = await host.request('host:command', { command });
          if (!res.ok) throw new Error(`${JSON.stringify(command)} refused: ${res.code}`);
        };
        await cmd({ type: 'startRound' });
        await cmd({ type: 'startTimer' });
        // The server's timers carry the round through deciding, stories and the story vote to the reveal.
        await host.until(() => view()?.roundIndex === r && view().phase === 'reveal', 120_000);
        rounds++;
        process.stdout.write(`\r${Math.round((Date.now() - started) / 1000)} s: session ${sessions}, ${rounds} rounds played, ${Object.keys(view().state.participants).length} participants   `);
        stopping = Date.now() - started >= durationMs;
        if (r < 11 && !stopping) await cmd({ type: 'closeRound' });
      }
      await host.request('host:command', { command: { type: 'end' } });
      host.close();
      await Promise.all(bots.map((b) => tell(b, { leave: true }, 'left')));
    }
  } catch (err) {
    console.error(`\nsoak aborted: ${(err as Error).message}`);
    cleanup();
    process.exit(1);
  }
  cleanup();
  process.stdout.write('\n');
  report(samples, warmupMs, rounds, sessions);
}

function report(samples: Sample[], warmupMs: number, rounds: number, sessions: number): void {
  const after = samples.filter((s) => s.t >= warmupMs);
  if (after.length < 4) {
    console.error(`Too few samples after warm-up (${after.length}); run longer.`);
    process.exit(1);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const base = mean(after.slice(0, 3).map((s) => s.rssMb));
  const end = mean(after.slice(-3).map((s) => s.rssMb));
  const growth = ((end - base) / base) * 100;
  const maxStall = Math.max(...after.map((s) => s.stallMs));
  const maxStallAll = Math.max(...samples.map((s) => s.stallMs));

  const every = Math.max(1, Math.round(samples.length / 20));
  console.log('\n  time    RSS MB   heap MB   loop max ms   loop p99 ms   sockets   rounds');
  for (const [i, s] of samples.entries()) {
    if (i % every !== 0 && i !== samples.length - 1) continue;
    console.log(`${`${Math.round(s.t / 1000)} s`.padStart(7)} ${s.rssMb.toFixed(1).padStart(8)} ${s.heapMb.toFixed(1).padStart(9)} ${s.stallMs.toFixed(0).padStart(13)} ${s.p99Ms.toFixed(0).padStart(13)} ${String(s.sockets).padStart(9)} ${String(s.rounds).padStart(8)}`);
  }
  const pass = { rss: growth < TARGETS.rssGrowthPercent, stall: maxStall < TARGETS.maxStallMs };
  console.log(`\n${sessions} session(s), ${rounds} rounds.`);
  console.log(`RSS after warm-up: ${base.toFixed(1)} MB → ${end.toFixed(1)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} %; target < ${TARGETS.rssGrowthPercent} %) ${pass.rss ? 'OK' : 'MISSED'}`);
  console.log(`Max event-loop stall after warm-up: ${maxStall.toFixed(0)} ms (whole run ${maxStallAll.toFixed(0)} ms; target < ${TARGETS.maxStallMs} ms) ${pass.stall ? 'OK' : 'MISSED'}`);
  process.exit(pass.rss && pass.stall ? 0 : 1);
}
