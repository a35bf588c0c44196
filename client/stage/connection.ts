import { connect, request, retryDelay, sleep, type GameSocket } from '../net/socket';
import { RETRYABLE_CODES } from '../../shared/protocol/events';
import type { StageView } from '../../shared/schemas/views';

export type StageConnection = { socket: GameSocket; close(): void };

/**
 * Attaches to a room as the stage and hands every StageView to `onView`, newest first: the ack's view,
 * then each `view` event. On every (re)connect it attaches again, so a dropped projector catches up.
 */
export function connectStage(
  code: string,
  onView: (seq: number, view: StageView) => void,
  onStatus: (message: string | null) => void,
): StageConnection {
  const socket = connect();
  let lastSeq = -1;

  // "Not now" (no answer, or the session moving to another server after its server died) is asked again.
  let attaching = false;
  const attach = async () => {
    if (attaching) return;
    attaching = true;
    try {
      for (let attempt = 0; socket.connected; attempt++) {
        const r = await request(socket, 'viewer:attach', { code, as: 'stage' });
        if (r.ok) {
          onStatus(null);
          // An attach ack is always a fresh, complete view (the server may even have restarted).
          lastSeq = r.seq;
          return onView(r.seq, r.view);
        }
        if (r.code !== 'TIMEOUT' && !RETRYABLE_CODES.has(r.code)) return onStatus(r.code === 'NO_SUCH_SESSION' ? `No room with the code ${code}` : r.message);
        await sleep(retryDelay(attempt));
      }
    } finally {
      attaching = false;
    }
  };
  socket.on('connect', () => void attach());
  socket.on('view', ({ seq, view }) => {
    if (seq < lastSeq || view.kind !== 'stage') return;
    lastSeq = seq;
    onView(seq, view);
  });
  socket.on('disconnect', () => onStatus('Reconnecting…'));

  return { socket, close: () => socket.close() };
}
