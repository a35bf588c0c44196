import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { skipBrowser, screenshotPath } from '../support/browser';
import { browserSuite } from '../support/browserSuite';
import { command, hostView, openVote, teamView, votableOptions } from '../support/flows';

// Issue 15: a count label agrees with its number on a real screen (the plural helper is unit-tested in
// shared/text/plural.test.ts): a 320 px phone on a team of one reads "player has chosen" (also with nobody
// yet: "0 of 1 … has"; main said "have"), on a team of two "players have chosen".

const PHONE_320 = { width: 320, height: 640 };
const TEAM = { buyer: 'Buyer', provider: 'Provider' } as const;

describe.skipIf(skipBrowser)('count labels on a 320 px phone', () => {
  const t = browserSuite();

  it('"0 of 1 Buyer player has chosen." on a team of one, "… of 2 … players" on a team of two', { timeout: 120_000 }, async () => {
    const host = await t.host({ rounds: 1, cardIds: ['claims-archive'], decideSeconds: 300 });
    const phones: Page[] = [await t.joinPhone(host.code, 'Ada', PHONE_320), await t.joinPhone(host.code, 'Ben', PHONE_320)];
    const [cy] = await t.join(host.code, ['Cy']);
    await host.client.until(() => Object.keys(hostView(host).state.participants).length === 3);
    const teamOf = (p: Page) => p.evaluate(() => (window as any).__controller.state.me.team as 'buyer' | 'provider');
    const teams = await Promise.all(phones.map(teamOf));
    // Teams are balanced as people join: one phone's team has one person, the other's two (with Cy).
    const sizes = hostView(host).teamSizes;
    const solo = phones[teams.findIndex((x) => sizes[x] === 1)];
    const pair = phones[teams.findIndex((x) => sizes[x] === 2)];
    expect(solo && pair, `teams ${JSON.stringify(sizes)}`).toBeTruthy();
    const soloTeam = TEAM[await teamOf(solo)];
    const pairTeam = TEAM[await teamOf(pair)];
    expect(cy.team).toBe(await teamOf(pair));

    await command(host, { type: 'startRound' });
    await openVote(host);
    const votes = (p: Page) => p.locator('.votes').textContent();
    await expect.poll(() => votes(solo)).toBe(`0 of 1 ${soloTeam} player has chosen.`);
    await expect.poll(() => votes(pair)).toBe(`0 of 2 ${pairTeam} players have chosen.`);
    const option = votableOptions(cy.client, cy.team)[0];
    expect((await cy.client.request('participant:choose', { optionId: option.id })).ok).toBe(true);
    await expect.poll(() => votes(pair)).toBe(`1 of 2 ${pairTeam} players have chosen.`);
    expect(teamView(cy.client).voted[cy.team]).toBe(1);
    for (const p of phones) expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await pair.screenshot({ path: screenshotPath('count-labels-320') });
  });
});
