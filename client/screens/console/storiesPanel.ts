import { el, clear } from '../../dom/el';
import { teamBadge } from '../../dom/teamBadge';
import type { HostSession } from '../../net/hostSession';
import type { HostView } from '../../../shared/protocol/events';

/** This round's stories as they come in, with their votes, and a hide / unhide switch for each. */
export function storiesPanel(host: HostSession): { node: HTMLElement; update(v: HostView): void } {
  const list = el('ul', { class: 'host-stories', id: 'host-stories' });
  const error = el('p', { class: 'error', role: 'alert' });
  const title = el('h2', { id: 'stories-title' }, 'Stories');
  const node = el('section', { class: 'panel stories-panel', 'aria-labelledby': 'stories-title' }, title, list, error);
  return {
    node,
    update(v) {
      const stories = Object.values(v.round?.stories ?? {}).sort((a, b) => a.at - b.at);
      node.hidden = !stories.length;
      title.textContent = v.rules === 2 ? 'Pitches: hide any that should not reach the room' : 'Stories: hide any that should not reach the room';
      clear(list);
      for (const s of stories) {
        const button = el('button', { type: 'button', class: 'small', 'data-story': s.storyId }, s.hidden ? 'Unhide' : 'Hide');
        button.setAttribute('aria-label', `${s.hidden ? 'Unhide' : 'Hide'} the story by ${s.author}`);
        button.addEventListener('click', async () => {
          button.disabled = true;
          const r = await host.command({ type: 'hideStory', storyId: s.storyId, hidden: !s.hidden });
          error.textContent = r.ok ? '' : r.message;
          button.disabled = false;
        });
        list.append(el('li', { class: `host-story${s.hidden ? ' is-hidden' : ''}` },
          el('p', { class: 'quote' }, `“${s.text}”`),
          el('p', { class: 'meta' }, `${s.author} · `, teamBadge(s.team), ` · ${s.votes} vote${s.votes === 1 ? '' : 's'}${s.hidden ? ' · hidden' : ''}`),
          button));
      }
    },
  };
}
