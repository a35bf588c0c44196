import type { HostCommand } from '../../shared/protocol/commands';
import type { GameSocket } from '../net/socket';

type Result = { ok: true } | { ok: false; code: string; message: string };

/**
 * The facilitator's socket, opened only when a replay opened with the host key runs a command (hiding
 * a story). The command changes the session's log; the page picks the new event up from the log.
 */
export function createHostLink(code: string, hostKey: string): { command(c: HostCommand): Promise<Result>; close(): void } {
  let socket: GameSocket | null = null;
  let attached: Promise<Result> | null = null;
  let request: typeof import('../net/socket').request;

  const attach = async (): Promise<Result> => {
    const net = await import('../net/socket');
    request = net.request;
    socket = net.connect();
    // Re-attach after a reconnect so later commands still count as the facilitator's.
    socket.io.on('reconnect', () => void request(socket!, 'host:attach', { code, hostKey }));
    const r = await request(socket, 'host:attach', { code, hostKey });
    return r.ok ? { ok: true } : r;
  };

  return {
    async command(c) {
      attached ??= attach();
      const a = await attached;
      if (!a.ok) {
        attached = null;
        socket?.close();
        return a;
      }
      const r = await request(socket!, 'host:command', { command: c });
      return r.ok ? { ok: true } : r;
    },
    close: () => socket?.close(),
  };
}
