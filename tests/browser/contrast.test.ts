import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { skipBrowser, screenshotPath } from '../support/browser';
import { measureContrast, type ContrastReading } from '../support/contrast';
import { browserSuite } from '../support/browserSuite';
import { command, hostView, openVote } from '../support/flows';

// Issue 17 item 5: the replay page's landmarks (one top-level main), and the contrast of the text that
// sits on gradients or casts a text shadow, measured from the rendered pixels (not from the CSS):
// home title, console brand, the phone's end title, the replay kicker.

async function axeLandmarks(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => !!(window as any).axe))) await page.evaluate(readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: ['best-practice', 'wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v: any) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}

function report(r: ContrastReading): string {
  return `${r.selector} "${r.text}": ${r.ratio.toFixed(2)}:1 (min ${r.min.toFixed(2)}, median ${r.median.toFixed(2)}, ${r.glyphPixels} px, needs ${r.required}:1${r.large ? ', large' : ''})`;
}

describe.skipIf(skipBrowser)('landmarks and measured contrast', () => {
  const t = browserSuite();

  it('has one top-level main on the replay page, and every measured title reads at 4.5:1 (3:1 when large)', async () => {
    const { browser, server } = t;
    const host = await t.host({ rounds: 1, decideSeconds: 300, cardIds: ['claims-archive'], title: 'Contrast check' });
    const readings: ContrastReading[] = [];
    const laptop = { width: 1280, height: 800 };

    // Home: the hero title, on the paper, with its hard yellow shadow.
    const home = await t.desktop({ viewport: laptop });
    await home.goto(`${server.url}/`);
    await home.locator('.hero h1').waitFor();
    readings.push(await measureContrast(browser, home, '.hero h1'));

    // The console: its brand line above the title (the stage preview, a canvas elsewhere on the page, is off).
    const consolePage = await t.console(host, { viewport: laptop });
    await consolePage.locator('.brand').waitFor({ timeout: 20_000 });
    readings.push(await measureContrast(browser, consolePage, '.brand'));

    // A phone through to the end: the outcome's title, with its shadow.
    const phone = await t.phone();
    await phone.goto(`${server.url}/join?code=${host.code}`);
    await phone.locator('#join-name').fill('Ada');
    await phone.locator('#join-submit').tap();
    await phone.locator('#lobby-title').waitFor();
    await command(host, { type: 'startRound' });
    await openVote(host);
    await command(host, { type: 'reveal' });
    await host.client.until(() => hostView(host).phase === 'reveal');
    await command(host, { type: 'end' });
    await phone.locator('#end-title').waitFor({ timeout: 20_000 });
    await phone.waitForTimeout(300);
    await phone.screenshot({ path: screenshotPath('contrast-phone-end') });
    readings.push(await measureContrast(browser, phone, '#end-title'));

    // The replay page: landmarks through the accessibility tree and axe (every impact), and the kicker.
    const replay = await t.desktop({ viewport: laptop });
    await replay.goto(`${server.url}/replay?code=${host.code}#key=${encodeURIComponent(host.hostKey)}`);
    await replay.locator('#replay-title').waitFor({ timeout: 20_000 });
    await replay.waitForTimeout(500);
    expect(await replay.getByRole('main').count(), 'one main landmark').toBe(1);
    const tree = await replay.locator('body').ariaSnapshot();
    expect(tree.match(/^\s*- main\b/gm) ?? []).toHaveLength(1);
    const landmarkIssues = (await axeLandmarks(replay)).filter((v) => /landmark|region/.test(v));
    expect(landmarkIssues).toEqual([]);
    readings.push(await measureContrast(browser, replay, '.replay-head .kicker'));
    // The measurement catches a failure: the same kicker in a pale grey reads well under 4.5:1.
    await replay.addStyleTag({ content: '.replay-head .kicker { color: #b8b8c0 !important; }' });
    const pale = await measureContrast(browser, replay, '.replay-head .kicker');
    expect(pale.ratio, report(pale)).toBeLessThan(2.5);
    await replay.reload();
    await replay.locator('#replay-title').waitFor({ timeout: 20_000 });
    await replay.screenshot({ path: screenshotPath('contrast-replay') });

    console.log(readings.map(report).join('\n'));
    for (const r of readings) {
      expect(r.glyphPixels, `${r.selector}: the text was found on screen`).toBeGreaterThan(40);
      expect(r.ratio, report(r)).toBeGreaterThanOrEqual(r.required);
    }
  });
});
