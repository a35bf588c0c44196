import Phaser from 'phaser';
import { ART, CROWD_FRAMES } from '../../art/textures';
import { sfx } from '../../audio/sfx';
import type { Team } from '../../../shared/schemas/common';
import type { StageView } from '../../../shared/schemas/views';
import { animate } from '../anim';
import { SCENE, StageScene } from '../context';
import { qrTextureKey } from '../qrTexture';
import { COLOURS, FONT, TEAM_NAME, teamColour, textStyle } from '../theme';
import { drawSky } from '../widgets/backdrop';

/** At most this many avatars are drawn per team; the rest are counted ("+N more"). 2 × 100 = 200 on stage. */
export const MAX_AVATARS_PER_TEAM = 100;
/** Names are shown under the avatars while every team fits in the named grid. */
const NAMED_PER_TEAM = 12;

const CROWD_TOP = 600;
const AREA_W = 900;
const AREA_X: Record<Team, number> = { buyer: 40, provider: 980 };

type Avatar = { sprite: Phaser.GameObjects.Image; label: Phaser.GameObjects.Text | null; team: Team; named: boolean; cols: number };

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}

/** Named grid columns: three wide cells while a team has up to nine, four for ten to twelve. */
function namedColumns(largestTeam: number): number {
  return largestTeam <= 9 ? 3 : 4;
}
const CELL_W: Record<number, number> = { 3: 300, 4: 225 };

/** A name is at most one cell wide (12 px clear on each side), measured: the whole name if it fits, else the
 * first name and the last one's initial ("Annika L."), else the first name, cut with an ellipsis only if even
 * that is too wide (a first name is what the room calls people). */
function fitName(t: Phaser.GameObjects.Text, cols: number): Phaser.GameObjects.Text {
  const NAME_W = CELL_W[cols] - 25;
  const words = t.text.trim().split(/\s+/);
  const forms = [t.text, words.length > 1 ? `${words[0]} ${[...words[words.length - 1]][0]}.` : '', words[0]].filter(Boolean);
  for (const form of forms) {
    t.setText(form);
    if (t.width <= NAME_W) return t;
  }
  let s = t.text;
  while (t.width > NAME_W && s.length > 1) {
    s = s.slice(0, -1);
    t.setText(`${s.trimEnd()}\u2026`);
  }
  return t;
}

/** Where the i-th avatar of a team sits, in the named grid (3 × 3 or 4 × 3) or the crowd grid (19 × 8). */
function cell(team: Team, i: number, named: boolean, cols = 4): { x: number; y: number; scale: number } {
  const x0 = AREA_X[team];
  const y0 = CROWD_TOP + 84;
  if (named) return { x: x0 + CELL_W[cols] / 2 + (i % cols) * CELL_W[cols], y: y0 + 34 + Math.floor(i / cols) * 128, scale: 6 };
  return { x: x0 + 24 + (i % 19) * 46, y: y0 + 24 + Math.floor(i / 19) * 46, scale: 4 };
}

export class LobbyScene extends StageScene {
  private avatars = new Map<string, Avatar>();
  private headers = {} as Record<Team, Phaser.GameObjects.Text>;
  private more = {} as Record<Team, Phaser.GameObjects.Text>;
  private lastJoinSound = 0;
  /** What invites people to join (hidden while the room is locked) and what says it is locked. */
  private invite: (Phaser.GameObjects.GameObject & Phaser.GameObjects.Components.Visible)[] = [];
  private lockedNote: Phaser.GameObjects.Text | null = null;

  constructor() {
    super(SCENE.lobby);
  }

