// A load worker: a child process holding many protocol clients, driven by the bench over IPC
// (bench/loadWorkers.ts is the parent side). Clients live here, apart from the server process, so the
// server's CPU and memory are its own. Speaks the real protocol (scripts/bots/protocolClient.ts) or
// the bare baseline's (bench/bareServer.ts).
import { io, type Socket } from 'socket.io-client';
import { ProtocolClient } from '../scripts/bots/protocolClient';
import type { TeamView } from '../shared/schemas/views';
import type { BareClientEvents, BareServerEvents } from './bareServer';
import type { BurstResult, ConnectedResult, JoinResult, ReadyResult, WorkerMessage, WorkerReply, WorkerRequest } from './loadProtocol';
import { nowMs, seededRandom, sleep } from './stats';

/** One participant as the burst sees it, whatever the server. */
interface LoadClient {
  readonly id: string;
  /** Latest tally (votes counted in the room) this client has heard. */
  tally(): number;
  onMessage(listener: () => void): void;
  readyToVote(): boolean;
  connected(): boolean;
  /** Resolves with null when the vote was stored, or the refusal code. Rejects on a missing ack. */
  vote(pick: number, timeoutMs: number): Promise<string | null>;
  close(): void;
}

class RealClient implements LoadClient {
  private constructor(private pc: ProtocolClient, readonly id: string) {}

  static async join(url: string, code: string, name: string, timeoutMs: number): Promise<RealClient> {
    const pc = new ProtocolClient(url);
    try {
      const r = await pc.request('participant:join', { code, name }, timeoutMs);
      if (!r.ok) throw new Error(`join refused: ${r.code} ${r.message}`);
      return new RealClient(pc, r.participantId);
    } catch (err) {
      pc.close();
      throw err;
    }
  }

  private get view(): TeamView | undefined {
    return this.pc.view as TeamView | undefined;
  }
  tally(): number {
    const v = this.view?.voted;
    return v ? v.buyer + v.provider : 0;
  }
  onMessage(listener: () => void): void {
    // ProtocolClient registered its own handlers first, so the view is up to date when these run.
    this.pc.socket.on('view', listener);
    this.pc.socket.on('patch', listener);
  }
  readyToVote(): boolean {
    return this.view?.phase === 'deciding' && !!this.view.card;
  }
  connected(): boolean {
    return this.pc.socket.connected;
  }
  async vote(pick: number, timeoutMs: number): Promise<string | null> {
    const view = this.view!;
    const mine = view.card!.options.filter((o) => o.team === view.team && !o.wait);
    const r = await this.pc.request('participant:choose', { optionId: mine[pick % mine.length].id }, timeoutMs);
    return r.ok ? null : r.code;
  }
  close(): void {
    this.pc.close();
  }
}

class BareClient implements LoadClient {
  private count = 0;
  private constructor(private socket: Socket<BareServerEvents, BareClientEvents>, readonly id: string) {
    socket.on('tally', ({ count }) => (this.count = Math.max(this.count, count)));
  }

  static async join(url: string, room: string, name: string, timeoutMs: number): Promise<BareClient> {
    const socket: Socket<BareServerEvents, BareClientEvents> = io(url, { transports: ['websocket'], forceNew: true });
    try {
      await socket.timeout(timeoutMs).emitWithAck('join', { room });
      return new BareClient(socket, name);
    } catch (err) {
      socket.close();
      throw err;
    }
  }

  tally(): number {
    return this.count;
  }
  onMessage(listener: () => void): void {
    this.socket.on('tally', listener);
  }
  readyToVote(): boolean {
    return true;
  }
  connected(): boolean {
    return this.socket.connected;
  }
  async vote(pick: number, timeoutMs: number): Promise<string | null> {
    const r = await this.socket.timeout(timeoutMs).emitWithAck('vote', { optionId: `o${pick}` });
    return r.ok ? null : 'REFUSED';
  }
  close(): void {
    this.socket.close();
  }
}

const clients: LoadClient[] = [];

