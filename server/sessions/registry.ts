import type { FastifyBaseLogger } from 'fastify';
import { newRoomCode, newSecret, hashSecret, secretMatches } from './keys';
import type { LobbyView } from '../../shared/protocol/events';

type Session = {
  code: string;
  title: string;
  hostKeyHash: string;
  participants: { id: string; name: string; tokenHash: string }[];
};

export class SessionRegistry {
  private sessions = new Map<string, Session>();
  constructor(private opts: { dataDir: string; log: FastifyBaseLogger }) {}

  create(title: string): { code: string; hostKey: string } {
    let code = newRoomCode();
    while (this.sessions.has(code)) code = newRoomCode();
    const hostKey = newSecret();
    this.sessions.set(code, { code, title, hostKeyHash: hashSecret(hostKey), participants: [] });
    return { code, hostKey };
  }

  get(code: string): Session | undefined {
    return this.sessions.get(code);
  }

  isHost(code: string, hostKey: string): boolean {
    const s = this.sessions.get(code);
    return !!s && secretMatches(hostKey, s.hostKeyHash);
  }

  join(code: string, name: string): { participantId: string; token: string } | undefined {
    const s = this.sessions.get(code);
    if (!s) return undefined;
    const token = newSecret();
    const participantId = `p${s.participants.length + 1}`;
    s.participants.push({ id: participantId, name, tokenHash: hashSecret(token) });
    return { participantId, token };
  }

  lobbyView(code: string): LobbyView | undefined {
    const s = this.sessions.get(code);
    if (!s) return undefined;
    return { code, title: s.title, participants: s.participants.map(({ id, name }) => ({ id, name })) };
  }

  close(): void {
    this.sessions.clear();
  }
}
