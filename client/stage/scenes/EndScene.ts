import { ANIM, ART } from '../../art/textures';
import { sfx } from '../../audio/sfx';
import type { Outcome } from '../../../shared/schemas/state';
import type { StageView } from '../../../shared/schemas/views';
import { animate, reducedMotion } from '../anim';
import { SCENE, StageScene } from '../context';
import { COLOURS, FONT, textStyle } from '../theme';
import { drawSky } from '../widgets/backdrop';
import { Track } from '../widgets/track';
import { plural } from '../../dom/format';

/** How much to celebrate each named outcome: 3 fireworks and confetti … 0 a dusty, quiet end. */
export const CELEBRATION: Record<Outcome['name'], number> = {
  'Innovation partners': 3,
  'Sparks of innovation': 2,
  'Treading water': 1,
  'Out of step': 0,
  'Lost in the dust': 0,
};

/** The finale: the named outcome, big, and a celebration in proportion to it. */
export class EndScene extends StageScene {
  constructor() {
    super(SCENE.end);
  }

  private builtFor: string | null = null;

  protected build(view: StageView): void {
    this.builtFor = view.outcome?.name ?? null;
    const outcome = view.outcome;
    const level = outcome ? CELEBRATION[outcome.name] : 1;
    drawSky(this, level === 0 ? 2 : 4);
    if (level === 0) this.add.rectangle(0, 0, 1920, 1080, COLOURS.night, 0.45).setOrigin(0, 0);

    this.add.text(960, 110, 'The outcome', textStyle(FONT.heading, { color: COLOURS.greyHex })).setOrigin(0.5);
    const name = this.add
      .text(960, 250, outcome?.name ?? 'Game over', textStyle(FONT.hero, { color: level >= 2 ? COLOURS.goldHex : '#FFFFFF' }))
      .setOrigin(0.5)
      .setScale(0.2);
    animate(this, { targets: name, scale: 1, duration: 700, ease: 'Back.easeOut' });
    const summary = outcome ? this.add.text(960, 350, outcome.summary, textStyle(FONT.caption, { wrap: 1700, align: 'center' })).setOrigin(0.5, 0) : null;
    // Under the summary however many lines it wraps to (a three-line one reached the score's line), above the race.
    const score = this.add
      .text(960, 0, `Partnership score ${view.score}   ·   step changes ${view.stepChanges}   ·   ${plural(view.roundsPlayed, 'round')}`, textStyle(FONT.heading))
      .setOrigin(0.5, 0);
    score.setY(Math.min(Math.max(520, summary ? summary.y + summary.height + 24 : 0), 630 - score.height));
    new Track(this, 640, { buyer: view.teams.buyer.position, provider: view.teams.provider.position, competitor: view.competitor });

    // The runners on their ground; how they behave says the rest.
    this.add.tileSprite(0, 1016, 1920, 64, ART.tileGround).setOrigin(0, 0).setTileScale(4);
    const buyer = this.add.sprite(700, 1016, ART.runnerBuyer, 0).setOrigin(0.5, 1).setScale(8);
    const provider = this.add.sprite(1220, 1016, ART.runnerProvider, 0).setOrigin(0.5, 1).setScale(8);
    const rival = this.add.sprite(level === 0 ? 1700 : 200, 1016, ART.runnerCompetitor).setOrigin(0.5, 1).setScale(6).play(ANIM.competitorRun);
    if (level === 0) {
      animate(this, { targets: rival, x: 2100, duration: 4000, repeat: -1, repeatDelay: 1500 });
      this.dustDrift();
      return;
    }
    animate(this, { targets: rival, alpha: 0.6, duration: 10 });
    animate(this, {
      targets: [buyer, provider],
      y: 1016 - 30 * level,
      duration: 300,
      yoyo: true,
      repeat: -1,
      repeatDelay: 1400 - level * 300,
      ease: 'Quad.easeOut',
      onYoyo: () => buyer.setFrame(5),
      onRepeat: () => buyer.setFrame(0),
    });
    // Confetti and fireworks are all motion: with reduced motion the named outcome and the cheering runners say it.
    if (!reducedMotion()) {
      this.confetti(level);
      if (level >= 2) this.fireworks(level);
    }
    sfx.play(level >= 2 ? 'star' : 'powerUp');
  }

  applyView(view: StageView): void {
    if ((view.outcome?.name ?? null) !== this.builtFor) this.scene.restart({ ctx: this.ctx });
  }

  private confetti(level: number): void {
    const common = {
      x: { min: 0, max: 1920 },
      y: -30,
      speedY: { min: 120, max: 260 },
      speedX: { min: -50, max: 50 },
      rotate: { min: 0, max: 360 },
      lifespan: 9000,
      scale: { min: 2.5, max: 4 },
    };
    this.add.particles(0, 0, ART.starBurst, { ...common, frame: [1], frequency: [0, 700, 220, 90][level] });
    if (level >= 2) this.add.particles(0, 0, ART.powerupBudget, { ...common, frequency: level === 3 ? 160 : 420 });
    if (level >= 3) this.add.particles(0, 0, ART.powerupCourage, { ...common, frequency: 220 });
  }

  private fireworks(level: number): void {
    let n = 0;
    this.time.addEvent({
      delay: level === 3 ? 450 : 1100,
      loop: true,
      callback: () => {
        n++;
        const s = this.add
          .sprite(260 + ((n * 613) % 1400), 120 + ((n * 277) % 420), ART.starBurst)
          .setScale(6 + (n % 4))
          .setDepth(1)
          .play(ANIM.starBurst);
        s.once('animationcomplete', () => s.destroy());
      },
    });
  }

  private dustDrift(): void {
    const still = reducedMotion();
    for (let i = 0; i < 6; i++) {
      // Reduced motion: the dust lies still across the ground instead of blowing past.
      const c = this.add.image(still ? 160 + i * 320 : -200 - i * 320, 960 - (i % 3) * 40, ART.cloud).setScale(5).setTint(COLOURS.dust).setAlpha(0.7);
      animate(this, { targets: c, x: 2200, duration: 9000, delay: i * 700, repeat: -1 });
    }
  }
}
