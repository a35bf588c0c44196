import type { PresenceState } from '../../shared/protocol/presence';
export type { PresenceState };

/** A participant who has been disconnected this long is shown as gone rather than away. */
export const GONE_AFTER_MS = 120_000;

/** Who is connected right now: transport state, not game state, so it is not in the event log. */
export class Presence {
  private sockets = new Map<string, number>();
  private leftAt = new Map<string, number>();

  /**
   * @param assumedLeftAt when someone this process never saw connect left (by default: long ago, so `gone`).
   * A session recovered after a restart has participants whose sockets dropped when the previous process
   * went down, not 2 minutes ago: the registry says when (`assumeLeftAt`).
   */
  constructor(private assumedLeftAt = Number.NEGATIVE_INFINITY) {}

  /** After a restart: the previous process was last alive at `at`, which is when everyone's sockets dropped. */
  assumeLeftAt(at: number): void {
    this.assumedLeftAt = at;
  }

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
    const left = this.leftAt.get(participantId) ?? this.assumedLeftAt;
    if (now - left < GONE_AFTER_MS) return 'away';
    return 'gone';
  }

  connectedCount(): number {
    return this.sockets.size;
  }
}
