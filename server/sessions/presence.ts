import type { PresenceState } from '../../shared/protocol/presence';
export type { PresenceState };

/** A participant who has been disconnected this long is shown as gone rather than away. */
export const GONE_AFTER_MS = 120_000;

/** Who is connected right now: transport state, not game state, so it is not in the event log. */
export class Presence {
  private sockets = new Map<string, number>();
  private leftAt = new Map<string, number>();

  connect(participantId: string): void {
    this.sockets.set(participantId, (this.sockets.get(participantId) ?? 0) + 1);
    this.leftAt.delete(participantId);
  }

  disconnect(participantId: string, now: number): void {
    const n = (this.sockets.get(participantId) ?? 1) - 1;
    if (n > 0) this.sockets.set(participantId, n);
    else {
      this.sockets.delete(participantId);
      this.leftAt.set(participantId, now);
    }
  }

  stateOf(participantId: string, now: number): PresenceState {
    if (this.sockets.has(participantId)) return 'connected';
    const left = this.leftAt.get(participantId);
    if (left !== undefined && now - left < GONE_AFTER_MS) return 'away';
    return 'gone';
  }

  connectedCount(): number {
    return this.sockets.size;
  }
}
