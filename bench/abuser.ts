// An abusive client in its own process (so its work never slows the bench's own bystander), forked by
// bench/scenarios/abuse.ts: `flood` sends unknown events as fast as its socket takes them; `big` sends
// ~250 KB frames (a join with a huge name) back to back. Either reconnects whenever the server drops it,
// as an attacker would. Runs for `durationMs`, then sends its counts to the parent and exits.
import { io, type Socket } from 'socket.io-client';

type Counts = { sent: number; acks: Record<string, number>; disconnects: number; connects: number };

const [mode, url, durationArg, socketsArg] = process.argv.slice(2);
const durationMs = Number(durationArg);
const sockets = Number(socketsArg ?? 1);
const BIG = 'x'.repeat(250_000);
const IN_FLIGHT = mode === 'big' ? 4 : 256;
const counts: Counts = { sent: 0, acks: {}, disconnects: 0, connects: 0 };
const until = Date.now() + durationMs;

function run(): void {
  let socket: Socket | undefined;
  let inFlight = 0;
  const open = () => {
    if (Date.now() >= until) return;
    socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    socket.on('connect', () => {
      counts.connects++;
      pump();
    });
    socket.on('disconnect', () => {
      counts.disconnects++;
      inFlight = 0;
      socket?.removeAllListeners();
      setTimeout(open, 5);
    });
    socket.on('connect_error', () => setTimeout(open, 50));
  };
  const pump = () => {
    const s = socket;
    if (!s?.connected || Date.now() >= until) return;
    while (inFlight < IN_FLIGHT) {
      inFlight++;
      counts.sent++;
      const ack = (r: { code?: string; ok?: boolean } | undefined) => {
        if (s !== socket) return;
        inFlight--;
        const code = r?.ok ? 'ok' : (r?.code ?? 'none');
        counts.acks[code] = (counts.acks[code] ?? 0) + 1;
        if (inFlight < IN_FLIGHT / 2) setImmediate(pump);
      };
      if (mode === 'flood') s.emit(`junk:${counts.sent % 1000}`, { n: counts.sent }, ack);
      else s.emit('participant:join', { code: 'AAAAA', name: BIG }, ack);
    }
  };
  open();
}

for (let i = 0; i < sockets; i++) run();
setTimeout(() => {
  process.send?.(counts, () => process.exit(0));
}, durationMs + 200);
