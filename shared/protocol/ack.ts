import { z } from 'zod';

/** Every command is acknowledged with one of these; `code` is a stable machine-readable string. */
export const AckErrorSchema = z.object({
  ok: z.literal(false),
  code: z.string(),
  message: z.string(),
});
export type AckError = z.infer<typeof AckErrorSchema>;

export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;

export function ackError(code: string, message: string): AckError {
  return { ok: false, code, message };
}
