import type { HostView } from '../../shared/protocol/events';
import type { HostCommand } from '../../shared/protocol/commands';
import { connect, request, type GameSocket } from './socket';
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

  private async attach(): Promise<void> {
    const r = await request(this.socket, 'host:attach', { code: this.code, hostKey: this.hostKey });
    if (!r.ok) return this.set({ connection: 'online', error: r.message });
    this.seq = Math.max(this.seq, r.seq);
    this.set({ connection: 'online', view: r.view, error: null });
  }

  command(command: HostCommand): Promise<CommandResult> {
    return request(this.socket, 'host:command', { command });
  }
}
