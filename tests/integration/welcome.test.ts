import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';
import { createHostedSession } from '../support/flows';

// The join page's welcome (issue 15 item 18): the workshop title for a room code, nothing else; a wrong
// code counts as a failed guess like a wrong code at join.
describe('GET /api/sessions/:code/welcome', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ limits: { failedLookupsBurst: 4, failedLookupsPerSecond: 0.001 } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('gives the title for a real code, 404 for an unknown one, 400 for a malformed one', async () => {
    const host = await createHostedSession(server.url, { title: 'Acme \u00d7 Globex kick-off' });
    try {
      const ok = await fetch(`${server.url}/api/sessions/${host.code}/welcome`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('cache-control')).toBe('no-store');
      expect(await ok.json()).toEqual({ ok: true, title: 'Acme \u00d7 Globex kick-off' });
      // Lower case is the same code.
      expect((await fetch(`${server.url}/api/sessions/${host.code.toLowerCase()}/welcome`)).status).toBe(200);
      expect((await fetch(`${server.url}/api/sessions/toolongcode/welcome`)).status).toBe(400);
      // Wrong codes use up this address's failures (the same budget as wrong codes at join): then every
      // code is refused, the right one too.
      expect((await fetch(`${server.url}/api/sessions/ZZZZ9/welcome`)).status).toBe(404);
      const statuses: number[] = [];
      for (let i = 0; i < 5 && !statuses.includes(429); i++) statuses.push((await fetch(`${server.url}/api/sessions/ZZZZ${'234679'[i]}/welcome`)).status);
      // Each wrong code counts once: 4 failures (ZZZZ9, ZZZZ2, ZZZZ3, ZZZZ4), then refused.
      expect(statuses).toEqual([404, 404, 404, 429]);
      const blocked = await fetch(`${server.url}/api/sessions/${host.code}/welcome`);
      expect(blocked.status).toBe(429);
      expect(JSON.stringify(await blocked.json())).not.toContain('Acme');
    } finally {
      host.client.close();
    }
  });
});
