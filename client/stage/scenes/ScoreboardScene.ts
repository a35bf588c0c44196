import { ART } from '../../art/textures';
import type { StageView } from '../../../shared/schemas/views';
import { SCENE, StageScene } from '../context';
import { COLOURS, FONT, textStyle } from '../theme';
import { drawSky } from '../widgets/backdrop';
import { drawTeamCard } from '../widgets/teamCard';
import { Track } from '../widgets/track';
import { JoinCorner } from '../widgets/joinCorner';

/** Between rounds: where each team stands, the partnership score and the race so far. */
export class ScoreboardScene extends StageScene {
  constructor() {
    super(SCENE.between);
  }

  private builtFor = -1;

  protected build(view: StageView): void {
    this.builtFor = view.roundsPlayed;
    drawSky(this, 3);
    this.add.rectangle(0, 0, 1920, 120, COLOURS.night, 0.92).setOrigin(0, 0);
    this.add.text(960, 60, `After round ${view.roundsPlayed} of ${view.roundsTotal}`, textStyle(FONT.title)).setOrigin(0.5);
    drawTeamCard(this, 'buyer', 60, 150, view);
    drawTeamCard(this, 'provider', 990, 150, view);

    this.add.rectangle(60, 730, 1800, 120, COLOURS.night, 0.9).setOrigin(0, 0).setStrokeStyle(4, COLOURS.gold);
    this.add.text(100, 790, `Partnership score ${view.score}`, textStyle(FONT.title, { color: COLOURS.goldHex })).setOrigin(0, 0.5);
    const label = this.add.text(1000, 790, 'Step changes', textStyle(FONT.heading)).setOrigin(0, 0.5);
    const sx = label.x + label.width + 50;
    const stars = Math.min(view.stepChanges, 6);
    for (let i = 0; i < stars; i++) this.add.image(sx + i * 70, 790, ART.starBurst, 1).setScale(4);
    if (view.stepChanges === 0) this.add.text(sx - 20, 790, 'none yet', textStyle(FONT.heading, { color: COLOURS.greyHex })).setOrigin(0, 0.5);
    else if (view.stepChanges > stars) this.add.text(sx + stars * 70, 790, `×${view.stepChanges}`, textStyle(FONT.heading)).setOrigin(0, 0.5);

    new Track(this, 880, { buyer: view.teams.buyer.position, provider: view.teams.provider.position, competitor: view.competitor });
    const next = view.roundsPlayed < view.roundsTotal ? `Next: round ${view.roundsPlayed + 1} of ${view.roundsTotal}` : 'That was the last round';
    this.add.text(60, 1021, `${next}   ·   competitor at step ${view.competitor}`, textStyle(FONT.body)).setOrigin(0, 0.5);
    this.join = new JoinCorner(this, this.ctx, { x: 1344, y: 966, w: 560, h: 108 });
    this.join.setLocked(view.locked);
  }

  join!: JoinCorner;

  applyView(view: StageView): void {
    this.join.setLocked(view.locked);
    // Nothing here changes while the facilitator talks, except a late view (e.g. after a reconnect): redraw.
    if (view.roundsPlayed !== this.builtFor) this.scene.restart({ ctx: this.ctx });
  }
}
