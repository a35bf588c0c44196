import { el } from '../../dom/el';
import { TEAM_NAME } from '../../dom/format';
import { TEAM_PLURAL } from '../../dom/rulesV2';
import { sfx } from '../../audio/sfx';
import type { ParticipantSession } from '../../net/participantSession';
import type { Screen } from './types';

import { STORY_MAX_CHARS as STORY_MAX } from '../../../shared/schemas/text';

/** One line for the story round, with a live character count; it can be rewritten until time is up. */
export function storyScreen(session: ParticipantSession): Screen {
  const title = el('h1', { tabIndex: -1, id: 'story-title' }, 'Story time');
  const prompt = el('p', { class: 'situation', id: 'story-prompt' });
  const text = el('textarea', { id: 'story-text', name: 'story', maxLength: STORY_MAX, rows: 3, 'aria-describedby': 'story-prompt story-count', enterKeyHint: 'send' });
  const count = el('p', { class: 'char-count', id: 'story-count' });
  const submit = el('button', { type: 'submit', class: 'big primary', id: 'story-submit' }, 'Send my story');
  const status = el('p', { class: 'choice-status', role: 'status' });
  const error = el('p', { class: 'error', role: 'alert' });
  const label = el('label', { for: 'story-text' }, 'Your one-line story');
  const form = el('form', { class: 'panel stack', 'aria-labelledby': 'story-title' },
    title, prompt,
    label,
    text, count, submit, status, error,
  );
  let prefilled = false;
  const renderCount = () => {
    const n = text.value.length;
    count.textContent = `${n} / ${STORY_MAX} characters`;
    count.classList.toggle('near', n > STORY_MAX - 20);
  };
  text.addEventListener('input', renderCount);
  // Enter sends (a story is one line); Shift+Enter is not needed.
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = text.value.trim();
    if (!value) return void (error.textContent = 'Write a line first.');
    submit.disabled = true;
    error.textContent = '';
    const r = await session.story(value);
    submit.disabled = false;
    if (!r.ok) error.textContent = r.message;
    else sfx.play('powerUp');
  });
  renderCount();
  return {
    node: el('div', { class: 'screen stories' }, form),
    update(view, me) {
      const v2 = view.rules === 2;
      const other = (v2 ? TEAM_PLURAL : TEAM_NAME)[me.team === 'buyer' ? 'provider' : 'buyer'];
      const line = view.card?.storyPrompt ?? 'Pitch your idea in one line.';
      // Rules v2: the line is a pitch to the other team, before anyone votes.
      prompt.textContent = v2 ? `A pitch to the ${other}, before the vote: ${line} If the ${other} back it, your team gets +1 Stories for this vote.` : line;
      title.textContent = v2 ? 'Pitch time' : 'Story time';
      label.textContent = v2 ? `Your one-line pitch to the ${other}` : 'Your one-line story';
      if (me.myStory && !prefilled) {
        // After a reload, show what was already sent.
        text.value = me.myStory.text;
        prefilled = true;
        renderCount();
      }
      const noun = v2 ? 'pitch' : 'story';
      submit.textContent = me.myStory ? `Update my ${noun}` : `Send my ${noun}`;
      status.textContent = !me.myStory ? ''
        : session.isQueued('story') ? `Kept on this phone: “${me.myStory.text}” — it is sent as soon as you are back online.`
        : v2 ? `✓ Sent: “${me.myStory.text}” — the ${other} can back it before the vote.` : `✓ Sent: “${me.myStory.text}” — the ${other} team will vote on it.`;
      if (session.state.queuedError) error.textContent = session.state.queuedError;
    },
  };
}
