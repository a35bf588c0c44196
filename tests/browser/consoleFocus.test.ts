import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { skipBrowser } from '../support/browser';
import { browserSuite } from '../support/browserSuite';
import type { Joined } from '../support/flows';

// Issue 17 item 3, on a 1280×800 console driven by the keyboard alone (Tab, Shift+Tab, Enter, Space):
// after every action focus is on the next sensible control, never on the page body, and the console's
// polite live region (#console-status) says what happened.

describe.skipIf(skipBrowser)('the console keeps focus after every action', () => {
  // The reveal's narration moves on only when the console steps it here (each step held 100x its reading time).
  const t = browserSuite({ narrationPace: 100 });
  let page: Page;
  let bots: Joined[] = [];

  /** What has focus: 'body', or the element's id / data-action and text. */
  const focused = () => page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    if (!a || a === document.body) return 'body';
    const row = a.closest('[data-participant]')?.querySelector('.person-name')?.textContent;
    return `${a.tagName.toLowerCase()}${a.id ? '#' + a.id : ''}${a.dataset.action ? `[${a.dataset.action}]` : ''}${row ? ` (${row})` : ''} "${a.textContent?.trim()}"`;
  });
  const phase = () => page.evaluate(() => (window as any).__console?.state.view?.phase as string | undefined);

  /** After an action: focus lands on `want` (never body) and the live region says `said`. */
  async function after(action: string, want: RegExp, said: RegExp): Promise<void> {
    await expect.poll(focused, { timeout: 8000, message: `focus after ${action}` }).toMatch(want);
    await expect.poll(() => page.locator('#console-status').textContent(), { timeout: 5000, message: `live region after ${action}` }).toMatch(said);
    // Still there a moment later (a late view must not take it away).
    await page.waitForTimeout(300);
    expect(await focused(), `focus after ${action}`).toMatch(want);
  }
  /** Tab (or Shift+Tab) until focus is on `want`; returns the number of presses. */
  async function tabTo(want: RegExp, back = false, max = 40): Promise<number> {
    for (let i = 1; i <= max; i++) {
      await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      if (want.test(await focused())) return i;
    }
    throw new Error(`${want} is not within ${max} ${back ? 'Shift+' : ''}Tab presses of ${await focused()}`);
  }

  it('create, move, remove, start round, timer, +30 s, pause, resume, reveal, next, end and open replay each leave focus on the next control and say what happened', { timeout: 120_000 }, async () => {
    // The stage preview is off (remembered): Tab and focus are what this is about, not a second Phaser game.
    page = await t.desktop({ viewport: { width: 1280, height: 800 }, preview: false });
    await page.goto(t.server.url + '/');
    await page.locator('#host-form').waitFor();
    await page.locator('#host-rounds').fill('2');
    // No story stage: each round is Start the vote → Reveal.
    await page.locator('#host-stories').press('Space');
    expect(await page.locator('#host-stories').isChecked()).toBe(false);
    // No prediction window either (issue 12 item 1; on by default): the vote's Reveal is the next step.
    await page.locator('#host-predictions').press('Space');
    expect(await page.locator('#host-predictions').isChecked()).toBe(false);

    // Create: the console opens on its next step.
    await page.locator('#host-button').press('Enter');
    await page.waitForURL(/\/host#code=/);
    await after('create', /#ctl-start-round "Start round 1"/, /Console ready for session [A-Z0-9]+/);
    const code = (await page.locator('#room-code').textContent())!.trim();
    bots = await t.join(code, ['Ada', 'Ben', 'Cy']);
    await page.locator('#roster .roster-row').nth(2).waitFor();
    expect(await focused()).toMatch(/#ctl-start-round/);

    // Move: focus stays on Ada's Move button (now pointing the other way).
    await tabTo(/\[move\] \(Ada\)/);
    const team = bots[0].team;
    await page.keyboard.press('Enter');
    await after('move', /\[move\] \(Ada\) "→ /, /^Ada moved to /);
    await expect.poll(() => page.evaluate((id) => (window as any).__console.state.view.state.participants[id].team, bots[0].participantId)).not.toBe(team);

    // Remove (asks inline first): focus goes to the next person's Remove.
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/\[remove\] \(Ada\)/);
    await page.keyboard.press('Enter');
    expect(await focused()).toMatch(/\[confirm\] \(Ada\) "Yes, remove"/);
    await page.keyboard.press('Enter');
    await after('remove', /\[remove\] \(Ben\)/, /^Ada removed$/);
    await page.locator('#roster .roster-row', { hasText: 'Ada' }).waitFor({ state: 'detached' });

    // Start round (Space): focus on the new next step, Start the vote.
    await tabTo(/#ctl-start-round/, true);
    await page.keyboard.press('Space');
    expect(await page.waitForFunction(() => (window as any).__console.state.view.phase === 'card').then(() => true)).toBe(true);
    await after('start round', /#ctl-start-timer "Start the vote"/, /^Round 1 started/);

    // Timer: focus on Reveal.
    await page.keyboard.press('Enter');
    await after('start timer', /#ctl-reveal "Reveal"/, /^Timer started: .*\d+:\d\d left$/);
    expect(await phase()).toBe('deciding');

    // +30 s: focus stays on +30 s.
    expect(await tabTo(/#ctl-extend/, false, 3)).toBe(2);
    await page.keyboard.press('Enter');
    await after('+30 s', /#ctl-extend "\+30 s"/, /^30 seconds added, \d+:\d\d left$/);

    // Pause: focus on Resume (the highlighted next step while paused); Resume: back on Pause.
    await tabTo(/#ctl-pause/, true, 2);
    await page.keyboard.press('Space');
    await after('pause', /#ctl-resume "Resume"/, /^Timer paused, \d+:\d\d left$/);
    await page.keyboard.press('Enter');
    await after('resume', /#ctl-pause "Pause"/, /^Timer resumed, \d+:\d\d left$/);

    // Reveal: focus on the narration's next sentence; it keeps focus while the reveal is told.
    await tabTo(/#ctl-reveal/, true, 2);
    await page.keyboard.press('Enter');
    await after('reveal', /#ctl-narrate "Next sentence \(2 of \d+\)"/, /^Round 1 revealed$/);
    expect(await phase()).toBe('reveal');
    await page.keyboard.press('Enter');
    await after('next sentence', /#ctl-narrate "Next sentence \(3 of \d+\)"/, /^Step 2 of \d+ on the stage$/);

    // Skip to the result: focus on the scoreboard, then on Start round 2, then on Start the vote.
    await tabTo(/#ctl-narrate-skip/, false, 2);
    await page.keyboard.press('Enter');
    await after('skip the narration', /#ctl-next "Show the scoreboard"/, /^The reveal is told to its end/);
    await page.keyboard.press('Enter');
    await after('scoreboard', /#ctl-start-round "Start round 2"/, /^Scoreboard after round 1 on the stage$/);
    await page.keyboard.press('Enter');
    await after('next round', /#ctl-start-timer "Start the vote"/, /^Round 2 started/);
    await page.keyboard.press('Enter');
    await after('start timer (round 2)', /#ctl-reveal "Reveal"/, /^Timer started/);
    await page.keyboard.press('Enter');
    await after('reveal (round 2)', /#ctl-narrate "Next sentence/, /^Round 2 revealed$/);
    await tabTo(/#ctl-narrate-skip/, false, 2);
    await page.keyboard.press('Enter');
    await after('skip the narration (round 2)', /#ctl-end "End session"/, /^The reveal is told to its end/);

    // End: the phase controls go; focus on the debrief script that replaces them.
    await page.keyboard.press('Enter');
    await after('end', /#debrief-script/, /^Session ended$/);
    expect(await phase()).toBe('ended');

    // Open replay: a new tab; back on the console, focus is still on the link.
    await tabTo(/#open-replay/, true);
    const popup = page.context().waitForEvent('page');
    await page.keyboard.press('Enter');
    await (await popup).close();
    await after('open replay', /#open-replay "Open replay"/, /^Replay opened in a new tab$/);
  });
});
