import { io, type Socket } from 'socket.io-client';
import { applyTeamPatch, type ClientToServerEvents, type ServerToClientEvents, type HostView } from '../../shared/protocol/events';
import type { TeamView, PersonalView, StageView } from '../../shared/schemas/views';

type Events = ClientToServerEvents;
type AckOf<E extends keyof Events> = Parameters<Parameters<Events[E]>[1]>[0];

/**
 * A Node client of the real protocol, used by the bots, the integration tests and the benchmarks.
 * It keeps the latest view and personal view it has heard, like a real client would.
 */
export class ProtocolClient {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  view: HostView | StageView | TeamView | undefined;
  me: PersonalView | undefined;
  seq = 0;
  /** seq of the view this client holds, so a late patch never overwrites a newer view. */
  private viewSeq = 0;
  kicked: string | undefined;
  private waiters: (() => void)[] = [];

  constructor(readonly url: string, opts: { forceNew?: boolean } = {}) {
    this.socket = io(url, { transports: ['websocket'], forceNew: opts.forceNew ?? true, reconnection: true, reconnectionDelay: 200 });
    this.socket.on('view', ({ seq, view }) => {
      this.seq = Math.max(this.seq, seq);
      this.viewSeq = seq;
      this.view = view;
      this.notify();
    });
    this.socket.on('patch', ({ seq, patch }) => {
      if (!this.view || this.view.kind !== 'team' || seq < this.viewSeq) return;
      this.viewSeq = seq;
      this.seq = Math.max(this.seq, seq);
      this.view = applyTeamPatch(this.view, patch);
      this.notify();
    });
    this.socket.on('me', ({ seq, me }) => {
      this.seq = Math.max(this.seq, seq);
      this.me = me;
      this.notify();
    });
    this.socket.on('kicked', ({ reason }) => {
      this.kicked = reason;
      this.notify();
    });
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Emits and resolves with the server's acknowledgement (rejects only on a timeout). */
  request<E extends keyof Events>(event: E, payload: unknown, timeoutMs = 10_000): Promise<AckOf<E>> {
    return new Promise((resolve, reject) => {
      (this.socket.timeout(timeoutMs) as any).emit(event, payload, (err: Error | null, res: AckOf<E>) => {
        if (err) reject(new Error(`${String(event)}: no acknowledgement within ${timeoutMs} ms`));
        else {
          const r = res as any;
          if (r?.ok && typeof r.seq === 'number') this.seq = Math.max(this.seq, r.seq);
          if (r?.ok && r.view) {
            this.view = r.view;
            this.viewSeq = r.seq;
          }
          if (r?.ok && r.me) this.me = r.me;
          resolve(res);
        }
      });
    });
  }

  /** Resolves when `predicate` holds for what this client has heard. */
  until(predicate: (c: this) => boolean, timeoutMs = 10_000): Promise<void> {
    if (predicate(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('condition not met in time')), timeoutMs);
      const check = () => {
        if (predicate(this)) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve) => this.socket.once('connect', () => resolve()));
  }

  close(): void {
    this.socket.close();
  }
}
