import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** How often the current window is closed; `windowMaxMs` is the worst stall of the last full window. */
const WINDOW_MS = 5_000;

export type ServerStats = {
  rssBytes: number;
  heapUsedBytes: number;
  uptimeSeconds: number;
  eventLoop: { maxMs: number; windowMaxMs: number; windowP99Ms: number };
  sessions: number;
  sockets: number;
};

/**
 * Watches event-loop delay (libuv timer lag, 10 ms resolution): the figure that says whether a vote burst
 * or a big view made everyone wait. Exposed without secrets at GET /healthz?stats=1.
 */
export class LoopMonitor {
  private histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private timer: NodeJS.Timeout;
  private maxMs = 0;
  private last = { maxMs: 0, p99Ms: 0 };

  constructor() {
    this.histogram.enable();
    this.timer = setInterval(() => this.roll(), WINDOW_MS);
    this.timer.unref();
  }

  private roll(): void {
    const h = this.histogram;
    this.last = { maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6 };
    this.maxMs = Math.max(this.maxMs, this.last.maxMs);
    h.reset();
  }

  stats(counts: { sessions: number; sockets: number }): ServerStats {
    const mem = process.memoryUsage();
    const round = (n: number) => Math.round(n * 10) / 10;
    const current = this.histogram.count > 0 ? this.histogram.max / 1e6 : 0;
    return {
      rssBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
      uptimeSeconds: Math.round(process.uptime()),
      eventLoop: { maxMs: round(Math.max(this.maxMs, current)), windowMaxMs: round(this.last.maxMs), windowP99Ms: round(this.last.p99Ms) },
      ...counts,
    };
  }

  stop(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }
}
