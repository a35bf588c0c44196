import { el, clear } from '../../dom/el';
import { TEAM_NAME } from '../../dom/format';
import { TEAM_PLURAL } from '../../dom/rulesV2';
import { sfx } from '../../audio/sfx';
import type { ParticipantSession } from '../../net/participantSession';
import type { Screen } from './types';

/** Vote for the best story of the OTHER team (the engine refuses votes for your own team). */
export function storyVoteScreen(session: ParticipantSession): Screen {
  const title = el('h1', { tabIndex: -1, id: 'vote-title' });
  const hint = el('p', { class: 'lead', id: 'vote-hint' });
  const list = el('div', { class: 'options stories-list', role: 'group', 'aria-labelledby': 'vote-title', 'aria-describedby': 'vote-hint' });
  const status = el('p', { class: 'choice-status', role: 'status' });
  const error = el('p', { class: 'error', role: 'alert' });
  const buttons = new Map<string, HTMLButtonElement>();
  let listKey = '';
  let pending = false;
  const vote = async (storyId: string) => {
    if (pending) return;
    pending = true;
    error.textContent = '';
    const r = await session.storyVote(storyId);
    pending = false;
    if (!r.ok) error.textContent = r.message;
    else sfx.play('coin');
  };
  return {
    node: el('div', { class: 'screen story-vote' }, el('section', { class: 'panel stack', 'aria-labelledby': 'vote-title' }, title, hint, list, status, error)),
    update(view, me) {
      const other = me.team === 'buyer' ? 'provider' : 'buyer';
      const v2 = view.rules === 2;
      title.textContent = v2 ? `Back one pitch of the ${TEAM_PLURAL[other]}` : `Vote: the best ${TEAM_NAME[other]} story`;
      const theirs = view.stories.filter((s) => s.team === other);
      hint.textContent = theirs.length
        ? v2
          ? `Which pitch from the ${TEAM_PLURAL[other]} would win you over? The best-backed pitch earns the ${TEAM_PLURAL[other]} +1 Stories for the vote, and if at least half of you back it, the joint move is worth an extra step. One choice, changeable until time is up.`
          : `Which line from the ${TEAM_NAME[other]} team would win you over? One vote, changeable until time is up.`
        : v2 ? `The ${TEAM_PLURAL[other]} sent no pitches this round.` : `The ${TEAM_NAME[other]} team sent no stories this round.`;
      const key = theirs.map((s) => s.storyId + s.text).join('|');
      if (key !== listKey) {
        listKey = key;
        clear(list);
        buttons.clear();
        for (const s of theirs) {
          const b = el('button', { type: 'button', class: 'option story-option', 'aria-pressed': 'false', 'data-story': s.storyId },
            el('span', { class: 'option-check', 'aria-hidden': 'true' }),
            el('span', { class: 'option-body' }, el('span', { class: 'option-label quote' }, `“${s.text}”`), el('span', { class: 'option-text' }, `— ${s.author}`)),
          );
          b.addEventListener('click', () => void vote(s.storyId));
          buttons.set(s.storyId, b);
          list.append(b);
        }
      }
      for (const [id, b] of buttons) {
        b.setAttribute('aria-pressed', String(me.myStoryVote === id));
        b.classList.toggle('chosen', me.myStoryVote === id);
      }
      const picked = theirs.find((s) => s.storyId === me.myStoryVote);
      const kept = session.isQueued('storyVote') ? ' (kept on this phone: it is sent as soon as you are back online)' : '';
      status.textContent = picked ? (v2 ? `✓ You back: “${picked.text}”${kept}` : `✓ Your vote: “${picked.text}”${kept}`) : '';
      if (session.state.queuedError) error.textContent = session.state.queuedError;
    },
  };
}
