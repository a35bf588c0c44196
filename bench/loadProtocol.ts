// The messages between the bench (parent) and its load workers (bench/loadWorker.ts) over IPC.

/** 'real': Power Up's protocol (participant:join, participant:choose, views); 'bare': bench/bareServer.ts. */
export type Target = 'real' | 'bare';

export type WorkerRequest =
  /** `urls` (several nodes): the seats are dealt over them in turn, as a round-robin balancer would; else all on `url`. */
  | { cmd: 'join'; target: Target; url: string; urls?: string[]; rooms: { code: string; count: number }[]; namePrefix: string; concurrency: number; timeoutMs: number }
  /** Resolves once every client can vote (real: it has heard the 'deciding' view with the card). */
  | { cmd: 'ready'; timeoutMs: number }
  /**
   * Every client votes once at startAt + a random offset within windowMs (epoch ms, see stats.nowMs), then
   * the worker waits for every ack and for every client to hear a tally of expectedTotal votes.
   */
  | { cmd: 'burst'; startAt: number; windowMs: number; expectedTotal: number; seed: number; timeoutMs: number }
  /** Disconnects every client; the worker stays up for the next scenario. */
  | { cmd: 'reset' }
  /** How many of this worker's clients are still connected. */
  | { cmd: 'connected' }
  | { cmd: 'close' };

export type JoinResult = { joined: number; failed: number; firstError?: string; ms: number };
export type ReadyResult = { ready: number; notReady: number };
export type ConnectedResult = { connected: number; total: number };
export type BurstResult = {
  sent: number;
  /** Acks that came back ok, with their send→ack latency in ms. */
  latencies: number[];
  ackedIds: string[];
  /** Acks that came back with ok: false (and the first such code). */
  refused: number;
  firstRefusal?: string;
  /** Votes whose ack never came within the timeout. */
  unacked: number;
  lastSentAt: number;
  /** Latest time (epoch ms) at which one of this worker's clients first heard the full tally. */
  lastTallyAt: number;
  /** Clients that never heard the full tally within the timeout. */
  tallyMissing: number;
};

export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
export type WorkerMessage = { id: number; request: WorkerRequest };
