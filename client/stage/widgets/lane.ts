import Phaser from 'phaser';
import { ANIM, ART, POWER_UP_ART } from '../../art/textures';
import { sfx } from '../../audio/sfx';
import type { Inventory, PowerUp, Team } from '../../../shared/schemas/common';
import { POWER_UPS } from '../../../shared/schemas/common';
import { along, animate, pause, reducedMotion, tween } from '../anim';
import { COLOURS, FONT, TEAM_NAME, teamColour, textStyle } from '../theme';

/** One team's strip of the level: its panel (name, power-ups, lives, votes) and its run through the round. */
export const LANE_H = 300;
const GROUND_TOP = 236; // from the lane's top
const PANEL_W = 300;
export const X = {
  start: 400,
  blocks: { courage: 560, budget: 680, stories: 800 } as Record<PowerUp, number>,
  loop: 1020,
  gate: 1190,
  gateBlock: 1330,
  opportunity: 1490,
  hazard: 1680,
  flag: 1850,
} as const;
const RUNNER_SCALE = 4.5;
const POWER_NAME: Record<PowerUp, string> = { courage: 'Courage', budget: 'Budget', stories: 'Stories' };
const SPEED = 0.9; // px per ms when running

export class Lane {
  readonly groundY: number;
  readonly runner: Phaser.GameObjects.Sprite;
  private readonly blocks = {} as Record<PowerUp, Phaser.GameObjects.Sprite>;
  private readonly gateBlock: Phaser.GameObjects.Sprite;
  private readonly counts = {} as Record<PowerUp, Phaser.GameObjects.Text>;
  private readonly icons = {} as Record<PowerUp, Phaser.GameObjects.Image>;
  private readonly livesText: Phaser.GameObjects.Text;
  private readonly votedText: Phaser.GameObjects.Text;
  private readonly gate: Phaser.GameObjects.Image;
  private readonly hazard: Phaser.GameObjects.Sprite;
  private readonly star: Phaser.GameObjects.Sprite;
  private readonly oppTop: number;
  private bubbleBox: Phaser.GameObjects.Container | null = null;
  /** Rules v2: how many of the team back its joint part (during the vote), and what it used (at the reveal). */
  private readonly jointText: Phaser.GameObjects.Text;
  private usedPlate: Phaser.GameObjects.Container | null = null;
  private jointBacking = -1;
  private inventory: Inventory = { courage: 0, budget: 0, stories: 0 };
  private lives = 0;
  private voted = -1;
  /** Reduced motion: the words that would float up and fade stay still until the next beat. */
  private stills: Phaser.GameObjects.GameObject[] = [];
  /** Where the used plate and the bubble stand once grown (their tweens start small). */
  private plateRect: Phaser.Geom.Rectangle | null = null;
  private bubbleRect: Phaser.Geom.Rectangle | null = null;
  /** Effect words on screen now: a new one finds a place clear of them too. */
  private effects: Phaser.GameObjects.Text[] = [];

