// The deck studio's bounded balance report: the same harness (balanceReportV2) with a small config, so that
// the studio's fairness check (client/studio/fairnessWorker.ts) finishes in seconds in a browser, and
// `npm run balance -- --deck <file> --studio` prints the very same figures from the command line.
import type { Report, ReportConfig } from './report';

export const STUDIO: ReportConfig = {
  games: 400,
  rolloutGames: 100,
  rollouts: 1,
  cem: { iterations: 4, population: 10, elite: 3, games: 40, trainSeeds: 200 },
  cemTimid: { iterations: 2, population: 8, elite: 2, games: 30, trainSeeds: 100 },
  tableGames: 60,
  tablePasses: 1,
  varianceGames: 400,
  orders: 10,
  gamesPerOrder: 30,
  storyGames: 300,
  shuffledChoiceGames: 400,
  noise: 0.1,
  voters: 5,
  rounds: 6,
};

/** The few figures the studio shows beside the default deck's (all from one balance report). */
export type KeyFigures = {
  lessonScore: number;
  greedyLessonScore: number;
  stepChangesPerGame: number;
  innovationPartners: number;
  bestTimid: { name: string; score: number };
  timidMargin: number;
  bestSearched: { name: string; diff: number };
  decisionsR2: number;
  orderShare: number;
  storyValue: number;
  waitShare: { buyer: number; provider: number };
  livesInPlay: number;
  optionsOutOfRange: number;
  options: number;
  targetsPassed: number;
  targets: number;
};

export function keyFigures(r: Report): KeyFigures {
  const row = (name: string) => r.rows.find((x) => x.name === name)!;
  const lesson = r.rows[0];
  const timid = row(r.bestTimid);
  const searched = r.rows.filter((x) => x.searched && !x.timidClass);
  const best = searched.reduce((a, b) => (b.vsLesson.diff > a.vsLesson.diff ? b : a));
  const options = Object.values(r.choiceSharesShuffled.cards).reduce((n, c) => n + Object.keys(c.buyer).length + Object.keys(c.provider).length, 0);
  return {
    lessonScore: lesson.meanScore,
    greedyLessonScore: r.rows[1].meanScore,
    stepChangesPerGame: lesson.stepChangesPerGame,
    innovationPartners: lesson.outcomes['Innovation partners'],
    bestTimid: { name: timid.name, score: timid.meanScore },
    timidMargin: lesson.meanScore > 0 ? (lesson.meanScore - timid.meanScore) / lesson.meanScore : 0,
    bestSearched: { name: best.name, diff: best.vsLesson.diff },
    decisionsR2: r.variance.decisionsR2,
    orderShare: r.variance.orderShare,
    storyValue: r.story.mean,
    waitShare: r.symmetry.waitShare,
    livesInPlay: r.sensible.livesInPlay,
    optionsOutOfRange: r.choiceSharesShuffled.outOfRange.length,
    options,
    targetsPassed: r.targets.filter((t) => t.pass).length,
    targets: r.targets.length,
  };
}
