import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';

describe('http', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.stop(); });

  it('GET /healthz answers ok with the version', async () => {
    const res = await fetch(server.url + '/healthz');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/), storage: 'ok' });
  });

  it('unknown API routes answer 404 with a JSON error', async () => {
    const res = await fetch(server.url + '/api/nope');
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe('NOT_FOUND');
  });
});