  constructor(
    private readonly scene: Phaser.Scene,
    readonly team: Team,
    readonly y0: number,
    opportunityReach: number,
  ) {
    const c = teamColour(team);
    this.groundY = y0 + GROUND_TOP;

    // The level: ground, blocks, loop, gate, the opportunity's brick tower, the hazard and the finish post.
    scene.add.tileSprite(PANEL_W, this.groundY, 1920 - PANEL_W, 64, ART.tileGround).setOrigin(0, 0).setTileScale(4);
    for (const p of POWER_UPS) {
      this.blocks[p] = scene.add.sprite(X.blocks[p], this.groundY - 190, ART.blockQuestion).setScale(4).play(ANIM.blockIdle).setName('block');
    }
    scene.add.sprite(X.loop, this.groundY, ART.loop).setOrigin(0.5, 1).setScale(4.5).play(ANIM.loopSpin);
    this.gate = scene.add.image(X.gate, this.groundY, ART.gate).setOrigin(0.5, 1).setScale(5).setName('gate');
    // The block behind the gate: only a team that gets through can open it.
    this.gateBlock = scene.add.sprite(X.gateBlock, this.groundY - 190, ART.blockQuestion).setScale(4).play(ANIM.blockIdle).setName('block');
    for (let i = 0; i < opportunityReach; i++) {
      scene.add.image(X.opportunity, this.groundY - 56 * i, ART.tileBrick).setOrigin(0.5, 1).setScale(3.5);
    }
    this.oppTop = this.groundY - 56 * opportunityReach;
    this.star = scene.add.sprite(X.opportunity, this.oppTop - 40, ART.starBurst, 1).setScale(3.5);
    animate(scene, { targets: this.star, y: this.star.y - 14, duration: 700, yoyo: true, repeat: -1, ease: 'Sine.easeInOut' });
    scene.add.sprite(X.flag, this.groundY, ART.flag).setOrigin(0.5, 1).setScale(3.5).play(ANIM.flagWave);
    this.hazard = scene.add.sprite(X.hazard, this.groundY, ART.hazard).setOrigin(0.5, 1).setScale(4).play(ANIM.hazardWalk);
    this.runner = scene.add
      .sprite(X.start, this.groundY, team === 'buyer' ? ART.runnerBuyer : ART.runnerProvider, 0)
      .setOrigin(0.5, 1)
      .setScale(RUNNER_SCALE)
      .setDepth(5);

    // The panel: colour plus the team's name, so colour is never the only cue.
    scene.add.rectangle(0, y0, PANEL_W, LANE_H, c.dark, 0.94).setOrigin(0, 0).setDepth(8);
    scene.add.rectangle(0, y0, 14, LANE_H, c.main).setOrigin(0, 0).setDepth(8);
    const name = scene.add.text(30, y0 + 10, TEAM_NAME[team], textStyle(FONT.heading, { color: c.lightHex })).setDepth(9).setName('teamName');
    // Padding on both sides of the panel (as wide as the left one, 30 px, plus the stroke): a long
    // team name shrinks rather than come near its edge (issue 15 item 12: "Provider" touched it).
    const nameRoom = PANEL_W - 30 - 40;
    if (name.width > nameRoom) name.setScale(nameRoom / name.width);
    POWER_UPS.forEach((p, i) => {
      const x = 56 + i * 86;
      this.icons[p] = scene.add.image(x, y0 + 116, POWER_UP_ART[p]).setScale(3).setDepth(9);
      this.counts[p] = scene.add.text(x + 26, y0 + 116, '0', textStyle(FONT.body)).setOrigin(0, 0.5).setDepth(9);
    });
    this.livesText = scene.add.text(30, y0 + 162, '', textStyle(FONT.body)).setDepth(9);
    this.votedText = scene.add.text(30, y0 + 224, '', textStyle(FONT.body, { color: COLOURS.goldHex })).setDepth(9);
    this.jointText = scene.add.text(X.gate, y0 + 40, '', textStyle(FONT.body, { color: COLOURS.goldHex })).setOrigin(0.5, 0.5).setDepth(12);
  }

  /** Rules v2, during the vote: "★ Joint part: 2 of 3" above the gate (null hides it). */
  setJointBacking(backing: number | null, size = 0): void {
    const text = backing === null ? '' : `\u2605 Joint part: ${backing} of ${size}`;
    if (this.jointText.text === text) return;
    const grew = backing !== null && this.jointBacking >= 0 && backing > this.jointBacking;
    this.jointBacking = backing ?? -1;
    this.jointText.setText(text);
    if (grew) animate(this.scene, { targets: this.jointText, scale: 1.15, duration: 120, yoyo: true });
  }

  /** Rules v2: the used plate steps back once the gate's verdict is shown (it stays readable). */
  dimUsed(): void {
    if (this.usedPlate) animate(this.scene, { targets: this.usedPlate, alpha: 0.3, duration: 300 });
  }

  /** Rules v2 has no reward block behind the gate: the gate is opened by what the teams used. */
  hideGateBlock(): void {
    this.gateBlock.setVisible(false);
  }

  /** Rules v2: a hazard that cannot hit this team stands back, faded. */
  hazardIdle(): void {
    this.hazard.setAlpha(0.25).setScale(2.5);
  }

