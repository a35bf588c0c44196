// (f) The client: how much JavaScript the join screen and the stage download (gzip), and how smoothly
// the stage draws with a full room, in headless Chromium against the real server and production build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../tests/support/browser';
import { createHostedSession, command, type Host } from '../../tests/support/flows';
import { startRealServer } from '../processes';
import type { LoadWorkers } from '../loadWorkers';
import { onCleanup } from '../resources';
import { percentile, round, sleep } from '../stats';
import { formatTable } from '../table';

export type ClientOptions = { avatars: number; sampleMs: number; rebuildIfStale: boolean };

export type PhaseFrames = { phase: string; frames: number; p50: number; p95: number; source: string };

export type ClientResult = {
  build: string;
  joinJs: { files: number; gzipKb: number; rawKb: number };
  stageJs: { files: number; gzipKb: number; rawKb: number };
  avatars: number;
  frames: PhaseFrames[];
  /** The worst phase's p95. */
  frameP95: number;
};

const DIST_INDEX = path.resolve('dist/client/index.html');
const SOURCES = ['client', 'shared', 'assets', 'vite.config.ts', 'package.json'];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(p).map((f) => newestMtime(path.join(p, f))));
}

/** Builds the client when dist/ is missing, or older than its sources (when `rebuildIfStale`). */
function ensureBuild(rebuildIfStale: boolean): string {
  const built = existsSync(DIST_INDEX) ? statSync(DIST_INDEX).mtimeMs : 0;
  const stale = built < Math.max(...SOURCES.map((s) => newestMtime(path.resolve(s))));
  if (built && (!stale || !rebuildIfStale)) return stale ? 'existing dist/ (older than the sources: quick mode does not rebuild)' : 'existing dist/ (up to date)';
  const r = spawnSync('npx', ['vite', 'build'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build failed: ${r.stderr || r.stdout || r.error}`);
  return 'fresh `npx vite build`';
}

/** Opens `url` and sums the JavaScript the page downloads until the network is quiet. */
async function scriptsOf(page: Page, url: string): Promise<{ files: number; gzipKb: number; rawKb: number }> {
  const bodies: Promise<Buffer>[] = [];
  const seen = new Set<string>();
  page.on('response', (res) => {
    if (res.request().resourceType() !== 'script' || seen.has(res.url())) return;
    seen.add(res.url());
    bodies.push(res.body());
  });
  await page.goto(url, { waitUntil: 'networkidle', timeout: 60_000 });
  const all = await Promise.all(bodies);
  const gzip = all.reduce((n, b) => n + gzipSync(b).length, 0);
  const raw = all.reduce((n, b) => n + b.length, 0);
  return { files: all.length, gzipKb: round(gzip / 1024, 1), rawKb: round(raw / 1024, 1) };
}

/**
 * Page-side code that resolves with the requestAnimationFrame intervals of the next `ms`. A string, not
 * a function: tsx would wrap a function's inner helpers in its own `__name`, which the page lacks.
 */
function rafSampler(ms: number): string {
  return `new Promise((resolve) => {
    const out = [];
    let last = -1;
    const end = performance.now() + ${ms};
    const step = (t) => {
      if (last >= 0) out.push(t - last);
      last = t;
      if (t < end) requestAnimationFrame(step);
      else resolve(out);
    };
    requestAnimationFrame(step);
  })`;
}

/**
 * Frame times over the next `ms`: the stage's own figures when it exposes window.__stage.frameTimes()
 * (a rolling buffer of raw frame intervals: its newest `ms` worth is this phase's), else the intervals
 * between requestAnimationFrame callbacks measured in the page.
 */
async function sampleFrames(page: Page, phase: string, ms: number): Promise<PhaseFrames> {
  const own = await page.evaluate(() => typeof (window as any).__stage?.frameTimes === 'function');
  let frames: number[];
  if (own) {
    await sleep(ms);
    const buffer = (await page.evaluate(() => (window as any).__stage.frameTimes())) as number[];
    frames = [];
    for (let i = buffer.length - 1, sum = 0; i >= 0 && sum < ms; i--) {
      frames.push(buffer[i]);
      sum += buffer[i];
    }
  } else {
    frames = (await page.evaluate(rafSampler(ms))) as number[];
  }
  return {
    phase,
    frames: frames.length,
    p50: round(percentile(frames, 50)),
    p95: round(percentile(frames, 95)),
    source: own ? '__stage.frameTimes()' : 'requestAnimationFrame intervals',
  };
}

export async function runClient(opts: ClientOptions, workers: LoadWorkers): Promise<ClientResult> {
  const build = ensureBuild(opts.rebuildIfStale);
  const server = await startRealServer();
  let browser: Browser | undefined;
  let host: Host | undefined;
  const unregister = onCleanup(() => browser?.close());
  try {
    host = await createHostedSession(server.url, { maxParticipants: Math.max(opts.avatars, 1), decideSeconds: 600 });
    browser = await launchBrowser();

    // The join screen, as a phone opens the link from the QR code (nothing joined yet).
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const joinJs = await scriptsOf(phone, `${server.url}/join?code=${host.code}`);
    await phone.close();

    // The room fills up, then the projector opens the stage.
    const [joined] = await workers.each(
      [{ cmd: 'join', target: 'real', url: server.url, rooms: [{ code: host.code, count: opts.avatars }], namePrefix: 'Avatar ', concurrency: 20, timeoutMs: 30_000 }],
      120_000,
    );
    if (joined.failed) throw new Error(`${joined.failed} avatars could not join: ${joined.firstError}`);
    const stage = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const stageJs = await scriptsOf(stage, `${server.url}/stage?code=${host.code}`);
    await stage.waitForSelector('canvas', { timeout: 30_000 });
    await sleep(1000); // let the scene build its sprites before sampling

    const frames = [await sampleFrames(stage, 'lobby', opts.sampleMs)];
    await command(host, { type: 'startRound' });
    await command(host, { type: 'startTimer' });
    await sleep(1000);
    frames.push(await sampleFrames(stage, 'deciding', opts.sampleMs));
    return { build, joinJs, stageJs, avatars: opts.avatars, frames, frameP95: Math.max(...frames.map((f) => f.p95)) };
  } finally {
    host?.client.close();
    await browser?.close();
    unregister();
    await workers.reset().catch(() => {});
    await server.stop();
  }
}

export function clientTable(r: ClientResult): string {
  return formatTable(`(f) Client: production build (${r.build}), headless Chromium`, ['figure', 'value'], [
    ['join screen (/join): JS files / raw KB / gzip KB', `${r.joinJs.files} / ${r.joinJs.rawKb} / ${r.joinJs.gzipKb}`],
    ['stage (/stage): JS files / raw KB / gzip KB', `${r.stageJs.files} / ${r.stageJs.rawKb} / ${r.stageJs.gzipKb}`],
    ...r.frames.map((f) => [`stage frame time, ${r.avatars} avatars, ${f.phase}: p50 / p95 (ms, ${f.frames} frames, ${f.source})`, `${f.p50} / ${f.p95}`]),
  ]);
}
