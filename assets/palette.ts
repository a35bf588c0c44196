/**
 * Power Up — the one palette every sprite, screen and chart draws from.
 *
 * Team colours follow the Okabe–Ito colour-blind-safe set: Buyer is the blue family (#0072B2),
 * Provider the orange family (#E69F00). They differ in lightness as well as hue, so they stay
 * apart for protan/deutan/tritan viewers and in greyscale. Colour is never the only cue: the
 * Buyer runner has a tie and a briefcase and no hat, the Provider a domed hard hat and a toolbox,
 * the Competitor a finned visor helmet; crowd avatars repeat the tie / hard-hat shapes.
 *
 * Each entry has a one-character code used by the text pixel maps in assets/sprites/.
 */

export interface PaletteEntry {
  /** One character used in the pixel maps. */
  readonly char: string;
  /** '#RRGGBB' for CSS / DOM. */
  readonly hex: string;
  /** 0xRRGGBB for Phaser. */
  readonly num: number;
}

function entry(char: string, hex: string): PaletteEntry {
  return { char, hex, num: Number.parseInt(hex.slice(1), 16) };
}

export const PALETTE = {
  ink: entry('K', '#1B1A2E'), // outlines, shoes, eyes
  white: entry('W', '#FFFFFF'),
  greyLight: entry('L', '#C9CED9'),
  grey: entry('M', '#8A90A3'),
  greyDark: entry('k', '#454B5E'),
  skin: entry('s', '#F3C9A1'),
  skinDeep: entry('t', '#A8714A'),
  // Buyer (Okabe–Ito blue family)
  buyerLight: entry('b', '#56B4E9'),
  buyer: entry('B', '#0072B2'),
  buyerDark: entry('N', '#073F6B'),
  // Provider (Okabe–Ito orange family)
  providerLight: entry('o', '#FFD27A'),
  provider: entry('O', '#E69F00'),
  providerDark: entry('R', '#9C5A00'),
  // Competitor (neutral violet-grey)
  competitorLight: entry('p', '#C4B6DE'),
  competitor: entry('P', '#7D6AA8'),
  competitorDark: entry('Q', '#43386A'),
  // Power-ups
  courage: entry('V', '#D55E00'), // vermillion flame-heart
  courageLight: entry('v', '#FF9A57'),
  budget: entry('Y', '#F0E442'), // gold coin
  budgetDark: entry('y', '#C09A12'),
  stories: entry('G', '#009E73'), // green speech bubble
  storiesLight: entry('g', '#6FD6AE'),
  // World
  hazard: entry('X', '#A81E32'), // red tape
  earth: entry('D', '#6B4226'),
  earthLight: entry('d', '#A86A3D'),
} as const;

export type PaletteName = keyof typeof PALETTE;

/** Pixel-map character → '#RRGGBB'. '.' (and ' ') are transparent. */
export const PIXEL_CHARS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(PALETTE).map((e) => [e.char, e.hex]),
);

/** Hex strings by name (CSS). */
export const HEX = Object.fromEntries(Object.entries(PALETTE).map(([k, e]) => [k, e.hex])) as Record<
  PaletteName,
  string
>;
/** 0xRRGGBB numbers by name (Phaser). */
export const NUM = Object.fromEntries(Object.entries(PALETTE).map(([k, e]) => [k, e.num])) as Record<
  PaletteName,
  number
>;

export interface TeamColours {
  readonly light: PaletteEntry;
  readonly main: PaletteEntry;
  readonly dark: PaletteEntry;
  /** A non-colour cue to pair with the colour (shape/icon) in UI. */
  readonly shape: string;
}

export const TEAM_COLOURS = {
  buyer: { light: PALETTE.buyerLight, main: PALETTE.buyer, dark: PALETTE.buyerDark, shape: 'square / tie ▼' },
  provider: {
    light: PALETTE.providerLight,
    main: PALETTE.provider,
    dark: PALETTE.providerDark,
    shape: 'circle / hard hat ●',
  },
  competitor: {
    light: PALETTE.competitorLight,
    main: PALETTE.competitor,
    dark: PALETTE.competitorDark,
    shape: 'diamond / visor ◆',
  },
} as const satisfies Record<string, TeamColours>;

export const POWER_UP_COLOURS = {
  courage: { main: PALETTE.courage, light: PALETTE.courageLight },
  budget: { main: PALETTE.budget, dark: PALETTE.budgetDark },
  stories: { main: PALETTE.stories, light: PALETTE.storiesLight },
} as const;

/** Backgrounds for the stage (not used inside sprites). */
export const STAGE_COLOURS = {
  sky: entry('', '#9FD8F2'),
  skyDeep: entry('', '#5E9FD0'),
  night: entry('', '#1E2338'),
  text: entry('', '#FFFFFF'),
  textDark: entry('', '#1B1A2E'),
} as const;
