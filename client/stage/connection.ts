import { connect, type GameSocket } from '../net/socket';
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

  socket.on('connect', () => {
    socket.emit('viewer:attach', { code, as: 'stage' }, (r) => {
      if (!r.ok) return onStatus(r.code === 'NO_SUCH_SESSION' ? `No room with the code ${code}` : r.message);
      onStatus(null);
      // An attach ack is always a fresh, complete view (the server may even have restarted).
      lastSeq = r.seq;
      onView(r.seq, r.view);
    });
  });
  socket.on('view', ({ seq, view }) => {
    if (seq < lastSeq || view.kind !== 'stage') return;
    lastSeq = seq;
    onView(seq, view);
  });
  socket.on('disconnect', () => onStatus('Reconnecting…'));

  return { socket, close: () => socket.close() };
}
