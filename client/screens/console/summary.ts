import type { HostView } from '../../../shared/protocol/events';
import { remainingMs, formatClock, plural } from '../../dom/format';
import { splitLine } from '../../../shared/engine/v2/predictionRecord';

/**
 * What the stage shows, in one or two plain sentences, for the console's live region: a facilitator
 * who cannot see the projector (or uses a screen reader) still knows where the room is.
 */
export function summaryText(v: HostView, now: number): string {
  const round = v.roundIndex !== null ? `Round ${v.roundIndex + 1} of ${v.roundsTotal}` : '';
  const card = v.card ? `: ${v.card.title}.` : '.';
  const left = remainingMs(v.timer, now);
  const time = left === null ? '' : v.timer.paused ? `, paused with ${formatClock(left)} left` : `, ${formatClock(left)} left`;
  const people = v.teamSizes.buyer + v.teamSizes.provider;
  switch (v.phase) {
    case 'lobby':
      return `Lobby: ${plural(people, 'person', 'people')} joined (Buyer ${v.teamSizes.buyer}, Provider ${v.teamSizes.provider})${v.locked ? '; the room is locked' : ''}. The stage shows the room code and QR code.`;
    case 'card':
      return `${round}${card} The card is on the stage; the timer has not started.`;
    case 'deciding': {
      const joint = v.rules === 2 && v.jointBacking ? ` Joint move: Buyer ${v.jointBacking.buyer}, Provider ${v.jointBacking.provider} back their part.` : '';
      return `${round}${card} Deciding${time}. Buyer ${v.voted.buyer} of ${v.teamSizes.buyer} voted, Provider ${v.voted.provider} of ${v.teamSizes.provider}.${joint}`;
    }
    case 'huddle': {
      const b = v.jointBacking ?? { buyer: 0, provider: 0 };
      return `${round}${card} Cross-team huddle${time}: each team sees the other's options. Joint move: Buyer ${b.buyer} of ${v.teamSizes.buyer}, Provider ${b.provider} of ${v.teamSizes.provider} back their part. Higher stakes this round${v.huddle ? ` (a step change \u00d7${v.huddle.multiplier})` : ''}.`;
    }
    case 'stories':
      if (v.rules === 2) return `${round}${card} Writing pitches to the other team${time}. ${plural(v.storiesSubmitted, 'pitch', 'pitches')} in.`;
      return `${round}${card} Writing stories${time}. ${plural(v.storiesSubmitted, 'story', 'stories')} in.`;
    case 'storyVote': {
      const sv = v.round?.storyVoters ?? { buyer: 0, provider: 0 };
      if (v.rules === 2) return `${round}${card} Backing the other team\u2019s pitches${time}. Buyer ${sv.buyer} of ${v.teamSizes.buyer} backed one, Provider ${sv.provider} of ${v.teamSizes.provider}.`;
      return `${round}${card} Voting on stories${time}. Buyer ${sv.buyer} of ${v.teamSizes.buyer} voted, Provider ${sv.provider} of ${v.teamSizes.provider}.`;
    }
    case 'predicting': {
      const s = v.predictions;
      const split = s ? ` ${splitLine('buyer', s.buyer)} ${splitLine('provider', s.provider)}` : '';
      return `${round}${card} The vote is closed: predictions before the reveal${time}.${split}`;
    }
    case 'reveal': {
      // Only the sentence the stage shows now (issue 15 item 9); the whole result is in the result panel.
      const n = v.narration;
      const said = n?.lines[n.lines.length - 1];
      if (!n || !said) return `${round} revealed.`;
      return `${round} reveal, step ${n.step} of ${n.total}${n.step >= n.total ? ' (told to the end)' : ''}: ${said}`;
    }
    case 'between':
      return `${round}: discussion. Partnership score ${v.score}; the stage shows the scoreboard.`;
    case 'ended':
      // The outcome's summary is in the debrief script beside it: the name and the score are enough here.
      return v.outcome ? `Finished: ${v.outcome.name}, partnership score ${v.outcome.score}.` : 'Finished.';
  }
}
