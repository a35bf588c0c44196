import type Phaser from 'phaser';
import { shortComparison, splitLine } from '../../../shared/engine/v2/predictionRecord';
import { ANIM, ART } from '../../art/textures';
import { sfx } from '../../audio/sfx';
import type { PowerUp, Team } from '../../../shared/schemas/common';
import { TEAMS } from '../../../shared/schemas/common';
import type { RoundResult } from '../../../shared/schemas/result';
import type { StageView } from '../../../shared/schemas/views';
import { RULES } from '../../../shared/engine/rules';
import { pause, reducedMotion, tween, wait } from '../anim';
import { SCENE, StageScene } from '../context';
import { type Beat, beatMs, revealBeats } from '../../../shared/engine/narration';
import { plural } from '../../dom/format';
import { COLOURS, FONT, TEAM_NAME, textStyle } from '../theme';
import { drawSky } from '../widgets/backdrop';
import { Caption } from '../widgets/caption';
import { JoinCorner } from '../widgets/joinCorner';
import { huddleCaption, withStakes } from '../huddleSummary';
import { Lane, X } from '../widgets/lane';
import { StoryBoard } from '../widgets/storyBoard';
import { TopBar } from '../widgets/topBar';
import { Track, type Positions } from '../widgets/track';

const POWER_NAME: Record<PowerUp, string> = { courage: 'Courage', budget: 'Budget', stories: 'Stories' };

const PHASE_HEADING: Partial<Record<StageView['phase'], string>> = {
  card: 'New situation',
  deciding: 'Vote now on your phones',
  stories: 'Stories: write one line on your phone',
  storyVote: "Vote for the other team's best story",
};

// Rules v2: the pitches come before the vote.
const PHASE_HEADING_V2: Partial<Record<StageView['phase'], string>> = {
  stories: 'Pitches: one line to the other team, before the vote',
  storyVote: 'Back one pitch of the other team',
};

