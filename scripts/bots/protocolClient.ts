import { io, type Socket } from 'socket.io-client';
import { applyTeamPatch, RETRYABLE_CODES, type ClientToServerEvents, type ServerToClientEvents, type HostView } from '../../shared/protocol/events';
import type { TeamView, PersonalView, StageView } from '../../shared/schemas/views';

type Events = ClientToServerEvents;
type AckOf<E extends keyof Events> = Parameters<Parameters<Events[E]>[1]>[0];

/** How this client got into its session, so that it can get back in after a reconnect. */
type Attachment = { event: 'host:attach' | 'viewer:attach'; payload: object } | { event: 'participant:rejoin'; code: string; token: string };


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
  /** True while this connection is in its session (attached, joined or rejoined); false from a disconnect. */
  attached = false;
  /** How many times this client got back into its session by itself after a reconnect. */
  reattached = 0;
  /** Why the last re-attach was refused for good (UNKNOWN_TOKEN, …), if it was. */
  reattachError: string | undefined;
  private attachment: Attachment | undefined;
  private waiters: (() => void)[] = [];

  /**
   * `reattach`: like the real phone and console, get back into the session by itself on every reconnect
   * (rejoin with the saved token, or attach again with the host key), retrying while the server answers
   * "not now"; the fresh view comes with the answer.
   */
  constructor(readonly url: string, opts: { forceNew?: boolean; reattach?: boolean } = {}) {
    this.socket = io(url, { transports: ['websocket'], forceNew: opts.forceNew ?? true, reconnection: true, reconnectionDelay: 200, ...(opts.reattach ? { reconnectionDelayMax: 1000 } : {}) });
    this.socket.on('disconnect', () => {
      this.attached = false;
      this.notify();
    });
    if (opts.reattach) this.socket.on('connect', () => void this.reattach());
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

  /** The seq of the view this client holds. */
  get heardSeq(): number {
    return this.viewSeq;
  }

  /** After a reconnect: back into the session, retrying refusals that mean "not now" while connected. */
  private async reattach(): Promise<void> {
    const a = this.attachment;
    if (!a || this.attached || this.kicked) return;
    for (let delay = 200; this.socket.connected && !this.attached; delay = Math.min(1000, delay * 2)) {
      let r: { ok: boolean; code?: string } | undefined;
      try {
        r = a.event === 'participant:rejoin' ? await this.request(a.event, { code: a.code, token: a.token, lastSeq: this.viewSeq }, 2000) : await this.request(a.event, a.payload, 2000);
      } catch {
        r = undefined; // no answer in time: ask again
      }
      if (r?.ok) {
        this.reattached++;
        this.reattachError = undefined;
        return this.notify();
      }
      if (r && r.code === 'ALREADY_ATTACHED') return;
      if (r && !RETRYABLE_CODES.has(r.code!)) {
        this.reattachError = r.code;
        return this.notify();
      }
      await new Promise((res) => setTimeout(res, delay));
    }
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
          if (r?.ok) this.remember(event, payload, r);
          resolve(res);
        }
      });
    });
  }

  /** A successful attach, join or rejoin: how to get back in, and this connection is in. */
  private remember(event: keyof Events, payload: unknown, r: { token?: string }): void {
    const p = payload as { code?: string; token?: string };
    if (event === 'participant:join' && p?.code && r.token) this.attachment = { event: 'participant:rejoin', code: p.code, token: r.token };
    else if (event === 'participant:rejoin' && p?.code && p.token) this.attachment = { event, code: p.code, token: p.token };
    else if (event === 'host:attach' || event === 'viewer:attach') this.attachment = { event, payload: payload as object };
    else return;
    this.attached = this.socket.connected;
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