  protected build(view: StageView): void {
    this.avatars = new Map();
    this.invite = [];
    drawSky(this, 4);
    this.add.text(80, 28, 'POWER UP', textStyle(96, { color: COLOURS.goldHex })).setLetterSpacing(6);
    this.add.text(80, 150, 'Room code', textStyle(FONT.body, { color: '#1B1A2E', stroke: false }));
    this.add.text(72, 188, this.ctx.code, textStyle(FONT.code)).setLetterSpacing(24);
    const shown = this.ctx.joinUrl.replace(/^https?:\/\//, '');
    const joinLabel = this.add.text(80, 450, 'Join on your phone:', textStyle(FONT.body, { color: '#1B1A2E', stroke: false }));
    const urlText = this.add.text(80, 500, shown, textStyle(FONT.heading, { wrap: 1300 }));
    this.invite = [joinLabel, urlText];
    // A locked room invites nobody (issue 15 item 11): the join address and QR give way to this.
    this.lockedNote = this.add.text(80, 470, 'The room is locked: no new players can join.', textStyle(FONT.heading, { color: COLOURS.goldHex, wrap: 1300 })).setVisible(false);
    // The QR code arrives once the join address is known (the LAN address when opened on localhost).
    this.drawQr(() => urlText.setText(this.ctx.joinUrl.replace(/^https?:\/\//, '')));

    for (const team of ['buyer', 'provider'] as const) {
      const c = teamColour(team);
      this.add.rectangle(AREA_X[team], CROWD_TOP, AREA_W, 470, c.dark, 0.82).setOrigin(0, 0);
      this.add.rectangle(AREA_X[team], CROWD_TOP, AREA_W, 10, c.main).setOrigin(0, 0);
      this.headers[team] = this.add.text(AREA_X[team] + 24, CROWD_TOP + 18, '', textStyle(FONT.heading, { color: c.lightHex }));
      this.more[team] = this.add.text(AREA_X[team] + AREA_W - 24, CROWD_TOP + 30, '', textStyle(FONT.body)).setOrigin(1, 0);
    }
    this.applyView(view);
  }

  private drawQr(onPlaced: () => void): void {
    const key = qrTextureKey(this.ctx.code);
    const place = () => {
      onPlaced();
      const size = 420;
      const frame = this.add.rectangle(1660, 270, size + 24, size + 24, COLOURS.white).setStrokeStyle(6, COLOURS.ink);
      const img = this.add.image(1660, 270, key);
      img.setScale(size / img.width);
      const scan = this.add.text(1660, 510, 'Scan to join', textStyle(FONT.body)).setOrigin(0.5, 0);
      this.invite.push(frame, img, scan);
      this.showLock();
    };
    if (this.textures.exists(key)) place();
    else this.textures.once(Phaser.Textures.Events.ADD_KEY + key, place, this);
  }

  private showLock(): void {
    const locked = !!this.ctx.view?.locked;
    for (const o of this.invite) o.setVisible(!locked);
    this.lockedNote?.setVisible(locked);
  }

  applyView(view: StageView): void {
    this.showLock();
    const byTeam: Record<Team, StageView['roster']> = { buyer: [], provider: [] };
    for (const r of view.roster) byTeam[r.team].push(r);
    const named = byTeam.buyer.length <= NAMED_PER_TEAM && byTeam.provider.length <= NAMED_PER_TEAM;
    const cols = namedColumns(Math.max(byTeam.buyer.length, byTeam.provider.length));
    const keep = new Set<string>();
    let arrived = 0;
    for (const team of ['buyer', 'provider'] as const) {
      const list = byTeam[team];
      this.headers[team].setText(`${TEAM_NAME[team]} · ${list.length}`);
      const hidden = Math.max(0, list.length - MAX_AVATARS_PER_TEAM);
      this.more[team].setText(hidden ? `+${hidden} more` : '');
      list.slice(0, MAX_AVATARS_PER_TEAM).forEach((r, i) => {
        keep.add(r.participantId);
        const at = cell(team, i, named, cols);
        const old = this.avatars.get(r.participantId);
        if (old && old.team === team && old.named === named && old.cols === cols) {
          if (old.sprite.x !== at.x || old.sprite.y !== at.y) animate(this, { targets: old.sprite, x: at.x, y: at.y, duration: 300 });
          old.label?.setPosition(at.x, at.y + 40);
          return;
        }
        const isNew = !old;
        if (old) this.dropAvatar(r.participantId);
        const frames = CROWD_FRAMES[team];
        const sprite = this.add.image(at.x, isNew ? 1160 : at.y, ART.crowd, frames[hash(r.participantId) % frames.length]).setScale(at.scale);
        const label = named ? fitName(this.add.text(at.x, at.y + 40, r.name, textStyle(FONT.body)).setOrigin(0.5, 0).setName('lobbyName'), cols) : null;
        this.avatars.set(r.participantId, { sprite, label, team, named, cols });
        if (isNew) {
          label?.setAlpha(0);
          animate(this, { targets: sprite, y: at.y, duration: 700, delay: Math.min(arrived, 30) * 25, ease: 'Back.easeOut' });
          if (label) animate(this, { targets: label, alpha: 1, duration: 400, delay: 400 });
          arrived++;
        }
      });
    }
    for (const id of [...this.avatars.keys()]) if (!keep.has(id)) this.dropAvatar(id);
    if (arrived > 0 && this.time.now - this.lastJoinSound > 400) {
      this.lastJoinSound = this.time.now;
      sfx.play('join');
    }
  }

  private dropAvatar(id: string): void {
    const a = this.avatars.get(id);
    if (!a) return;
    this.tweens.killTweensOf(a.sprite);
    a.sprite.destroy();
    a.label?.destroy();
    this.avatars.delete(id);
  }

  protected override teardown(): void {
    this.textures.off(Phaser.Textures.Events.ADD_KEY + qrTextureKey(this.ctx.code), undefined, this);
    this.avatars.clear();
  }
}
