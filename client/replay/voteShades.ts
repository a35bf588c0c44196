import { TEAM_COLOURS } from '../../assets/palette';
import type { Team } from '../../shared/schemas/common';

/** Option shades per team, by the option's place on the card, so stacked segments stay apart; the chart and its legend share them. */
export const VOTE_SHADES: Record<Team, string[]> = {
  buyer: [TEAM_COLOURS.buyer.light.hex, TEAM_COLOURS.buyer.main.hex, '#3f8fc4', TEAM_COLOURS.buyer.dark.hex],
  provider: [TEAM_COLOURS.provider.light.hex, TEAM_COLOURS.provider.main.hex, '#c98400', TEAM_COLOURS.provider.dark.hex],
};
