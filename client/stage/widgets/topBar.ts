import type Phaser from 'phaser';
import { sfx } from '../../audio/sfx';
import type { StageView } from '../../../shared/schemas/views';
import { COLOURS, FONT, textStyle } from '../theme';

export const TOP_H = 130;

/** Remaining milliseconds of the view's timer, against this machine's clock (null: no countdown). */
export function remainingMs(timer: StageView['timer'], now = Date.now()): number | null {
  if (timer.paused) return timer.remainingMs ?? null;
  if (timer.deadline === null) return null;
  return Math.max(0, timer.deadline - now);
}

export function formatClock(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Round number, card title and the countdown. */
export class TopBar {
  private readonly round: Phaser.GameObjects.Text;
  private readonly title: Phaser.GameObjects.Text;
  private readonly clock: Phaser.GameObjects.Text;
  private readonly paused: Phaser.GameObjects.Text;
  private timer: StageView['timer'] = { deadline: null, remainingMs: null, paused: false };
  private lastSecond = -1;
  private fullTitle: string;

  constructor(private readonly scene: Phaser.Scene) {
    scene.add.rectangle(0, 0, 1920, TOP_H, COLOURS.night, 0.92).setOrigin(0, 0).setDepth(40);
    this.round = scene.add.text(28, TOP_H / 2, '', textStyle(FONT.body, { color: COLOURS.greyHex })).setOrigin(0, 0.5).setDepth(41);
    this.title = scene.add.text(300, TOP_H / 2, '', textStyle(FONT.title)).setOrigin(0, 0.5).setDepth(41).setName('cardTitle');
    this.fullTitle = '';
    this.clock = scene.add.text(1892, TOP_H / 2, '', textStyle(FONT.timer)).setOrigin(1, 0.5).setDepth(41).setName('clock');
    this.paused = scene.add.text(1560, TOP_H / 2, '', textStyle(FONT.body, { color: COLOURS.goldHex })).setOrigin(1, 0.5).setDepth(41).setName('paused');
  }

  update(view: StageView): void {
    const n = (view.roundIndex ?? 0) + 1;
    this.round.setText(`Round ${n}\nof ${view.roundsTotal}`);
    this.round.setLineSpacing(-8);
    const title = view.card?.title ?? '';
    if (this.fullTitle !== title) {
      this.fullTitle = title;
      this.title.setText(title);
      this.fitTitle();
    }
    this.timer = view.timer;
    this.lastSecond = -1;
    this.tick();
  }

  /** The title shrinks to end left of the clock and its "Paused" (never below the body floor, then cut with …). */
  private fitTitle(): void {
    const right = this.paused.text ? this.paused.x - this.paused.width : this.clock.text ? this.clock.x - this.clock.width : 1892;
    const room = Math.min(1500, right - 40) - this.title.x;
    this.title.setText(this.fullTitle).setScale(1);
    if (this.title.width <= room) return;
    const floor = FONT.body / FONT.title;
    this.title.setScale(Math.max(floor, room / this.title.width));
    let text = this.fullTitle;
    while (text.length > 1 && this.title.width * this.title.scaleX > room) {
      text = text.slice(0, -1);
      this.title.setText(`${text.trimEnd()}\u2026`);
    }
  }

  /** Called every frame; only touches the text when the shown second changes. */
  tick(): void {
    const ms = remainingMs(this.timer);
    const second = ms === null ? -2 : Math.ceil(ms / 1000);
    if (second === this.lastSecond) return;
    const wasRunning = this.lastSecond > 0;
    this.lastSecond = second;
    if (ms === null) {
      this.clock.setText('');
      this.paused.setText('');
      return;
    }
    // Paused: the big timer itself turns gold, so a pause shows from the back of the room (issue 15 item 12).
    this.clock.setText(formatClock(ms)).setColor(this.timer.paused ? COLOURS.goldHex : second <= 10 ? COLOURS.badHex : '#FFFFFF');
    this.paused.setText(this.timer.paused ? 'Paused' : second === 0 ? "Time's up" : '');
    this.paused.setFontSize(this.timer.paused ? FONT.heading : FONT.body).setX(this.clock.x - this.clock.width - 24);
    this.fitTitle();
    if (wasRunning && !this.timer.paused && second > 0 && second <= 5) sfx.play('tick');
  }
}
