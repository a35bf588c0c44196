import { ANIM, ART } from '../../art/textures';
import { sfx } from '../../audio/sfx';
import type { PowerUp, Team } from '../../../shared/schemas/common';
import { TEAMS } from '../../../shared/schemas/common';
import type { RoundResult } from '../../../shared/schemas/result';
import type { StageView } from '../../../shared/schemas/views';
import { RULES } from '../../../shared/engine/rules';
import { tween, wait } from '../anim';
import { SCENE, StageScene } from '../context';
import { type Beat, beatMs, revealBeats } from '../reveal/beats';
import { COLOURS, FONT, TEAM_NAME, textStyle } from '../theme';
import { drawSky } from '../widgets/backdrop';
import { Caption } from '../widgets/caption';
import { Lane } from '../widgets/lane';
import { TopBar } from '../widgets/topBar';
import { Track, type Positions } from '../widgets/track';

const POWER_NAME: Record<PowerUp, string> = { courage: 'Courage', budget: 'Budget', stories: 'Stories' };

const PHASE_HEADING: Partial<Record<StageView['phase'], string>> = {
  card: 'New situation',
  deciding: 'Vote now on your phones',
  stories: 'Stories: write one line on your phone',
  storyVote: "Vote for the other team's best story",
};

/** How long each story stays on screen during the story vote: time to read a 140-character line aloud. */
const STORY_SHOW_MS = 7000;

function positionsOf(view: StageView): Positions {
  return { buyer: view.teams.buyer.position, provider: view.teams.provider.position, competitor: view.competitor };
}