/** Runs `task` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const run = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
}

async function join(req: Extract<WorkerRequest, { cmd: 'join' }>): Promise<JoinResult> {
  const t0 = performance.now();
  const urls = req.urls?.length ? req.urls : [req.url];
  const seats = req.rooms.flatMap((r) => Array.from({ length: r.count }, (_, i) => ({ code: r.code, i }))).map((seat, k) => ({ ...seat, url: urls[k % urls.length] }));
  let failed = 0;
  let firstError: string | undefined;
  await pool(seats, req.concurrency, async ({ code, i, url }) => {
    const name = `${req.namePrefix}${i + 1}`;
    try {
      const client = await (req.target === 'real' ? RealClient.join(url, code, name, req.timeoutMs) : BareClient.join(url, code, name, req.timeoutMs));
      clients.push(client);
    } catch (err) {
      failed++;
      firstError ??= (err as Error).message;
    }
  });
  return { joined: seats.length - failed, failed, firstError, ms: performance.now() - t0 };
}

async function ready(req: Extract<WorkerRequest, { cmd: 'ready' }>): Promise<ReadyResult> {
  const deadline = Date.now() + req.timeoutMs;
  while (Date.now() < deadline && clients.some((c) => !c.readyToVote())) await sleep(20);
  const notReady = clients.filter((c) => !c.readyToVote()).length;
  return { ready: clients.length - notReady, notReady };
}

async function burst(req: Extract<WorkerRequest, { cmd: 'burst' }>): Promise<BurstResult> {
  const random = seededRandom(req.seed);
  const result: BurstResult = { sent: 0, latencies: [], ackedIds: [], refused: 0, unacked: 0, lastSentAt: 0, lastTallyAt: 0, tallyMissing: 0 };

  // Each client notes the first moment it hears the full tally.
  const settled = clients.map((c) => {
    const seen = () => c.tally() >= req.expectedTotal;
    if (seen()) return Promise.resolve(nowMs());
    return new Promise<number>((resolve) => c.onMessage(() => seen() && resolve(nowMs())));
  });

  const votes = clients.map(async (c) => {
    const at = req.startAt + random() * req.windowMs;
    const pick = Math.floor(random() * 3);
    await sleep(Math.max(0, at - nowMs()));
    const sentAt = nowMs();
    result.sent++;
    result.lastSentAt = Math.max(result.lastSentAt, sentAt);
    try {
      const refusal = await c.vote(pick, req.timeoutMs);
      if (refusal) {
        result.refused++;
        result.firstRefusal ??= refusal;
      } else {
        result.latencies.push(nowMs() - sentAt);
        result.ackedIds.push(c.id);
      }
    } catch {
      result.unacked++;
    }
  });
  await Promise.all(votes);

  const timeout = sleep(req.timeoutMs).then(() => NaN);
  const times = await Promise.all(settled.map((p) => Promise.race([p, timeout])));
  for (const t of times) {
    if (Number.isNaN(t)) result.tallyMissing++;
    else result.lastTallyAt = Math.max(result.lastTallyAt, t);
  }
  return result;
}

async function handle(req: WorkerRequest): Promise<unknown> {
  switch (req.cmd) {
    case 'join':
      return join(req);
    case 'ready':
      return ready(req);
    case 'burst':
      return burst(req);
    case 'connected':
      return { connected: clients.filter((c) => c.connected()).length, total: clients.length } satisfies ConnectedResult;
    case 'reset':
      for (const c of clients.splice(0)) c.close();
      return null;
    case 'close':
      for (const c of clients.splice(0)) c.close();
      setTimeout(() => process.exit(0), 50);
      return null;
  }
}

process.on('message', (msg: WorkerMessage) => {
  handle(msg.request).then(
    (result) => process.send!({ id: msg.id, ok: true, result } satisfies WorkerReply),
    (err) => process.send!({ id: msg.id, ok: false, error: (err as Error).message } satisfies WorkerReply),
  );
});
// The bench went away: nothing left to do.
process.on('disconnect', () => process.exit(0));
