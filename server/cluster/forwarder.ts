import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SocketData } from '../../shared/protocol/events';

/**
 * Commands that reach a node which does not own their session are forwarded to the owner over Redis
 * pub/sub (each node listens on `powerup:node:<id>`): the owner runs the command-table entry against its
 * in-memory session and answers with the ack and what to do to the connection (its role, the rooms to
 * join); the edge node applies that to the real socket and acknowledges. Why forwarding and not routing
 * connections to the owner: a room's participants connect wherever the load balancer sends them, and
 * the owner changes on failover; a forward costs one Redis round trip and needs nothing sticky but the
 * socket.io connection itself.
 */
export type ForwardRequest = { t: 'req'; id: string; from: string; event: string; payload: unknown; data: SocketData; ip: string };
export type ForwardEffects = { data?: SocketData; rooms?: string[] };
export type ForwardResponse = { ack: unknown; effects: ForwardEffects };
type Message = ForwardRequest | ({ t: 'res'; id: string } & ForwardResponse) | { t: 'left'; code: string; participantId: string };

/** A forward with no answer in this time is refused as SESSION_MOVED (retryable): the owner may have died. */
export const FORWARD_TIMEOUT_MS = 4000;

const channel = (node: string) => `powerup:node:${node}`;

export class Forwarder {
  private pending = new Map<string, { resolve(r: ForwardResponse): void; reject(e: Error): void; timer: NodeJS.Timeout }>();

  constructor(
    private pub: Redis,
    private sub: Redis,
    readonly nodeId: string,
    /** Set by the socket layer (registerSocketHandlers), which knows how to run a command. */
    public handlers: { request(req: ForwardRequest): Promise<ForwardResponse>; left(code: string, participantId: string): void },
    private log: { error(o: object, m: string): void },
  ) {}

  async start(): Promise<void> {
    this.sub.on('message', (_channel: string, text: string) => {
      let m: Message;
      try {
        m = JSON.parse(text) as Message;
      } catch {
        return;
      }
      if (m.t === 'req') {
        this.handlers
          .request(m)
          .then((res) => this.pub.publish(channel(m.from), JSON.stringify({ t: 'res', id: m.id, ...res })))
          .catch((err) => this.log.error({ err: (err as Error).message }, 'forwarded command failed'));
      } else if (m.t === 'res') {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        clearTimeout(p.timer);
        p.resolve({ ack: m.ack, effects: m.effects });
      } else if (m.t === 'left') {
        try {
          this.handlers.left(m.code, m.participantId);
        } catch (err) {
          this.log.error({ err: (err as Error).message }, 'presence from another node failed');
        }
      }
    });
    await this.sub.subscribe(channel(this.nodeId));
  }

  request(node: string, event: string, payload: unknown, data: SocketData, ip: string): Promise<ForwardResponse> {
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer from node ${node}`));
      }, FORWARD_TIMEOUT_MS);
      timer.unref?.();
      this.pending.set(id, { resolve, reject, timer });
      const msg: ForwardRequest = { t: 'req', id, from: this.nodeId, event, payload, data, ip };
      this.pub.publish(channel(node), JSON.stringify(msg)).catch((err: Error) => {
        this.pending.delete(id);
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  left(node: string, code: string, participantId: string): void {
    this.pub.publish(channel(node), JSON.stringify({ t: 'left', code, participantId })).catch(() => {});
  }

  async close(): Promise<void> {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error('closing'));
    }
    this.pending.clear();
    await this.sub.unsubscribe().catch(() => {});
  }
}