  /**
   * Rules v2, at the gate: the runner walks up and a plate above the gate shows what this team used
   * (an icon and a word per power-up; "pooled" where the partner covered it), or "Used nothing".
   */
  async showUsed(spent: readonly PowerUp[], covered: readonly PowerUp[]): Promise<void> {
    this.jointText.setText('');
    this.clearBubble();
    this.usedPlate?.destroy();
    const parts: Phaser.GameObjects.GameObject[] = [];
    const label = this.scene.add.text(0, 0, spent.length ? 'Used' : 'Used nothing', textStyle(FONT.body, { color: spent.length ? COLOURS.goldHex : COLOURS.greyHex })).setOrigin(0, 0.5);
    parts.push(label);
    let x = label.width + 24;
    for (const p of spent) {
      const img = this.scene.add.image(x + 24, 0, POWER_UP_ART[p]).setScale(3.5);
      const word = this.scene.add.text(x + 56, 0, covered.includes(p) ? `${POWER_NAME[p]} (pooled)` : POWER_NAME[p], textStyle(FONT.body)).setOrigin(0, 0.5);
      parts.push(img, word);
      x += 56 + word.width + 24;
    }
    const back = this.scene.add.rectangle(-16, 0, x + 16, 64, COLOURS.night, 0.85).setOrigin(0, 0.5).setStrokeStyle(4, spent.length ? COLOURS.gold : COLOURS.grey);
    // Right of the "?" blocks, from above the loop towards the gate (the bubbles are cleared by now).
    const plateX = Math.min(1900 - x, X.blocks.stories + 76);
    const plate = this.scene.add.container(plateX, this.y0 + 44, [back, ...parts]).setDepth(22).setScale(0.4).setName('usedPlate');
    this.usedPlate = plate;
    this.plateRect = new Phaser.Geom.Rectangle(plateX - 16, this.y0 + 12, x + 16, 64);
    animate(this.scene, { targets: plate, scale: 1, duration: 300, ease: 'Back.easeOut' });
    if (spent.length) sfx.play('powerUp');
    await this.runTo(X.loop - 110);
  }

  private get runAnim(): string {
    return this.team === 'buyer' ? ANIM.buyerRun : ANIM.providerRun;
  }
  private get standAnim(): string {
    return this.team === 'buyer' ? ANIM.buyerStand : ANIM.providerStand;
  }
  private get jumpAnim(): string {
    return this.team === 'buyer' ? ANIM.buyerJump : ANIM.providerJump;
  }

  setInventory(inv: Inventory): void {
    this.inventory = { ...inv };
    for (const p of POWER_UPS) this.counts[p].setText(String(inv[p]));
  }

  setLives(n: number): void {
    this.lives = n;
    this.livesText.setText(`Lives ${n}`);
  }

  setVoted(voted: number, size: number): void {
    const text = `Voted ${voted}/${size}`;
    if (this.votedText.text === text) return;
    this.votedText.setText(text);
    if (voted > this.voted && this.voted >= 0) {
      animate(this.scene, { targets: this.votedText, scale: 1.15, duration: 120, yoyo: true });
    }
    this.voted = voted;
  }

  hideVotes(): void {
    this.votedText.setText('');
  }

  /** Puts the runner back at the start, standing, upright. */
  reset(): void {
    this.runner.setPosition(X.start, this.groundY).setAngle(0).setFlipX(false).clearTint().play(this.standAnim);
  }

  async runTo(x: number): Promise<void> {
    const dx = x - this.runner.x;
    if (Math.abs(dx) < 2) return;
    this.runner.setFlipX(dx < 0).play(this.runAnim, true);
    await tween(this.scene, { targets: this.runner, x, duration: Math.abs(dx) / SPEED, ease: 'Linear' });
    this.runner.setFlipX(false).play(this.standAnim);
  }

  /**
   * A callout at the right of the lane (the team's decision, a best story), clear of the "?" blocks the
   * runner is about to hit; bordered in the team's colour. Cleared when the runner reaches the gate.
   */
  bubble(text: string, tone: 'plain' | 'warn' = 'plain'): void {
    this.clearBubble();
    const t = this.scene.add.text(0, 0, text, textStyle(FONT.body, { color: '#1B1A2E', stroke: false, wrap: 980 })).setOrigin(0, 0);
    // A long callout (a move and its backed pitch) shrinks to stay inside its own lane.
    const room = LANE_H - 24 - 24;
    if (t.height > room) t.setScale(room / t.height);
    const w = t.displayWidth + 40;
    const h = t.displayHeight + 24;
    t.setPosition(20, 12);
    const g = this.scene.add.graphics();
    g.fillStyle(tone === 'warn' ? 0xffe0c2 : COLOURS.white, 1).fillRoundedRect(0, 0, w, h, 16);
    g.lineStyle(6, teamColour(this.team).main, 1).strokeRoundedRect(0, 0, w, h, 16);
    this.bubbleBox = this.scene.add.container(1900 - w, this.y0 + 12, [g, t]).setDepth(20).setAlpha(0).setName('bubble');
    this.bubbleRect = new Phaser.Geom.Rectangle(1900 - w, this.y0 + 12, w, h);
    animate(this.scene, { targets: this.bubbleBox, alpha: 1, duration: 250 });
  }