function listOf(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** One round as a side-scrolling level: the card, the countdown, the votes coming in, then the reveal. */
export class RoundScene extends StageScene {
  private lanes!: Record<Team, Lane>;
  private track!: Track;
  private caption!: Caption;
  private top!: TopBar;
  private revealed: number | null = null;
  private run = 0;
  /** For tests and the console's summary: which beat of the reveal is showing (-1: none yet). */
  beatIndex = -1;
  beats: Beat[] = [];
  /** During the story vote the caption shows the stories one after another, so the room can read them. */
  private storyShow: { stories: StageView['stories']; index: number; shownAt: number } | null = null;

  constructor() {
    super(SCENE.round);
  }

  protected build(view: StageView): void {
    this.revealed = null;
    this.beatIndex = -1;
    this.beats = [];
    this.storyShow = null;
    // A faster pace (tests, rehearsals) speeds up every tween and timer of this scene alike.
    this.tweens.timeScale = 1 / this.ctx.pace;
    this.time.timeScale = 1 / this.ctx.pace;
    drawSky(this, 3);
    this.top = new TopBar(this);
    const reach = view.card?.opportunity.reach ?? 1;
    this.lanes = { buyer: new Lane(this, 'buyer', 136, reach), provider: new Lane(this, 'provider', 442, reach) };
    this.track = new Track(this, 748, positionsOf(view));
    this.caption = new Caption(this, 834, 240);
    this.applyView(view);
  }

  applyView(view: StageView): void {
    this.top.update(view);
    const result = view.lastResult;
    if (view.phase === 'reveal' && result && result.index === view.roundIndex) {
      if (this.revealed !== result.index) void this.playReveal(result);
      return;
    }
    for (const team of TEAMS) {
      const lane = this.lanes[team];
      lane.setInventory(view.teams[team].inventory);
      lane.setLives(view.teams[team].lives);
      lane.setVoted(view.voted[team], view.teamSizes[team]);
    }
    this.track.set(positionsOf(view));
    const card = view.card;
    let body = card?.situation ?? '';
    if (view.phase === 'stories') body = `${card?.storyPrompt ?? 'Pitch it in one line.'} (${view.storiesSubmitted} written so far)`;
    if (view.phase === 'storyVote') body = `${view.storiesSubmitted} stories to choose from. The best story of each team earns it +${RULES.storyReward} Stories.`;
    if (view.phase === 'storyVote' && view.stories.length > 0) {
      const index = this.storyShow ? this.storyShow.index % view.stories.length : 0;
      this.storyShow = { stories: view.stories, index, shownAt: this.storyShow?.shownAt ?? 0 };
      this.showStory();
      return;
    }
    this.storyShow = null;
    this.caption.set(PHASE_HEADING[view.phase] ?? '', body);
  }

  private showStory(): void {
    const show = this.storyShow!;
    const story = show.stories[show.index];
    show.shownAt = this.game.loop.time;
    // Phaser text, never HTML: what participants wrote is shown as plain text.
    this.caption.set(
      `${PHASE_HEADING.storyVote} · ${show.index + 1} of ${show.stories.length}`,
      `${TEAM_NAME[story.team]} · ${story.author}: “${story.text}”`,
    );
  }

  override update(time: number): void {
    this.top?.tick();
    const show = this.storyShow;
    if (show && show.stories.length > 1 && time - show.shownAt >= STORY_SHOW_MS) {
      show.index = (show.index + 1) % show.stories.length;
      this.showStory();
    }
  }

  private async playReveal(r: RoundResult): Promise<void> {
    const run = ++this.run;
    this.revealed = r.index;
    this.beats = revealBeats(r);
    // Start from where the teams stood before the round; the beats move everything to where they are now.
    for (const team of TEAMS) {
      const t = r.teams[team];
      const lane = this.lanes[team];
      lane.reset();
      lane.hideVotes();
      lane.setInventory(t.before);
      lane.setLives(t.livesBefore);
    }
    this.track.set({ buyer: r.teams.buyer.positionBefore, provider: r.teams.provider.positionBefore, competitor: r.competitor.from });
    sfx.play('reveal');
    for (let i = 0; i < this.beats.length; i++) {
      if (run !== this.run) return;
      const beat = this.beats[i];
      this.beatIndex = i;
      this.caption.set(`${this.headingOf(beat)}   ·   ${i + 1} of ${this.beats.length}`, beat.caption, true);
      // A failing animation must never stop the captions: log it and carry on with the story.
      const animation = this.animate(beat, r).catch((e: unknown) => console.error('stage: beat animation failed', beat.kind, e));
      await Promise.all([animation, wait(this, beatMs(beat.caption))]);
    }
    if (run !== this.run) return;
    for (const team of TEAMS) this.lanes[team].setInventory(r.teams[team].after);
    this.beatIndex = this.beats.length;
  }

  private headingOf(beat: Beat): string {
    if (beat.team) return TEAM_NAME[beat.team];
    const h: Partial<Record<Beat['kind'], string>> = {
      intro: 'The reveal',
      hazardSummary: 'Hazard',
      stepChange: 'Step change',
      race: 'The race',
      lost: 'The race',
      score: 'Partnership score',
    };
    return h[beat.kind] ?? 'The reveal';
  }

  private async animate(beat: Beat, r: RoundResult): Promise<void> {
    const team = beat.team;
    const t = team ? r.teams[team] : null;
    const lane = team ? this.lanes[team] : null;
    switch (beat.kind) {
      case 'decision':
        lane!.bubble(t!.decidedBy === 'noVotes' ? `Nobody voted: "${t!.chosenLabel}"` : `"${t!.chosenLabel}"`);
        if (!t!.downgraded) await lane!.applyDeltas(t!.before, t!.afterEffects);
        return;
      case 'downgrade':
        lane!.bubble(`Can't afford it: "${t!.playedLabel}"`, 'warn');
        await lane!.applyDeltas(t!.before, t!.afterEffects);
        return;
      case 'storyBonus': {
        const storyId = r.bestStories[team!];
        const story = r.stories.find((s) => s.storyId === storyId);
        if (story) lane!.bubble(`“${story.text}” (${story.author})`);
        await lane!.earn('stories', t!.storyBonus, Math.min(RULES.inventoryCap, t!.afterEffects.stories + t!.storyBonus));
        return;
      }
      case 'gate':
        lane!.clearBubble();
        if (t!.gate === 'passed') return lane!.throughGate();
        if (t!.gate === 'waited') return lane!.waited();
        return lane!.aroundLoop(
          t!.gate === 'loopHoard' ? `Hoarding ${POWER_NAME[t!.hoarded!]}` : `No ${listOf(t!.missingAtGate.map((p) => POWER_NAME[p]))}`,
        );
      case 'blockReward':
        return lane!.openGateBlock(t!.blockReward!, RULES.gateReward, RULES.inventoryCap);
      case 'opportunity':
        return lane!.reachOpportunity();
      case 'hazard':
        if (t!.hazard === 'none') return;
        return lane!.hazardHits(t!.hazard, r.hazardStrikes, r.hazardDamage, t!.hazard === 'lifeLost' ? t!.livesBefore - 1 : t!.livesBefore);
      case 'hazardSummary':
        if (!r.hazardStruck) {
          this.announce('Missed us!', FONT.title, COLOURS.goodHex);
          await Promise.all(TEAMS.map((tm) => this.lanes[tm].hazardMisses()));
        } else this.announce(r.hazardTitle, FONT.title, COLOURS.badHex);
        return;
      case 'stepChange':
        if (r.stepChange) {
          sfx.play('star');
          this.announce('STEP CHANGE!', FONT.hero, COLOURS.goldHex);
          this.starShower();
          for (const tm of TEAMS) {
            this.lanes[tm].celebrate();
            this.lanes[tm].addLife(r.teams[tm].livesAfter);
          }
        } else this.announce('No step change', FONT.title, COLOURS.greyHex);
        return;
      case 'race': {
        const runs = TEAMS.filter((tm) => r.teams[tm].progress > 0).map((tm) => this.lanes[tm].runToFinish());
        if (runs.length) sfx.play('coin');
        await Promise.all([
          ...runs,
          this.track.moveTo({ buyer: r.teams.buyer.positionAfter, provider: r.teams.provider.positionAfter, competitor: r.competitor.to }),
        ]);
        return;
      }
      case 'lost':
        for (const tm of TEAMS) if (r.teams[tm].lostInDust) this.dust(this.track.markerOf(tm).x, this.track.markerOf(tm).y - 30);
        return;
      case 'score':
        sfx.play('coin');
        this.announce(`Score ${r.score}`, FONT.hero, COLOURS.goldHex);
        return;
      default:
        return;
    }
  }

  /** A big word in the middle of the level that pops and fades. */
  private announce(text: string, size: number, color: string): void {
    const t = this.add.text(0, 0, text, textStyle(size, { color })).setOrigin(0.5);
    const back = this.add.rectangle(0, 0, t.width + 80, t.height + 30, COLOURS.night, 0.85).setStrokeStyle(6, COLOURS.gold);
    const box = this.add.container(1100, 440, [back, t]).setDepth(60).setScale(0.3);
    void tween(this, { targets: box, scale: 1, duration: 350, ease: 'Back.easeOut' })
      .then(() => wait(this, 2000))
      .then(() => tween(this, { targets: box, alpha: 0, duration: 400 }))
      .then(() => box.destroy());
  }

  private starShower(): void {
    for (let i = 0; i < 14; i++) {
      const s = this.add
        .sprite(400 + ((i * 577) % 1450), 120 + ((i * 263) % 560), ART.starBurst)
        .setScale(5 + (i % 3))
        .setDepth(55);
      this.time.delayedCall(i * 70, () => s.play(ANIM.starBurst));
      s.once('animationcomplete', () => s.destroy());
    }
  }

  private dust(x: number, y: number): void {
    for (let i = 0; i < 5; i++) {
      const c = this.add.image(x + (i - 2) * 24, y, ART.cloud).setScale(2).setTint(COLOURS.dust).setDepth(50);
      void tween(this, { targets: c, x: c.x + (i - 2) * 30, y: y - 40 - i * 6, alpha: 0, scale: 3.5, duration: 1400 }).then(() => c.destroy());
    }
  }

  protected override teardown(): void {
    this.run++;
    this.beats = [];
  }
}
