import type { GameEvent } from '../../shared/schemas/events';
import type { ExportedLog } from '../../shared/replay/logFormat';

// The replay page's HTTP calls. The secret (host key or replay token) only ever travels in the
// Authorization header, never in a URL, so it never reaches a server or proxy log.

export type Role = 'host' | 'replay';
/** `note`: for a read-only link, what the server holds back for now (a round in progress), in words. */
/** `shareNamed` (read-only links only): whether the facilitator shared names and the per-person exports with the link. */
export type LogResponse = ExportedLog & { ok: true; role: Role; note?: string; shareNamed?: boolean };
export type ApiError = { ok: false; code: string; message: string };

const auth = (secret: string) => ({ authorization: `Bearer ${secret}` });

async function errorOf(res: Response): Promise<ApiError> {
  try {
    const body = await res.json();
    if (body && typeof body.message === 'string') return { ok: false, code: String(body.code ?? res.status), message: body.message };
  } catch {
    // not JSON: fall through
  }
  return { ok: false, code: String(res.status), message: `The server answered ${res.status} ${res.statusText}.` };
}

/** The whole log, or only the events after `after` (to follow a running session). */
export async function fetchLog(code: string, secret: string, after = 0): Promise<LogResponse | ApiError> {
  try {
    const q = after > 0 ? `?after=${after}` : '';
    const res = await fetch(`/api/sessions/${encodeURIComponent(code)}/log${q}`, { headers: auth(secret), cache: 'no-store' });
    if (!res.ok) return errorOf(res);
    return (await res.json()) as LogResponse;
  } catch {
    return { ok: false, code: 'NETWORK', message: 'Could not reach the server: check the connection and reload.' };
  }
}

export async function fetchDecisionsCsv(code: string, secret: string): Promise<Blob | ApiError> {
  try {
    const res = await fetch(`/api/sessions/${encodeURIComponent(code)}/decisions.csv`, { headers: auth(secret), cache: 'no-store' });
    if (!res.ok) return errorOf(res);
    return await res.blob();
  } catch {
    return { ok: false, code: 'NETWORK', message: 'Could not reach the server.' };
  }
}

/**
 * Imports an exported log as a new (read-only) session; answers with its code and a host key for it.
 * With `hostKey` (the facilitator's) the import gets that key, so it counts among their past cohorts.
 */
export async function importLog(text: string, hostKey?: string): Promise<{ ok: true; code: string; hostKey: string } | ApiError> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, code: 'BAD_LOG', message: 'That file is not JSON: choose a Power Up log (.json) exported from a replay.' };
  }
  try {
    const res = await fetch('/api/sessions/import', { method: 'POST', headers: { 'content-type': 'application/json', ...(hostKey ? auth(hostKey) : {}) }, body: JSON.stringify(body) });
    if (!res.ok) return errorOf(res);
    const r = await res.json();
    return { ok: true, code: r.code, hostKey: r.hostKey };
  } catch {
    return { ok: false, code: 'NETWORK', message: 'Could not reach the server.' };
  }
}

/** The exported form of a log (what another server imports), without the response's own fields. */
export function exportedLog(r: LogResponse): ExportedLog {
  return { format: r.format, version: r.version, code: r.code, stateHash: r.stateHash, events: r.events };
}

export const eventsOf = (r: LogResponse): GameEvent[] => r.events.map((e) => e.event);
