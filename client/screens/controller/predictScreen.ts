import './predict.css';
import { el } from '../../dom/el';
import { sfx } from '../../audio/sfx';
import type { ParticipantSession } from '../../net/participantSession';
import type { PredictionQuestion } from '../../../shared/schemas/predictions';
import { PREDICTION_QUESTIONS } from '../../../shared/schemas/predictions';
import type { Screen } from './types';

const QUESTION: Record<PredictionQuestion, string> = {
  through: 'Our move gets through',
  step: 'The partnership gets a step change',
};
const HINT: Record<PredictionQuestion, string> = {
  through: 'What your team voted is played, not replaced by waiting, and the hazard does not shut you down.',
  step: 'Courage, Budget and Stories are all used this round, by one team or the other.',
};

/**
 * Rules v2, between the end of the vote and the reveal: two yes/no taps about this round, changeable until
 * the reveal. Only this person's own taps are shown; the team's split is on the big screen.
 */
export function predictScreen(session: ParticipantSession): Screen {
  const title = el('h1', { tabIndex: -1, id: 'predict-title' }, 'The vote is closed. What do you expect?');
  const lead = el('p', { class: 'lead', id: 'predict-lead' }, 'One tap each, before the reveal. Your team\u2019s prediction is what most of you tap.');
  const voted = el('p', { class: 'predict-voted' });
  const error = el('p', { class: 'error', role: 'alert', id: 'predict-error' });
  const buttons = new Map<string, HTMLButtonElement>();
  const status = new Map<PredictionQuestion, HTMLElement>();
  let pending = false;
  const tap = async (q: PredictionQuestion, expect: boolean) => {
    if (pending) return;
    pending = true;
    error.textContent = '';
    const r = await session.predict(q, expect);
    pending = false;
    if (!r.ok) error.textContent = `Not counted: ${r.message}`;
    else sfx.play('coin');
  };
  const groups = PREDICTION_QUESTIONS.map((q) => {
    const id = `predict-${q}`;
    const yes = el('button', { type: 'button', class: 'predict-answer', id: `${id}-yes`, 'aria-pressed': 'false' }, 'Yes');
    const no = el('button', { type: 'button', class: 'predict-answer', id: `${id}-no`, 'aria-pressed': 'false' }, 'No');
    yes.addEventListener('click', () => void tap(q, true));
    no.addEventListener('click', () => void tap(q, false));
    buttons.set(`${q}:yes`, yes);
    buttons.set(`${q}:no`, no);
    const said = el('p', { class: 'choice-status', role: 'status', id: `${id}-status` });
    status.set(q, said);
    return el('fieldset', { class: 'predict-question', id },
      el('legend', {}, QUESTION[q]),
      el('p', { class: 'option-text' }, HINT[q]),
      el('div', { class: 'predict-answers', role: 'group', 'aria-label': QUESTION[q] }, yes, no),
      said);
  });
  return {
    node: el('div', { class: 'screen predict' }, el('section', { class: 'panel stack', 'aria-labelledby': 'predict-title' }, title, lead, voted, ...groups, error)),
    update(view, me) {
      const option = view.card?.options.find((o) => o.id === me.myChoice);
      voted.textContent = option ? `You voted \u201c${option.label}\u201d.` : 'You did not vote this round; you can still predict.';
      const mine = me.myPrediction ?? { through: null, step: null };
      for (const q of PREDICTION_QUESTIONS) {
        const v = mine[q];
        for (const answer of ['yes', 'no'] as const) {
          const b = buttons.get(`${q}:${answer}`)!;
          const on = v !== null && v === (answer === 'yes');
          b.setAttribute('aria-pressed', String(on));
          b.classList.toggle('chosen', on);
        }
        status.get(q)!.textContent = v === null ? '' : `\u2713 You said ${v ? 'yes' : 'no'} (you can change it until the reveal).`;
      }
    },
  };
}