/** With more stories than one board holds, how long each page stays: time to read six lines aloud. */
const STORY_PAGE_MS = 20_000;

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
  join!: JoinCorner;
  private top!: TopBar;
  private revealed: number | null = null;
  private run = 0;
  /** For tests and the console's summary: which beat of the reveal is showing (-1: none yet). */
  beatIndex = -1;
  beats: Beat[] = [];
  /** During the story vote the board shows the stories side by side (in pages when there are many). */
  private storyShow: { stories: StageView['stories']; page: number; shownAt: number } | null = null;
  private board!: StoryBoard;
  /** Reduced motion: the beat's big word, still, until the next beat. */
  private banner: Phaser.GameObjects.Container | null = null;
  /** How many steps of the reveal the room has been told (the server holds it: RoundState.narration). */
  private told = 0;
  private toldChanged: (() => void) | null = null;

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
    this.drawLegend(view);
    // The caption leaves the bottom-right corner to the room code, QR and address (issue 15 item 11).
    this.caption = new Caption(this, 834, 240, 1452);
    this.join = new JoinCorner(this, this.ctx, { x: 1484, y: 834, w: 420, h: 240 });
    this.board = new StoryBoard(this, { x: 16, y: 136, w: 1888, h: 692 });
    // Rules v2: the hazard stands back in the lane of a team it cannot hit.
    const hits = view.rules === 2 ? view.card?.hazard.hits : undefined;
    if (view.rules === 2)
      for (const team of TEAMS) {
        this.lanes[team].hideGateBlock();
        if (hits !== 'both' && hits !== team) this.lanes[team].hazardIdle();
      }
    this.applyView(view);
  }

  applyView(view: StageView): void {
    this.top.update(view);
    this.join.setLocked(view.locked);
    const result = view.lastResult;
    if (view.phase === 'reveal' && result && result.index === view.roundIndex) {
      this.endStoryShow();
      this.setTold(view);
      if (this.revealed !== result.index) void this.playReveal(result);
      return;
    }
    for (const team of TEAMS) {
      const lane = this.lanes[team];
      lane.setInventory(view.teams[team].inventory);
      lane.setLives(view.teams[team].lives);
      // "Voted n/m" only while people vote on their move, never during the stories (issue 15 item 12).
      if (view.phase === 'deciding' || view.phase === 'huddle') lane.setVoted(view.voted[team], view.teamSizes[team]);
      else lane.hideVotes();
      lane.setJointBacking(view.rules === 2 && (view.phase === 'deciding' || view.phase === 'huddle') && view.jointBacking ? view.jointBacking[team] : null, view.teamSizes[team]);
    }
    this.track.set(positionsOf(view));
    if (view.rules === 2) return this.applyViewV2(view);
    const card = view.card;
    let body = card?.situation ?? '';
    if (view.phase === 'stories') body = `${card?.storyPrompt ?? 'Pitch it in one line.'} (${view.storiesSubmitted} written so far)`;
    if (view.phase === 'storyVote') body = `${plural(view.storiesSubmitted, 'story', 'stories')} to choose from. The best story of each team earns it +${RULES.storyReward} Stories.`;
    if (view.phase === 'storyVote' && view.stories.length > 0) return this.startStoryShow(view);
    this.endStoryShow();
    this.caption.set(PHASE_HEADING[view.phase] ?? '', body);
  }

  /** Rules v2's captions: pitches before the vote; while voting, the joint move's backing and the competitor's pace. */
  private applyViewV2(view: StageView): void {
    const card = view.card;
    // A huddle round states its stakes in every caption (issue 12 item 2).
    const set = (heading: string, body: string) => this.caption.set(heading, withStakes(view, body));
    if (view.phase === 'storyVote' && view.stories.length > 0) return this.startStoryShow(view);
    this.endStoryShow();
    const pace = `competitor +${plural(view.competitorNext ?? 0, 'step')} this round`;
    if (view.phase === 'stories') {
      set(PHASE_HEADING_V2.stories!, `${card?.storyPrompt ?? 'Pitch it in one line.'} (${view.storiesSubmitted} written so far)`);
    } else if (view.phase === 'storyVote') {
      set(PHASE_HEADING_V2.storyVote!, 'No pitches were written this round.');
    } else if (view.phase === 'predicting') {
      // Issue 12 item 1: the vote is closed; each team's split of predictions as it comes in.
      const s = view.predictions;
      set('The vote is closed \u00b7 predict on your phones', s ? `${splitLine('buyer', s.buyer)} ${splitLine('provider', s.provider)}` : 'Does your move get through? Will there be a step change?');
    } else if (view.phase === 'huddle') {
      const h = huddleCaption(view);
      this.caption.set(h.heading, h.body);
    } else if (view.phase === 'deciding') {
      const b = view.jointBacking ?? { buyer: 0, provider: 0 };
      const joint = `\u2605 Joint move${card?.joint ? ` \u201c${card.joint.title}\u201d` : ''}: ${b.buyer} of ${plural(view.teamSizes.buyer, 'Buyer')} and ${b.provider} of ${plural(view.teamSizes.provider, 'Provider')} back their part.`;
      // Anonymous, like the pitches on the board (issue 15 item 12).
      const backed = TEAMS.filter((t) => view.pitches?.[t])
        .map((t) => `${TEAM_NAME[t]} pitch: backed by ${view.pitches![t]!.votes} of ${view.pitches![t]!.of}.`)
        .join(' ');
      set(`${PHASE_HEADING.deciding} \u00b7 ${pace}`, backed ? `${joint} ${backed}` : joint);
    } else set(`${PHASE_HEADING[view.phase] ?? ''}${view.phase === 'card' ? ` \u00b7 ${pace}` : ''}`, card?.situation ?? '');
  }

  private startStoryShow(view: StageView): void {
    const page = this.storyShow ? this.storyShow.page % StoryBoard.pages(view.stories.length) : 0;
    this.storyShow = { stories: view.stories, page, shownAt: this.storyShow?.shownAt ?? this.game.loop.time };
    this.showStory();
  }

  private endStoryShow(): void {
    this.storyShow = null;
    this.board?.hide();
  }

  /** The stories side by side on the board, anonymous (issue 15 item 12); the caption says how to vote. */
  private showStory(): void {
    const show = this.storyShow!;
    const view = this.ctx.view;
    const v2 = view?.rules === 2;
    const pages = StoryBoard.pages(show.stories.length);
    this.board.show(show.stories, show.page);
    const count = plural(show.stories.length, v2 ? 'pitch' : 'story', v2 ? 'pitches' : 'stories');
    const page = pages > 1 ? ` · page ${show.page + 1} of ${pages}` : '';
    const how = v2
      ? 'Each team backs one pitch of the other team on its phones.'
      : `Each team votes for the other team's best story on its phones; the best story of each team earns it +${RULES.storyReward} Stories.`;
    const heading = `${v2 ? PHASE_HEADING_V2.storyVote : PHASE_HEADING.storyVote} · ${count}${page}`;
    if (v2 && view) this.caption.set(heading, withStakes(view, how));
    else this.caption.set(heading, how);
  }

  override update(time: number): void {
    this.top?.tick();
    const show = this.storyShow;
    if (show && StoryBoard.pages(show.stories.length) > 1 && time - show.shownAt >= STORY_PAGE_MS) {
      show.page = (show.page + 1) % StoryBoard.pages(show.stories.length);
      show.shownAt = time;
      this.showStory();
    }
  }

  /** The live stage follows the server's narration step; the replay (and a view without one) paces itself. */
  private setTold(view: StageView): void {
    const n = view.narration;
    this.told = this.ctx.followNarration && n ? n.step : Number.MAX_SAFE_INTEGER;
    const wake = this.toldChanged;
    this.toldChanged = null;
    wake?.();
  }

  /** Holds a beat until the room has been told `step` steps (self-paced: the sentence's reading time). */
  private async untilTold(step: number, run: number, caption: string): Promise<void> {
    if (this.told === Number.MAX_SAFE_INTEGER) return wait(this, beatMs(caption));
    while (run === this.run && this.told < step) await new Promise<void>((resolve) => (this.toldChanged = resolve));
  }

  /**
   * Where to jump when the facilitator skipped to the end and the stage is more than one step behind
   * (0-based: the last step); null otherwise. A stage only a little behind the clock (a slow machine)
   * plays every beat in order and catches up, so no picture is lost.
   */
  private jumpTarget(i: number): number | null {
    if (this.told === Number.MAX_SAFE_INTEGER || this.told < this.beats.length) return null;
    const now = this.beats.length - 1;
    return now > i + 1 ? now : null;
  }

  private showBeat(round: number, i: number): void {
    const beat = this.beats[i];
    this.beatIndex = i;
    this.clearStills();
    this.ctx.onBeat?.(round, i);
    this.caption.set(`${this.headingOf(beat)}   ·   ${i + 1} of ${this.beats.length}`, beat.caption, true);
  }

  private finishReveal(r: RoundResult): void {
    for (const team of TEAMS) this.lanes[team].setInventory(r.teams[team].after);
    this.beatIndex = this.beats.length;
    this.ctx.onBeat?.(r.index, this.beats.length);
    // Issue 12 item 1: once the round is told, what each team predicted against what happened.
    if (r.predictions) this.caption.set('Predicted and what happened', `${shortComparison(r, 'buyer')} ${shortComparison(r, 'provider')}`);
  }

  /**
   * A stage that joins the reveal late (opened or reloaded mid-reveal) or is told to skip ahead: the
   * numbers after the round at once, and the narration from the step the room is at, in words.
   */
  private async tellFrom(r: RoundResult, from: number, run: number): Promise<void> {
    this.clearStills();
    for (const team of TEAMS) {
      const lane = this.lanes[team];
      lane.reset();
      lane.hideVotes();
      lane.clearBubble();
      lane.setJointBacking(null);
      lane.setInventory(r.teams[team].after);
      lane.setLives(r.teams[team].livesAfter);
    }
    this.track.set({ buyer: r.teams.buyer.positionAfter, provider: r.teams.provider.positionAfter, competitor: r.competitor.to });
    for (let i = from; i < this.beats.length; i++) {
      if (run !== this.run) return;
      this.showBeat(r.index, i);
      const last = i === this.beats.length - 1;
      if (last) await wait(this, beatMs(this.beats[i].caption));
      else await this.untilTold(i + 2, run, this.beats[i].caption);
      const ahead = this.jumpTarget(i);
      if (ahead !== null) i = ahead - 1;
    }
    if (run === this.run) this.finishReveal(r);
  }

  private async playReveal(r: RoundResult): Promise<void> {
    const run = ++this.run;
    this.revealed = r.index;
    this.beats = revealBeats(r);
    // Opened or reloaded during the reveal: resume at the room's step with the numbers after the round.
    const joinedAt = this.told === Number.MAX_SAFE_INTEGER ? 0 : Math.min(this.beats.length, this.told) - 1;
    if (joinedAt > 0) return this.tellFrom(r, joinedAt, run);
    // Start from where the teams stood before the round; the beats move everything to where they are now.
    for (const team of TEAMS) {
      const t = r.teams[team];
      const lane = this.lanes[team];
      lane.reset();
      lane.hideVotes();
      lane.setJointBacking(null);
      lane.setInventory(t.before);
      lane.setLives(t.livesBefore);
    }
    this.track.set({ buyer: r.teams.buyer.positionBefore, provider: r.teams.provider.positionBefore, competitor: r.competitor.from });
    sfx.play('reveal');
    for (let i = 0; i < this.beats.length; i++) {
      if (run !== this.run) return;
      const beat = this.beats[i];
      this.showBeat(r.index, i);
      // A failing animation must never stop the captions: log it and carry on with the story.
      const animation = this.animate(beat, r).catch((e: unknown) => console.error('stage: beat animation failed', beat.kind, e));
      // The server moves the narration on (its clock at reading pace, or the facilitator); the last
      // sentence stays up for its reading time.
      const last = i === this.beats.length - 1;
      await Promise.all([animation, last ? wait(this, beatMs(beat.caption)) : this.untilTold(i + 2, run, beat.caption)]);
      const ahead = this.jumpTarget(i);
      if (ahead !== null && run === this.run) return this.tellFrom(r, ahead, run);
    }
    if (run !== this.run) return;
    this.finishReveal(r);
  }

  /**
   * What the level's things are, named on the Buyer lane's ground under each of them (ring, arch, star,
   * monster, flag), and on the Provider lane's ground the card's own hazard and opportunity (issue 15 item 12).
   */
  private drawLegend(view: StageView): void {
    const y = this.lanes.buyer.groundY + 34;
    const label = (x: number, text: string, origin = 0.5) => this.add.text(x, y, text, textStyle(FONT.body)).setOrigin(origin, 0.5).setDepth(6).setName('legend');
    label(X.loop, 'Loop');
    label(X.gate, 'Gate');
    label(X.opportunity - 70, 'Opportunity');
    label(X.hazard - 20, 'Hazard');
    label(1914, 'Finish', 1);
    const card = view.card;
    if (!card) return;
    const y2 = this.lanes.provider.groundY + 34;
    const line = this.add
      .text(1910, y2, `Hazard: ${card.hazard.title}   \u00b7   Opportunity: ${card.opportunity.title}`, textStyle(FONT.body, { color: COLOURS.goldHex }))
      .setOrigin(1, 0.5)
      .setDepth(6)
      .setName('legend');
    const room = 1910 - 330;
    if (line.width > room) line.setScale(Math.max(0.75, room / line.width));
  }

  /** Reduced motion: what the last beat left standing (its banner, its words) goes when the next begins. */
  private clearStills(): void {
    this.banner?.destroy();
    this.banner = null;
    for (const team of TEAMS) this.lanes[team].clearStills();
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
      decisions: 'The decisions',
      used: 'At the gate',
      joint: 'Joint move',
      treading: 'Treading water',
      dodged: 'Hazard',
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
        // The winning story, anonymous like the vote (issue 15 item 12).
        if (story) lane!.bubble(`\u2605 Best story: “${story.text}”`);
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
        return lane!.hazardHits(
          t!.hazard,
          r.hazardStrikes,
          r.hazardDamage,
          t!.hazard === 'lifeLost' ? t!.livesBefore - 1 : t!.livesBefore,
          r.rules === 2 ? `No ${POWER_NAME[r.hazardStrikes]} used` : undefined,
        );
      case 'hazardSummary':
        if (!r.hazardStruck) {
          this.announce('Missed us!', FONT.title, COLOURS.goodHex);
          await Promise.all(TEAMS.map((tm) => this.lanes[tm].hazardMisses()));
        } else this.announce(r.hazardTitle, FONT.title, COLOURS.badHex);
        return;
      case 'decisions':
        await Promise.all(TEAMS.map((tm) => this.decide(r, tm)));
        return;
      case 'used':
        await Promise.all(TEAMS.map((tm) => this.lanes[tm].showUsed(r.teams[tm].spent ?? [], r.teams[tm].coveredByPartner ?? [])));
        return;
      case 'joint':
        return this.jointMoment();
      case 'treading':
        for (const tm of TEAMS) this.lanes[tm].dimUsed();
        sfx.play('loop');
        this.announce('Treading water', FONT.title, COLOURS.greyHex);
        await Promise.all(TEAMS.map((tm) => (r.teams[tm].gate === 'waited' ? Promise.resolve(this.lanes[tm].waited()) : this.lanes[tm].aroundLoop('Treading water'))));
        return;
      case 'dodged': {
        const h = this.ctx.view?.card?.hazard;
        const safe = TEAMS.filter((tm) => (h?.hits === 'both' || h?.hits === tm) && !r.teams[tm].hazardTargeted);
        for (const tm of safe) this.lanes[tm].floatText(X.hazard, this.lanes[tm].groundY - 200, `Used ${POWER_NAME[r.hazardStrikes]}: safe`, COLOURS.goodHex, FONT.body);
        await Promise.all(safe.map((tm) => this.lanes[tm].hazardMisses()));
        return;
      }
      case 'stepChange':
        if (r.rules === 2) return this.gateV2(r);
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
        // Rules v2 has no separate "lost" sentence: the dust follows the race.
        if (r.rules === 2) for (const tm of TEAMS) if (r.teams[tm].lostInDust) this.dust(this.track.markerOf(tm).x, this.track.markerOf(tm).y - 30);
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

  /** Rules v2: one team's decision (its bubble, then what it spent or earned), both teams at once. */
  private async decide(r: RoundResult, team: Team): Promise<void> {
    const t = r.teams[team];
    const lane = this.lanes[team];
    // The team's pitch the other team backed most, under its move: the winning story on the stage (issue 15 item 12).
    const pitch = r.pitches?.[team];
    const story = pitch ? r.stories.find((s) => s.storyId === pitch.storyId) : undefined;
    const pitchLine = pitch && story ? `\n\u2605 Pitch backed by ${pitch.votes} of ${pitch.of}: \u201c${story.text}\u201d` : '';
    if (t.downgraded) lane.bubble(`Can't afford "${t.chosenLabel}": waits${pitchLine}`, 'warn');
    else lane.bubble(`${t.decidedBy === 'noVotes' ? `Nobody voted: "${t.playedLabel}"` : `"${t.playedLabel}"${t.jointPart ? ' \u2605' : ''}`}${pitchLine}`);
    await lane.applyDeltas(t.before, t.afterEffects);
  }

  /**
   * Rules v2: the joint move fires, a moment of its own: a gold beam joins the two lanes at the gate,
   * stars run along it, and both runners step up to it together.
   */
  private async jointMoment(): Promise<void> {
    sfx.play('star');
    const top = this.lanes.buyer.y0 + 20;
    const bottom = this.lanes.provider.groundY;
    const beam = this.add.rectangle(X.gate, top, 36, bottom - top, COLOURS.gold, 0.9).setOrigin(0.5, 0).setDepth(18).setScale(1, 0);
    void tween(this, { targets: beam, scaleY: 1, duration: 500, ease: 'Cubic.easeOut' });
    for (let i = 0; i < 6 && !reducedMotion(); i++) {
      const s = this.add.sprite(X.gate, top + ((bottom - top) * (i + 0.5)) / 6, ART.starBurst).setScale(6).setDepth(19);
      this.time.delayedCall(200 + i * 90, () => s.play(ANIM.starBurst));
      s.once('animationcomplete', () => s.destroy());
    }
    this.announce('JOINT MOVE!', FONT.hero, COLOURS.goldHex);
    await Promise.all(TEAMS.map((tm) => this.lanes[tm].runTo(X.gate - 90)));
    await pause(this, 600);
    void tween(this, { targets: beam, alpha: 0.35, duration: 600 });
  }

  /** Rules v2's gate: a step change (through, then the opportunity for the joint move), or round the loop. */
  private async gateV2(r: RoundResult): Promise<void> {
    for (const tm of TEAMS) {
      this.lanes[tm].clearBubble();
      this.lanes[tm].dimUsed();
    }
    if (r.stepChange) {
      sfx.play('star');
      this.announce('STEP CHANGE!', FONT.hero, COLOURS.goldHex);
      this.starShower();
      await Promise.all(TEAMS.map((tm) => this.lanes[tm].throughGate()));
      for (const tm of TEAMS) this.lanes[tm].addLife(r.teams[tm].livesAfter);
      const reached = TEAMS.filter((tm) => r.teams[tm].opportunityReached);
      // Let "Through!" fade before "Opportunity!" rises next to it.
      if (reached.length) await pause(this, 1200);
      await Promise.all(reached.map((tm) => this.lanes[tm].reachOpportunity()));
      return;
    }
    this.announce('No step change', FONT.title, COLOURS.greyHex);
    await Promise.all(
      TEAMS.map((tm) => {
        const t = r.teams[tm];
        if (t.gate === 'waited') return Promise.resolve(this.lanes[tm].waited());
        const missing = t.missingAtGate.map((p) => POWER_NAME[p]);
        return this.lanes[tm].aroundLoop(missing.length ? `No ${listOf(missing)}` : 'Shut down');
      }),
    );
  }

  /** A big word in the middle of the level that pops and fades (reduced motion: a still banner for the whole beat). */
  private announce(text: string, size: number, color: string): void {
    const t = this.add.text(0, 0, text, textStyle(size, { color })).setOrigin(0.5);
    const back = this.add.rectangle(0, 0, t.width + 80, t.height + 30, COLOURS.night, 0.85).setStrokeStyle(6, COLOURS.gold);
    const box = this.add.container(1100, 440, [back, t]).setDepth(60);
    if (reducedMotion()) {
      this.banner?.destroy();
      this.banner = box;
      return;
    }
    box.setScale(0.3);
    void tween(this, { targets: box, scale: 1, duration: 350, ease: 'Back.easeOut' })
      .then(() => wait(this, 2000))
      .then(() => tween(this, { targets: box, alpha: 0, duration: 400 }))
      .then(() => box.destroy());
  }

  private starShower(): void {
    if (reducedMotion()) return;
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
    this.toldChanged?.();
    this.toldChanged = null;
    this.banner = null;
    this.beats = [];
  }
}
