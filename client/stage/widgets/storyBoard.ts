import type Phaser from 'phaser';
import type { Team } from '../../../shared/schemas/common';
import type { PublicStory } from '../../../shared/schemas/views';
import { COLOURS, FONT, TEAM_NAME, teamColour, textStyle } from '../theme';

/** How many stories share the board at once: three a row, two rows, at the stage's smallest type. */
export const STORIES_PER_PAGE = 6;
const GAP = 24;

/**
 * The story vote on the projector (issue 15 item 12): the stories side by side, all of them at once
 * (pages of six when there are more), each card in its team's colour and anonymous, so the room
 * judges the words, not the author. Drawn over the level, above the caption.
 */
export class StoryBoard {
  private readonly back: Phaser.GameObjects.Rectangle;
  private cards: Phaser.GameObjects.GameObject[] = [];
  private key = '';

  constructor(
    private readonly scene: Phaser.Scene,
    private readonly area: { x: number; y: number; w: number; h: number },
  ) {
    this.back = scene.add.rectangle(area.x, area.y, area.w, area.h, COLOURS.night, 0.96).setOrigin(0, 0).setDepth(45).setVisible(false);
  }

  /** How many pages `count` stories take. */
  static pages(count: number): number {
    return Math.max(1, Math.ceil(count / STORIES_PER_PAGE));
  }

  /** Shows page `page` of `stories` (Buyer's first, then Provider's, each in the order written). */
  show(stories: readonly PublicStory[], page = 0): void {
    const sorted = [...stories].sort((a, b) => (a.team === b.team ? 0 : a.team === 'buyer' ? -1 : 1));
    const shown = sorted.slice(page * STORIES_PER_PAGE, (page + 1) * STORIES_PER_PAGE);
    const key = shown.map((s) => `${s.storyId}:${s.text}`).join('|');
    this.back.setVisible(true);
    if (key === this.key) return;
    this.key = key;
    this.clearCards();
    const n = shown.length;
    const cols = Math.min(3, n);
    const rows = Math.ceil(n / cols);
    const { x, y, w, h } = this.area;
    const cw = (w - GAP * (cols + 1)) / cols;
    const ch = (h - GAP * (rows + 1)) / rows;
    shown.forEach((story, i) => {
      const cx = x + GAP + (i % cols) * (cw + GAP);
      const cy = y + GAP + Math.floor(i / cols) * (ch + GAP);
      this.card(story.team, sorted.indexOf(story) + 1, story.text, cx, cy, cw, ch);
    });
  }

  hide(): void {
    this.key = '';
    this.back.setVisible(false);
    this.clearCards();
  }

  private card(team: Team, number: number, text: string, x: number, y: number, w: number, h: number): void {
    const c = teamColour(team);
    const box = this.scene.add.rectangle(x, y, w, h, c.dark, 1).setOrigin(0, 0).setStrokeStyle(6, c.main).setDepth(46).setName('storyCard');
    const label = this.scene.add.text(x + 24, y + 14, `${number} \u00b7 ${TEAM_NAME[team]} pitch`, textStyle(FONT.body, { color: c.lightHex })).setDepth(47);
    // Phaser text, never HTML: what participants wrote is shown as plain text.
    const words = this.scene.add.text(x + 24, y + 74, `\u201c${text}\u201d`, textStyle(FONT.body, { wrap: w - 48 })).setDepth(47).setName('storyText');
    // A long line in a small card shrinks to fit rather than run out of it.
    const room = h - 74 - 16;
    if (words.height > room) words.setScale(Math.max(0.6, room / words.height));
    this.cards.push(box, label, words);
  }

  private clearCards(): void {
    for (const o of this.cards) o.destroy();
    this.cards = [];
  }
}
