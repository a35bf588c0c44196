import { z } from 'zod';
import { RoomCodeSchema } from './roomCode';
import type { Ack } from './ack';

export const DisplayNameSchema = z
  .string()
  .transform((s) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim())
  .pipe(z.string().min(1, 'a name needs at least one character').max(24, 'a name has at most 24 characters'));

export const CreateSessionSchema = z.object({ title: z.string().max(80).optional() }).strict();
export const HostAttachSchema = z.object({ code: RoomCodeSchema, hostKey: z.string().min(16).max(128) }).strict();
export const JoinSchema = z.object({ code: RoomCodeSchema, name: DisplayNameSchema }).strict();

export type LobbyView = {
  code: string;
  title: string;
  participants: { id: string; name: string }[];
};

export interface ClientToServerEvents {
  'session:create': (payload: unknown, ack: (r: Ack<{ code: string; hostKey: string }>) => void) => void;
  'host:attach': (payload: unknown, ack: (r: Ack<{ view: LobbyView }>) => void) => void;
  'participant:join': (payload: unknown, ack: (r: Ack<{ participantId: string; token: string; view: LobbyView }>) => void) => void;
}

export interface ServerToClientEvents {
  view: (msg: { view: LobbyView }) => void;
}
