import type Phaser from 'phaser';
import { ART, POWER_UP_ART } from '../../art/textures';
import type { Team } from '../../../shared/schemas/common';
import { POWER_UPS } from '../../../shared/schemas/common';
import type { StageView } from '../../../shared/schemas/views';
import { plural } from '../../dom/format';
import { COLOURS, FONT, TEAM_NAME, teamColour, textStyle } from '../theme';

/** Where a team stands against the competitor, in words (with ▲/▼ so it is not colour alone). */
export function versusCompetitor(position: number, competitor: number): { text: string; color: string } {
  const d = position - competitor;
  if (d > 0) return { text: `▲ ${d} ahead of the competitor`, color: COLOURS.goodHex };
  if (d === 0) return { text: '= level with the competitor', color: COLOURS.goldHex };
  return { text: `▼ ${-d} behind: lost in the dust`, color: COLOURS.badHex };
}

/** A team's standing for the scoreboard: runner, power-ups, lives, position and the last round. */
export function drawTeamCard(scene: Phaser.Scene, team: Team, x: number, y: number, view: StageView): void {
  const c = teamColour(team);
  const s = view.teams[team];
  const w = 870;
  const h = 560;
  scene.add.rectangle(x, y, w, h, c.dark, 0.92).setOrigin(0, 0).setStrokeStyle(6, c.main);
  scene.add.text(x + 30, y + 18, TEAM_NAME[team], textStyle(FONT.title, { color: c.lightHex }));
  scene.add.text(x + w - 30, y + 40, plural(view.teamSizes[team], 'player'), textStyle(FONT.body, { color: COLOURS.greyHex })).setOrigin(1, 0);
  scene.add
    .sprite(x + 105, y + h - 30, team === 'buyer' ? ART.runnerBuyer : ART.runnerProvider, 0)
    .setOrigin(0.5, 1)
    .setScale(9);
  POWER_UPS.forEach((p, i) => {
    const ix = x + 260 + i * 190;
    scene.add.image(ix, y + 170, POWER_UP_ART[p]).setScale(5);
    scene.add.text(ix + 46, y + 170, String(s.inventory[p]), textStyle(FONT.heading)).setOrigin(0, 0.5);
  });
  scene.add.text(x + 215, y + 230, `Lives ${s.lives}   ·   Step ${s.position}`, textStyle(FONT.heading));
  const vs = versusCompetitor(s.position, view.competitor);
  scene.add.text(x + 215, y + 315, vs.text, textStyle(FONT.body, { color: vs.color, wrap: 640 }));
  const last = view.lastResult?.teams[team];
  if (last) {
    const gate = last.gate === 'passed' ? 'through the gate' : last.gate === 'waited' ? 'waited' : 'round the loop';
    const hazard =
      last.hazard === 'absorbed' ? ', hazard absorbed' : last.hazard === 'lifeLost' ? ', a life spent' : last.hazard === 'shutDown' ? ', shut down' : '';
    scene.add.text(x + 215, y + 385, `Last round: ${gate}${hazard}, +${plural(last.progress, 'step')}`, textStyle(FONT.body, { color: COLOURS.greyHex, wrap: 640 }));
  }
}
