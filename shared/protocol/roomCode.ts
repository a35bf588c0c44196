import { z } from 'zod';

/** No vowels (no accidental words) and none of the look-alikes 0/O, 1/I/L, 5/S, 8/B. */
export const ROOM_CODE_ALPHABET = 'CDFGHJKMNPQRTVWXYZ234679';
export const ROOM_CODE_LENGTH = 5;

export const RoomCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`), 'a room code is 5 letters or digits');
