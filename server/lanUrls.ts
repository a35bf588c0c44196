import os from 'node:os';

/** The URLs phones on the same network can use, for the start-up banner. */
export function lanUrls(host: string, port: number): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [`http://${host}:${port}/`];
  const urls = [`http://localhost:${port}/`];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4' && !a.internal) urls.push(`http://${a.address}:${port}/`);
    }
  }
  return urls;
}

/**
 * The names this machine answers to: loopback, its host name (plain and mDNS `.local`), and every address of
 * every interface (IPv4 and IPv6, internal ones included). Lower case, IPv6 without brackets.
 */
export function localNames(): string[] {
  const names = ['localhost', '127.0.0.1', '::1'];
  const host = os.hostname().toLowerCase();
  if (host) names.push(host, host.endsWith('.local') ? host : `${host}.local`);
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) names.push(a.address.toLowerCase().replace(/%.*$/, ''));
  }
  return names;
}