  clearBubble(): void {
    this.bubbleBox?.destroy();
    this.bubbleBox = null;
    this.bubbleRect = null;
  }

  /** Power-ups earned (delta > 0) pop out of "?" blocks into the panel; spent ones (delta < 0) leave it. */
  async applyDeltas(from: Inventory, to: Inventory): Promise<void> {
    for (const p of POWER_UPS) {
      const d = to[p] - from[p];
      if (d > 0) await this.earn(p, d, to[p]);
      else if (d < 0) this.spend(p, -d, to[p]);
    }
  }

  /** The runner jumps into "?" block `block` (one per power-up before the gate, or the one behind it). */
  async earn(p: PowerUp, n: number, total: number, block: Phaser.GameObjects.Sprite = this.blocks[p]): Promise<void> {
    await this.runTo(block.x);
    this.runner.play(this.jumpAnim);
    await tween(this.scene, { targets: this.runner, y: this.groundY - 48, duration: 160, yoyo: true, ease: 'Quad.easeOut' });
    this.runner.play(this.standAnim);
    block.stop().setTexture(ART.blockUsed);
    animate(this.scene, { targets: block, y: block.y - 16, duration: 90, yoyo: true });
    for (let i = 0; i < n; i++) {
      const icon = this.scene.add.image(block.x, block.y - 30, POWER_UP_ART[p]).setScale(4).setDepth(15);
      const target = this.icons[p];
      sfx.play(i === 0 ? 'powerUp' : 'coin');
      void tween(this.scene, { targets: icon, y: icon.y - 70, duration: 260, ease: 'Quad.easeOut' }).then(() =>
        tween(this.scene, { targets: icon, x: target.x, y: target.y, scale: 3, duration: 520, ease: 'Cubic.easeIn' }).then(() => {
          icon.destroy();
          this.inventory[p] = Math.min(total, this.inventory[p] + 1);
          this.counts[p].setText(String(this.inventory[p]));
          animate(this.scene, { targets: target, scale: 3.8, duration: 100, yoyo: true });
        }),
      );
      await pause(this.scene, 180);
    }
    this.floatText(block.x, block.y - 80, `+${n}`, COLOURS.goodHex);
    await pause(this.scene, 700);
    this.inventory[p] = total;
    this.counts[p].setText(String(total));
  }

  /** Behind the gate: the block that tops up the team's scarcest power-up. */
  openGateBlock(p: PowerUp, n: number, cap: number): Promise<void> {
    return this.earn(p, n, Math.min(cap, this.inventory[p] + n), this.gateBlock);
  }

  /** The team played its wait option: no initiative reaches the gate. */
  waited(): void {
    this.floatText(this.runner.x, this.runner.y - 150, 'Waited', COLOURS.greyHex);
    animate(this.scene, { targets: this.runner, scaleX: RUNNER_SCALE * 1.1, scaleY: RUNNER_SCALE * 0.92, duration: 200, yoyo: true, repeat: 1 });
  }

  spend(p: PowerUp, n: number, total: number): void {
    const icon = this.icons[p];
    // In the lane beside the panel, never over the team's name (issue 15 item 12: "−1 −1" over the headings).
    this.floatText(PANEL_W + 120, this.y0 + 120, `−${n} ${POWER_NAME[p]}`, COLOURS.badHex, FONT.body);
    animate(this.scene, { targets: icon, angle: { from: -12, to: 12 }, duration: 70, yoyo: true, repeat: 3, onComplete: () => icon.setAngle(0) });
    this.inventory[p] = total;
    this.counts[p].setText(String(total));
  }

  /**
   * Words that say what just happened ("+1", "Through!", "No Courage used"), near (x, y) but in a place
   * clear of the "?" blocks, the gate, the panel, the used plate, the bubble and the other words on
   * screen (issue 15 item 12); they rise only where rising stays clear.
   */
  floatText(x: number, y: number, text: string, color: string, size: number = FONT.heading): void {
    const t = this.scene.add.text(x, y, text, textStyle(size, { color })).setOrigin(0.5).setDepth(30).setName('effect');
    const rise = this.placeClear(t);
    this.effects.push(t);
    t.once(Phaser.GameObjects.Events.DESTROY, () => (this.effects = this.effects.filter((e) => e !== t)));
    if (reducedMotion()) {
      this.stills.push(t);
      return;
    }
    animate(this.scene, { targets: t, y: t.y - rise, alpha: 0, delay: 1100, duration: 700, onComplete: () => t.destroy() });
  }

