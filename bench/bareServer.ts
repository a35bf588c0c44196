// The baseline of the vote burst: socket.io with nothing of Power Up in it. A client joins a room and
// votes; each vote is counted and acknowledged at once, and the room's counter is broadcast at most
// once per BROADCAST_INTERVAL_MS, the same coalescing the real broadcaster does. Whatever the real
// server costs beyond this is ours.
// Run by the bench as a child process: `PORT=… node --import tsx bench/bareServer.ts`.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { BROADCAST_INTERVAL_MS } from '../server/transport/broadcaster';

/** What a bare client sends and hears; bench/loadWorker.ts speaks it. */
export type BareClientEvents = {
  join: (payload: { room: string }, ack: (r: { ok: true }) => void) => void;
  vote: (payload: { optionId: string }, ack: (r: { ok: true; count: number }) => void) => void;
};
export type BareServerEvents = { tally: (payload: { count: number }) => void };

type Room = { count: number; timer?: NodeJS.Timeout; lastFlush: number };

export function startBare(port: number, host: string): Promise<() => Promise<void>> {
  const http = createServer();
  const io = new Server<BareClientEvents, BareServerEvents>(http, { serveClient: false });
  const roomsByName = new Map<string, Room>();

  const flush = (name: string, room: Room) => {
    room.timer = undefined;
    room.lastFlush = Date.now();
    io.to(name).emit('tally', { count: room.count });
  };

  io.on('connection', (socket) => {
    let joined: string | undefined;
    socket.on('join', ({ room }, ack) => {
      joined = String(room);
      if (!roomsByName.has(joined)) roomsByName.set(joined, { count: 0, lastFlush: 0 });
      void socket.join(joined);
      ack({ ok: true });
    });
    socket.on('vote', (_payload, ack) => {
      if (!joined) return;
      const name = joined;
      const room = roomsByName.get(name)!;
      room.count++;
      ack({ ok: true, count: room.count });
      if (!room.timer) room.timer = setTimeout(() => flush(name, room), Math.max(0, room.lastFlush + BROADCAST_INTERVAL_MS - Date.now()));
    });
  });

  return new Promise((resolve) => {
    http.listen(port, host, () =>
      resolve(async () => {
        for (const room of roomsByName.values()) clearTimeout(room.timer);
        await new Promise<void>((done) => io.close(() => done()));
      }),
    );
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 0);
  const close = await startBare(port, process.env.HOST ?? '127.0.0.1');
  process.stdout.write(`bare server listening on ${port}\n`);
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
