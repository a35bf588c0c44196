import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { phoneContext, desktopContext, skipBrowser, screenshotPath, axeViolations } from '../support/browser';
import type { TestServer } from '../support/testServer';
import { browserSuite } from '../support/browserSuite';
import defaultDeck from '../../shared/deck/default-deck.json';

type Player = { page: Page; name: string; phone: boolean };

/** Taps on phones (touch), clicks on laptops: both must work. */
async function press(p: Player, selector: string): Promise<void> {
  const target = p.page.locator(selector).first();
  if (p.phone) await target.tap();
  else await target.click();
}

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `axe on the ${screen} screen`).toEqual([]);
}

describe.skipIf(skipBrowser)('a whole workshop through the real UI', () => {
  // The reveal's narration (held by the server, issue 15 item 9) moves on at 0.05x reading pace here.
  const t = browserSuite({ narrationPace: 0.05 });
  let server: TestServer;
  let browser: Browser;
  let tmp: string;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    ({ server, browser } = t);
    tmp = mkdtempSync(path.join(os.tmpdir(), 'powerup-decks-'));
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
  });

  it('hosts, joins 4 people (2 phones), plays 3 rounds with a story round, and ends', { timeout: 300_000 }, async () => {
    const t0 = Date.now();
    const step = (what: string) => console.log(`[workshop ${((Date.now() - t0) / 1000).toFixed(1)} s] ${what}`);
    // The default deck's order is shuffled per seed, so a 3-round session might deal no story card.
    // Uploading three of its story cards guarantees one (and exercises the deck upload; three, because
    // socket messages are capped at 16 KB for now).
    const storyDeck = { ...defaultDeck, id: 'story-cards', title: 'Story cards', cards: defaultDeck.cards.filter((c) => 'storyPrompt' in c && c.storyPrompt).slice(0, 3) };
    const goodDeck = path.join(tmp, 'story-deck.json');
    const badDeck = path.join(tmp, 'broken-deck.json');
    writeFileSync(goodDeck, JSON.stringify(storyDeck));
    writeFileSync(badDeck, JSON.stringify({ id: 'broken', title: 'Broken', cards: [{ id: 'c1', title: 'Half a card' }] }));

    // --- Home: create the session through the form ----------
    step('Home: create the session through the form');
    const hostCtx = await desktopContext(browser);
    contexts.push(hostCtx);
    await hostCtx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const host = await hostCtx.newPage();
    await host.goto(server.url + '/');
    await host.locator('#host-form').waitFor();
    await expectAccessible(host, 'home');
    await host.screenshot({ path: screenshotPath('home'), fullPage: true });
    await host.getByLabel('Workshop title').fill('Acme × Globex innovation day');
    await host.getByLabel('Rounds', { exact: true }).fill('3');
    await host.getByLabel('Seconds to decide').fill('120');
    await expect.poll(() => host.getByLabel(/Story rounds/).isChecked()).toBe(true);
    await host.locator('#host-deck').setInputFiles(badDeck);
    await host.locator('#host-button').click();
    await host.locator('#deck-errors li').first().waitFor();
    expect(await host.locator('#deck-errors li').count()).toBeGreaterThan(0);
    await host.locator('#host-deck').setInputFiles(goodDeck);
    await host.locator('#host-button').click();
    await host.waitForURL(/\/host#code=/);

    // --- Console ----------
    step('Console');
    const code = (await host.locator('#room-code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z0-9]{5}$/);
    const joinUrl = (await host.locator('#join-link').getAttribute('href'))!;
    expect(joinUrl).toContain(`/join?code=${code}`);
    await expect.poll(() => host.locator('img.qr').getAttribute('src')).toMatch(/^data:image\/png/);
    await expect.poll(() => host.locator('#live-summary').textContent()).toContain('Lobby');
    // The embedded preview boots on a wide screen; switch it off (the machine has 2 cores, and the
    // stage page is checked on its own below).
    await host.locator('#stage-preview canvas').waitFor({ timeout: 20_000 });
    await host.locator('#toggle-preview').click();
    await expect.poll(() => host.locator('#stage-preview canvas').count()).toBe(0);

    // --- Stage: loads and draws a canvas ----------
    step('Stage: loads and draws a canvas');
    const stage = await hostCtx.newPage();
    await stage.goto(`${server.url}/stage?code=${code}`);
    await stage.locator('canvas').waitFor({ timeout: 20_000 });
    await stage.waitForTimeout(500); // let the first frames draw before the picture
    await stage.screenshot({ path: screenshotPath('stage') });
    await stage.close(); // Phaser is heavy on 2 cores; the console's preview is enough from here

    // --- Four participants: two phones (touch), two laptops ----------
    step('Four participants: two phones (touch), two laptops');
    const players: Player[] = [];
    for (const [name, phone] of [['Ada', true], ['Ben', true], ['Chloé', false], ['Dev', false]] as const) {
      const ctx = phone ? await phoneContext(browser) : await desktopContext(browser);
      contexts.push(ctx);
      const page = await ctx.newPage();
      players.push({ page, name, phone });
    }
    const [ada, ben] = players;
    await Promise.all(players.map((p) => p.page.goto(joinUrl.replace(/^https?:\/\/[^/]+/, server.url))));
    await expect.poll(() => ada.page.locator('#join-code').inputValue()).toBe(code);
    await expectAccessible(ada.page, 'join');
    await ada.page.screenshot({ path: screenshotPath('join'), fullPage: true });
    // An error from the server's ack is shown on the form.
    await ada.page.locator('#join-name').fill('x'.repeat(24));
    await ada.page.locator('#join-code').fill('ZZZZZ');
    await press(ada, '#join-submit');
    await expect.poll(() => ada.page.locator('#join-error').textContent()).toMatch(/ZZZZZ|code/i);
    await ada.page.locator('#join-code').fill(code);
    for (const p of players) {
      await p.page.locator('#join-name').fill(p.name);
      await press(p, '#join-submit');
      await p.page.locator('#lobby-title').waitFor();
    }
    await host.locator('#roster .roster-row').nth(3).waitFor();
    expect(await ada.page.locator('.team-hero').textContent()).toContain('Buyer');
    expect(await ben.page.locator('.team-hero').textContent()).toContain('Provider');
    await expect.poll(() => ada.page.locator('#lobby-count').textContent()).toContain('4 people');
    await expectAccessible(ada.page, 'lobby');
    await ada.page.screenshot({ path: screenshotPath('lobby'), fullPage: true });

    // The facilitator moves Dev to the other team and back, and removes a late spoiler.
    const devRow = host.locator('#roster .roster-row', { hasText: 'Dev' });
    await devRow.locator('[data-action=move]').click();
    await expect.poll(() => devRow.textContent()).toContain('→ Provider');
    await devRow.locator('[data-action=move]').click();
    await expect.poll(() => devRow.textContent()).toContain('→ Buyer');
    const spoilerCtx = await phoneContext(browser);
    contexts.push(spoilerCtx);
    const spoiler = await spoilerCtx.newPage();
    await spoiler.goto(`${server.url}/j/${code}`);
    await spoiler.locator('#join-name').fill('Spoiler');
    await spoiler.locator('#join-submit').tap();
    await spoiler.locator('#lobby-title').waitFor();
    await host.locator('#roster .roster-row', { hasText: 'Spoiler' }).locator('[data-action=remove]').click();
    // Remove asks first, inline (issue 15 item 3).
    await host.locator('#roster .roster-row', { hasText: 'Spoiler' }).locator('[data-action=confirm]').click();
    await spoiler.locator('#kicked').waitFor();
    await host.locator('#roster .roster-row', { hasText: 'Spoiler' }).waitFor({ state: 'detached' });
    await spoilerCtx.close();
    await host.locator('#ctl-lock').click();
    await expect.poll(() => host.locator('#ctl-lock').getAttribute('aria-pressed')).toBe('true');
    await host.locator('#ctl-lock').click();
    await expect.poll(() => host.locator('#ctl-lock').getAttribute('aria-pressed')).toBe('false');

    const chooseAll = async (pickIndex: number) => {
      await Promise.all(players.map(async (p) => {
        const option = p.page.locator('.option[data-option]:not([disabled])').nth(pickIndex);
        await option.waitFor();
        if (p.phone) await option.tap();
        else await option.click();
        await expect.poll(() => option.getAttribute('aria-pressed')).toBe('true');
      }));
    };
    const waitVoted = () => expect.poll(() => host.locator('#console-card .voted').allTextContents(), { timeout: 10_000 }).toEqual(['2 of 2 voted', '2 of 2 voted']);

    // --- Round 1: decide (one phone reloads mid-vote and keeps its choice), reveal ----------
    step('Round 1: decide (one phone reloads mid-vote and keeps its choice), reveal');
    await host.locator('#ctl-start-round').click();
    await Promise.all(players.map((p) => p.page.locator('#round-title').waitFor()));
    await host.locator('#ctl-start-timer').click();
    await chooseAll(0);
    const chosen = await ada.page.locator('.option[aria-pressed=true]').getAttribute('data-option');
    await ada.page.reload();
    await ada.page.locator(`.option[data-option="${chosen}"][aria-pressed=true]`).waitFor();
    expect(await ada.page.locator('#choice-status').textContent()).toContain('Your choice');
    // ... and can still change it until time is up.
    await press(ada, '.option[data-option]:not([aria-pressed=true])');
    await expect.poll(() => ada.page.locator('.option[aria-pressed=true]').getAttribute('data-option')).not.toBe(chosen);
    await expectAccessible(ada.page, 'round');
    await ada.page.screenshot({ path: screenshotPath('round'), fullPage: true });
    // Portrait phone: the card above the choices; a laptop (landscape): side by side.
    const columns = async (p: Player) => {
      const card = (await p.page.locator('.screen.round .card-panel').boundingBox())!;
      const options = (await p.page.locator('.screen.round .option').first().boundingBox())!;
      return options.x > card.x + card.width - 1 ? 'side by side' : 'stacked';
    };
    expect(await columns(ada)).toBe('stacked');
    expect(await columns(players[2])).toBe('side by side');
    await players[2].page.screenshot({ path: screenshotPath('round-laptop') });
    await waitVoted();
    await expect.poll(() => host.locator('#live-summary').textContent()).toMatch(/Round 1 of 3: .+ Deciding, \d:\d\d left\. Buyer 2 of 2 voted, Provider 2 of 2\./);
    await expectAccessible(host, 'console');
    await host.screenshot({ path: screenshotPath('console'), fullPage: true });
    await host.locator('#ctl-pause').click();
    await expect.poll(() => host.locator('#console-clock').textContent()).toContain('Paused');
    await host.locator('#ctl-extend').click();
    await host.locator('#ctl-resume').click();
    await host.locator('#ctl-reveal').click();
    await Promise.all(players.map((p) => p.page.locator('#result-title').waitFor()));
    expect(await ada.page.locator('.explanation li').count()).toBeGreaterThan(2);
    // The console keeps the step-by-step lines one click away (a folded <details>, issue 15 item 7).
    await host.locator('#explanation li').first().waitFor({ state: 'attached' });
    await expectAccessible(ada.page, 'reveal');
    await ada.page.screenshot({ path: screenshotPath('reveal'), fullPage: true });

    // --- Round 2: the story round ----------
    step('Round 2: the story round');
    await host.locator('#ctl-next').click();
    // The scoreboard between rounds (issue 15 item 10), then the next card.
    await host.locator('#ctl-start-round').click();
    await Promise.all(players.map((p) => p.page.locator('#round-title').waitFor()));
    await host.locator('#ctl-start-timer').click();
    await chooseAll(1);
    await waitVoted();
    await host.locator('#ctl-skip', { hasText: 'Skip to stories' }).click();
    await Promise.all(players.map(async (p) => {
      await p.page.locator('#story-text').waitFor();
      await p.page.locator('#story-text').fill(`${p.name}: show the prototype on real invoices, in ten days, then decide.`);
      await press(p, '#story-submit');
      await p.page.getByText('✓ Sent').waitFor();
    }));
    expect(await ben.page.locator('#story-count').textContent()).toMatch(/^\d+ \/ 140 characters$/);
    await expectAccessible(ben.page, 'story');
    await ben.page.screenshot({ path: screenshotPath('story'), fullPage: true });
    await host.locator('#host-stories li').nth(3).waitFor();
    await host.locator('#ctl-skip', { hasText: 'Skip to story vote' }).click();
    await Promise.all(players.map(async (p) => {
      const first = p.page.locator('.story-option').first();
      await first.waitFor();
      // Only the other team's stories are offered.
      expect(await p.page.locator('.story-option', { hasText: p.name }).count()).toBe(0);
      if (p.phone) await first.tap();
      else await first.click();
      await expect.poll(() => first.getAttribute('aria-pressed')).toBe('true');
    }));
    await expectAccessible(ada.page, 'story vote');
    await ada.page.screenshot({ path: screenshotPath('story-vote'), fullPage: true });
    const hideButton = host.locator('#host-stories li', { hasText: 'Dev:' }).locator('button');
    await hideButton.click();
    await expect.poll(() => hideButton.textContent()).toBe('Unhide');
    await hideButton.click();
    await expect.poll(() => hideButton.textContent()).toBe('Hide');
    await host.locator('#ctl-reveal').click();
    await Promise.all(players.map((p) => p.page.locator('#result-title').waitFor()));
    await host.screenshot({ path: screenshotPath('console-reveal'), fullPage: true });

    // --- Round 3: straight to the reveal, then the end ----------
    step('Round 3: straight to the reveal, then the end');
    await host.locator('#ctl-next').click();
    // The scoreboard between rounds (issue 15 item 10), then the next card.
    await host.locator('#ctl-start-round').click();
    await host.locator('#ctl-start-timer').click();
    // The console as a phone remote: same link, 390 px wide, controls stacked and usable.
    const remoteCtx = await phoneContext(browser);
    contexts.push(remoteCtx);
    const remote = await remoteCtx.newPage();
    // The console's link with its host key (the console took the key out of its own address bar; the
    // facilitator's replay link still carries it in the fragment).
    const replayHref = (await host.locator('#open-replay').getAttribute('href'))!;
    const hostKey = new URLSearchParams(replayHref.split('#')[1]).get('key')!;
    await remote.goto(`${server.url}/host#code=${code}&key=${encodeURIComponent(hostKey)}`);
    await remote.locator('#roster .roster-row').nth(3).waitFor();
    await expect.poll(() => remote.locator('#ctl-pause').isEnabled()).toBe(true);
    await expectAccessible(remote, 'console on a phone');
    await remote.screenshot({ path: screenshotPath('console-phone') });
    await remote.locator('#ctl-pause').tap();
    await expect.poll(() => host.locator('#console-clock').textContent()).toContain('Paused');
    await remote.locator('#ctl-resume').tap();
    await remoteCtx.close();
    await chooseAll(0);
    await waitVoted();
    await host.locator('#ctl-reveal').click();
    await Promise.all(players.map((p) => p.page.locator('#result-title').waitFor()));
    expect(await host.locator('#ctl-next').isDisabled()).toBe(true);
    await host.locator('#ctl-end').click();
    await Promise.all(players.map((p) => p.page.locator('#end-title').waitFor()));
    expect((await ada.page.locator('#end-title').textContent())!.length).toBeGreaterThan(3);
    await expectAccessible(ada.page, 'end');
    await ada.page.screenshot({ path: screenshotPath('end'), fullPage: true });
    await expect.poll(() => host.locator('#live-summary').textContent()).toContain('Finished');

    // --- Replay link ----------
    step('Replay link');
    await host.locator('#copy-replay').click();
    await expect.poll(() => host.locator('#replay-link').inputValue()).toMatch(new RegExp(`/replay\\?code=${code}#token=.{16,}`));
    const link = await host.locator('#replay-link').inputValue();
    const token = decodeURIComponent(link.split('#token=')[1]);
    const logWith = (key: string) => fetch(`${server.url}/api/sessions/${code}/log`, { headers: { authorization: `Bearer ${key}` } });
    expect((await logWith(token)).status).toBe(200);
    await host.locator('#revoke-replay').click();
    await expect.poll(async () => (await logWith(token)).status).toBe(403);
    expect(await host.locator('#replay-link').isHidden()).toBe(true);
    // The facilitator's own replay opens with the host key (kept in the fragment).
    expect(await host.locator('#open-replay').getAttribute('href')).toMatch(new RegExp(`^/replay\\?code=${code}#key=.{16,}`));
  });
});
