type Info = { publicUrl: string | null; lanUrls: string[] };

let info: Promise<Info | null> | undefined;
const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/**
 * The address participants should open: the server's PUBLIC_URL when set; otherwise, if this page was
 * opened on localhost (the facilitator's own laptop), the server's LAN address so phones can reach it;
 * otherwise this page's own origin.
 */
export async function joinBase(): Promise<string> {
  info ??= fetch('/api/info').then((r) => (r.ok ? (r.json() as Promise<Info>) : null)).catch(() => null);
  const i = await info;
  const base = i?.publicUrl ?? (LOCAL_HOST.test(location.hostname) ? i?.lanUrls[0] : undefined) ?? location.origin;
  return base.replace(/\/+$/, '');
}

export function joinUrlOn(base: string, code: string): string {
  return `${base}/join?code=${encodeURIComponent(code)}`;
}
