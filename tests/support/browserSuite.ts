import { beforeAll, afterAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, phoneContext, desktopContext, type Viewport } from './browser';
import { startTestServer, type TestServer } from './testServer';
import { createHostedSession, joinAs, type Host, type Joined } from './flows';

export type BrowserSuite = {
  readonly server: TestServer;
  readonly browser: Browser;
  /** A page in a fresh touch-phone context (390×844 unless `viewport`). */
  phone(viewport?: Viewport): Promise<Page>;
  /**
   * A page in a fresh laptop context (1366×800 unless `viewport`). `preview: false`: this browser remembers the
   * console's stage preview switched off (a second Phaser game that only costs CPU where the test is not about it).
   */
  desktop(opts?: { viewport?: Viewport; preview?: boolean }): Promise<Page>;
  /** A session hosted by a protocol client (the server's default deck unless `deck`). */
  host(config?: object, deck?: object): Promise<Host>;
  /** People who join through the protocol, in this order. */
  join(code: string, names: readonly string[]): Promise<Joined[]>;
  /** A phone that joins through the join screen as `name` and is in the lobby when this returns. */
  joinPhone(code: string, name: string, viewport?: Viewport): Promise<Page>;
  /** The console of `host`'s session, opened with its host key (the preview off unless `preview`). */
  console(host: Host, opts?: { viewport?: Viewport; preview?: boolean }): Promise<Page>;
};

// One Chromium for every file of the worker (the browser project keeps its module cache, `isolate: false`): a
// launch and a close cost 1.5-2 s a file on 2 cores. Each file gets fresh contexts (no cookies, storage or cache
// shared) and closes them; a browser that crashed or was closed is launched again. Playwright kills it when the
// worker exits.
let shared: Promise<Browser> | undefined;
async function sharedBrowser(): Promise<Browser> {
  const current = await shared?.catch(() => undefined);
  if (current?.isConnected()) return current;
  shared = launchBrowser();
  return shared;
}

/**
 * One server for a browser test file (call it inside the file's describe), and the worker's Chromium: what the
 * file opens through it (contexts, protocol clients) is closed after the file, then the server.
 */
export function browserSuite(opts: { narrationPace?: number } = {}): BrowserSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const clients: { close(): void }[] = [];

  beforeAll(async () => {
    server = await startTestServer({ narrationPace: opts.narrationPace });
    browser = await sharedBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    for (const c of clients) c.close();
    // A page opened without a tracked context (browser.newPage) is closed too: nothing of this file draws on.
    for (const c of browser?.contexts() ?? []) await c.close().catch(() => {});
    await server?.stop();
  });

  const started = () => {
    if (!server || !browser) throw new Error('browserSuite: used before its beforeAll ran');
    return { server, browser };
  };
  const track = async (context: Promise<BrowserContext>) => {
    const ctx = await context;
    contexts.push(ctx);
    return ctx.newPage();
  };

  const suite: BrowserSuite = {
    get server() { return started().server; },
    get browser() { return started().browser; },
    phone: (viewport) => track(phoneContext(started().browser, viewport)),
    desktop: (o = {}) => track(desktopContext(started().browser, { viewport: o.viewport, previewOffAt: o.preview === false ? started().server.url : undefined })),
    async host(config = {}, deck) {
      const host = await createHostedSession(started().server.url, config, deck);
      clients.push(host.client);
      return host;
    },
    async join(code, names) {
      const out: Joined[] = [];
      for (const name of names) {
        const p = await joinAs(started().server.url, code, name);
        clients.push(p.client);
        out.push(p);
      }
      return out;
    },
    async joinPhone(code, name, viewport) {
      const page = await suite.phone(viewport);
      await page.goto(`${started().server.url}/j/${code}`);
      await page.locator('#join-name').fill(name);
      await page.locator('#join-submit').tap();
      await page.locator('#lobby-title').waitFor();
      return page;
    },
    async console(host, o = {}) {
      const page = await suite.desktop({ viewport: o.viewport, preview: o.preview ?? false });
      await page.goto(`${started().server.url}/host#code=${host.code}&key=${encodeURIComponent(host.hostKey)}`);
      return page;
    },
  };
  return suite;
}