  /** What effect words must not cover, in this lane (with `words`: the other effect words too). */
  private obstacles(words: boolean): Phaser.Geom.Rectangle[] {
    const things: (Phaser.GameObjects.Sprite | Phaser.GameObjects.Image)[] = [...POWER_UPS.map((p) => this.blocks[p]), this.gateBlock, this.gate];
    const list = things.filter((o) => o.visible).map((o) => o.getBounds());
    list.push(new Phaser.Geom.Rectangle(0, this.y0, PANEL_W, LANE_H));
    if (this.plateRect) list.push(this.plateRect);
    if (this.bubbleRect) list.push(this.bubbleRect);
    if (this.jointText.text) list.push(this.jointText.getBounds());
    if (words) for (const e of this.effects) if (e.active && e.alpha > 0.05) list.push(e.getBounds());
    return list;
  }

  /** Moves `t` to the nearest clear place in the lane's sky; returns how far it may rise (0 or 40 px). */
  private placeClear(t: Phaser.GameObjects.Text): number {
    // Clear of everything if it can; in a crowded moment, over another word rather than over the level.
    return this.placeAmong(t, this.obstacles(true)) ?? this.placeAmong(t, this.obstacles(false)) ?? this.placeNear(t);
  }

  private placeNear(t: Phaser.GameObjects.Text): number {
    t.setPosition(Phaser.Math.Clamp(t.x, PANEL_W + 8 + t.displayWidth / 2, 1912 - t.displayWidth / 2), Phaser.Math.Clamp(t.y, this.y0 + 4 + t.displayHeight / 2, this.groundY - 4 - t.displayHeight / 2));
    return 0;
  }

  private placeAmong(t: Phaser.GameObjects.Text, obstacles: Phaser.Geom.Rectangle[]): number | null {
    const w = t.displayWidth;
    const h = t.displayHeight;
    const x0 = t.x;
    const y0 = t.y;
    const minX = PANEL_W + 8 + w / 2;
    const maxX = 1912 - w / 2;
    const minY = this.y0 + 4 + h / 2;
    const maxY = this.groundY - 4 - h / 2;
    const free = (x: number, y: number) => {
      const r = new Phaser.Geom.Rectangle(x - w / 2, y - h / 2, w, h);
      return !obstacles.some((o) => Phaser.Geom.Intersects.RectangleToRectangle(r, o));
    };
    for (const dy of [0, 50, -50, 100, -100, 150, -150, 200, -200]) {
      for (const dx of [0, 140, -140, 280, -280, 420, -420, 560, -560]) {
        const x = Phaser.Math.Clamp(x0 + dx, minX, maxX);
        const y = Phaser.Math.Clamp(y0 + dy, minY, maxY);
        if (!free(x, y)) continue;
        t.setPosition(x, y);
        return y - 40 >= minY && free(x, y - 40) ? 40 : 0;
      }
    }
    return null;
  }

  /** Reduced motion: a new beat begins, the still words of the last one go. */
  clearStills(): void {
    for (const o of this.stills) o.destroy();
    this.stills = [];
  }

  /** A star burst (a flash): not with reduced motion, where the words say it. */
  private burst(x: number, y: number): void {
    if (reducedMotion()) return;
    const burst = this.scene.add.sprite(x, y, ART.starBurst).setScale(7).setDepth(25).play(ANIM.starBurst);
    burst.once('animationcomplete', () => burst.destroy());
  }

  /** Through the innovation gate: a star moment for this team. */
  async throughGate(): Promise<void> {
    await this.runTo(X.gate + 110);
    this.burst(X.gate, this.groundY - 190);
    sfx.play('star');
    this.floatText(X.gate, this.groundY - 230, 'Through!', COLOURS.goldHex);
  }

  /** Stalls at the gate and goes round the continuous-improvement loop, back to the start. */
  async aroundLoop(reason: string): Promise<void> {
    await this.runTo(X.loop);
    animate(this.scene, { targets: this.gate, x: X.gate + 8, duration: 50, yoyo: true, repeat: 5, onComplete: () => this.gate.setX(X.gate) });
    this.floatText(X.gate, this.groundY - 230, reason, COLOURS.badHex, FONT.body);
    sfx.play('loop');
    // Once round the loop: feet on the track, turning with it, then back to where the round began.
    const r = 70;
    const half = (24 * RUNNER_SCALE) / 2;
    const cx = X.loop;
    const cy = this.groundY - half - r;
    this.runner.play(this.runAnim, true).setOrigin(0.5, 0.5).setPosition(cx, cy + r);
    await along(
      this.scene,
      1400,
      (t) => {
        const a = Math.PI / 2 - t * Math.PI * 2;
        this.runner.setPosition(cx + r * Math.cos(a), cy + r * Math.sin(a)).setAngle(-t * 360);
      },
      'Sine.easeInOut',
    );
    this.runner.setOrigin(0.5, 1).setAngle(0).setPosition(cx, this.groundY);
    await this.runTo(X.start);
  }

