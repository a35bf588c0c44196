import type { HostView } from '../../shared/protocol/events';
import type { HostCommand } from '../../shared/protocol/commands';
import { connect, request, retryDelay, sleep, type GameSocket } from './socket';
import { RETRYABLE_CODES } from '../../shared/protocol/events';
import type { Connection } from './participantSession';

export type HostState = { connection: Connection; view: HostView | null; error: string | null };
export type CommandResult = { ok: true; replayToken?: string } | { ok: false; code: string; message: string };

/** The facilitator's side: attach with the host key on every (re)connect, keep the latest HostView. */
export class HostSession {
  readonly socket: GameSocket;
  state: HostState = { connection: 'connecting', view: null, error: null };
  private seq = -1;
  private listeners = new Set<() => void>();

  constructor(readonly code: string, private hostKey: string) {
    this.socket = connect();
    this.socket.on('connect', () => void this.attach());
    this.socket.on('disconnect', () => this.set({ connection: 'reconnecting' }));
    this.socket.on('view', ({ seq, view }) => {
      if (seq < this.seq || view.kind !== 'facilitator') return;
      this.seq = seq;
      this.set({ view: view as HostView });
    });
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<HostState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }

  private attaching = false;

  /**
   * Attach (again) as the facilitator. "Not now" (no answer in time, or the session is moving to another
   * server after its server died) is asked again while connected, without an error on the console.
   */
  private async attach(): Promise<void> {
    if (this.attaching) return;
    this.attaching = true;
    try {
      for (let attempt = 0; this.socket.connected; attempt++) {
        const r = await request(this.socket, 'host:attach', { code: this.code, hostKey: this.hostKey });
        if (r.ok) {
          this.seq = Math.max(this.seq, r.seq);
          return this.set({ connection: 'online', view: r.view, error: null });
        }
        if (r.code !== 'TIMEOUT' && !RETRYABLE_CODES.has(r.code)) return this.set({ connection: 'online', error: r.message });
        await sleep(retryDelay(attempt));
      }
    } finally {
      this.attaching = false;
    }
  }

  command(command: HostCommand): Promise<CommandResult> {
    return request(this.socket, 'host:command', { command });
  }
}
