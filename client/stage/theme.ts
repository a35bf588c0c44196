import type Phaser from 'phaser';
import { HEX, NUM, STAGE_COLOURS, TEAM_COLOURS } from '../../assets/palette';
import type { Team } from '../../shared/schemas/common';

/** The stage is drawn at 1920×1080 and scaled to fit whatever the projector gives us. */
export const STAGE_W = 1920;
export const STAGE_H = 1080;

/**
 * Minimum font sizes, in logical pixels at 1080p. A projected 1080p image is about 1.5–2 m tall
 * in a meeting room; people at the back sit 8–12 m away. 40 px there is ~6 cm tall type, roughly
 * the smallest that stays comfortably readable at that distance (the usual "1 cm of letter height
 * per 2 m of distance" rule of thumb), so nothing on the stage is smaller than BODY. Titles and the
 * numbers people glance at (room code, timer) are much bigger.
 */
export const FONT = {
  /** Floor for any text on the stage. */
  body: 40,
  /** Captions the facilitator talks over during the reveal. */
  caption: 46,
  /** Team names and section heads. */
  heading: 56,
  /** Card titles, scene titles. */
  title: 72,
  /** The countdown. */
  timer: 112,
  /** The named outcome at the finale. */
  hero: 128,
  /** The room code in the lobby. */
  code: 200,
} as const;

/** One font stack: bold system sans reads best when projected; the dark stroke keeps it legible on any background. */
export const FONT_FAMILY = '"Trebuchet MS", "Segoe UI", "DejaVu Sans", Verdana, sans-serif';

export function textStyle(
  size: number,
  opts: { color?: string; bold?: boolean; stroke?: boolean; wrap?: number; align?: 'left' | 'center' | 'right' } = {},
): Phaser.Types.GameObjects.Text.TextStyle {
  return {
    fontFamily: FONT_FAMILY,
    fontSize: `${Math.max(FONT.body, size)}px`,
    fontStyle: opts.bold === false ? '' : 'bold',
    color: opts.color ?? HEX.white,
    stroke: HEX.ink,
    strokeThickness: opts.stroke === false ? 0 : Math.round(size / 8),
    align: opts.align ?? 'left',
    ...(opts.wrap ? { wordWrap: { width: opts.wrap, useAdvancedWrap: true } } : {}),
  };
}

export const COLOURS = {
  sky: STAGE_COLOURS.sky.num,
  skyDeep: STAGE_COLOURS.skyDeep.num,
  night: STAGE_COLOURS.night.num,
  nightHex: STAGE_COLOURS.night.hex,
  ink: NUM.ink,
  white: NUM.white,
  gold: NUM.budget,
  goldHex: HEX.budget,
  good: NUM.stories,
  goodHex: HEX.storiesLight,
  bad: NUM.hazard,
  badHex: HEX.courageLight,
  grey: NUM.grey,
  dust: NUM.earthLight,
  greyHex: HEX.greyLight,
} as const;

export const TEAM_NAME: Record<Team, string> = { buyer: 'Buyer', provider: 'Provider' };

/** Team colours (Okabe–Ito blue/orange: distinct for colour-blind viewers); the names always go with them. */
export function teamColour(team: Team | 'competitor'): { main: number; light: number; dark: number; lightHex: string; mainHex: string } {
  const c = TEAM_COLOURS[team];
  return { main: c.main.num, light: c.light.num, dark: c.dark.num, lightHex: c.light.hex, mainHex: c.main.hex };
}