  async reachOpportunity(): Promise<void> {
    await this.runTo(X.opportunity - 90);
    this.runner.play(this.jumpAnim);
    const x0 = this.runner.x;
    const y0 = this.runner.y;
    const top = this.oppTop;
    await along(this.scene, 600, (t) => {
      this.runner.setPosition(x0 + (X.opportunity - x0) * t, y0 + (top - y0) * t - Math.sin(t * Math.PI) * 120);
    });
    this.runner.play(this.standAnim);
    this.burst(this.star.x, this.star.y);
    this.star.setVisible(false);
    sfx.play('powerUp');
    this.floatText(X.opportunity, top - 150, 'Opportunity!', COLOURS.goldHex);
  }

  /** The hazard walks up to the runner and hits: absorbed, a life spent, or shut down. */
  async hazardHits(kind: 'absorbed' | 'lifeLost' | 'shutDown', strikes: PowerUp, paid: number, livesAfter: number, because?: string): Promise<void> {
    // Back to the ground if the runner stood on the tower.
    if (this.runner.y !== this.groundY) await tween(this.scene, { targets: this.runner, y: this.groundY, duration: 250 });
    const target = this.runner.x + 80;
    this.hazard.setFlipX(target < this.hazard.x);
    await tween(this.scene, { targets: this.hazard, x: target, duration: Math.max(300, Math.abs(this.hazard.x - target) / 0.8) });
    sfx.play('hit');
    // Rules v2: why it hit this team (what it did not use), next to the hit.
    if (because) this.floatText(this.runner.x + 220, this.runner.y - 200, because, COLOURS.badHex, FONT.body);
    // The hit shakes the picture and flashes the runner white, except with reduced motion.
    if (!reducedMotion()) {
      this.scene.cameras.main.shake(220, 0.006);
      this.runner.setTint(COLOURS.white).setTintMode(Phaser.TintModes.FILL);
      await pause(this.scene, 120);
      this.runner.clearTint().setTintMode(Phaser.TintModes.MULTIPLY);
    }
    if (kind === 'absorbed') {
      this.spend(strikes, paid, Math.max(0, this.inventory[strikes] - paid));
      this.floatText(this.runner.x, this.runner.y - 170, 'Absorbed', COLOURS.goodHex);
    } else {
      this.inventory[strikes] = 0;
      this.counts[strikes].setText('0');
      if (kind === 'lifeLost') {
        this.setLives(livesAfter);
        this.floatText(this.runner.x, this.runner.y - 170, '−1 life', COLOURS.badHex);
      } else {
        this.runner.setTint(COLOURS.grey);
        await tween(this.scene, { targets: this.runner, angle: 90, duration: 350, ease: 'Bounce.easeOut' });
        this.floatText(this.runner.x, this.runner.y - 150, 'Shut down', COLOURS.badHex);
      }
    }
    await tween(this.scene, { targets: this.hazard, x: this.hazard.x + 140, y: this.groundY - 40, alpha: 0, duration: 500 });
  }

  /** The hazard did not strike: it shrinks away. */
  hazardMisses(): Promise<void> {
    return tween(this.scene, { targets: this.hazard, alpha: 0.25, scale: 2.5, duration: 600 });
  }

  async runToFinish(): Promise<void> {
    if (this.runner.angle !== 0) return; // shut down: stays where it fell
    if (this.runner.y !== this.groundY) await tween(this.scene, { targets: this.runner, y: this.groundY, duration: 250 });
    await this.runTo(X.flag - 70);
  }

  celebrate(): void {
    animate(this.scene, { targets: this.runner, y: this.runner.y - 60, duration: 220, yoyo: true, repeat: 2, ease: 'Quad.easeOut' });
  }

  addLife(livesAfter: number): void {
    if (livesAfter > this.lives) this.floatText(150, this.y0 + 190, '+1 life', COLOURS.goodHex);
    this.setLives(livesAfter);
  }
}
