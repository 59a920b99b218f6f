/** The viewer's own steps: ask for the floor, say they are done, pass in their turn, their wish, their feedback. */
import type { Locale, Meeting, Participant } from '../../../core/index.js';
import { t } from '../../../i18n/index.js';
import { can, TRIAL_TEXT } from '../can.js';
import { today } from '../commitment-facts.js';
import { addTrial } from '../commitment-form.js';
import { mayAnswerPoll } from '../feedback-poll.js';

export function ownActions(locale: Locale, m: Meeting, now: string, me: Participant, chairs: boolean) {
  const id = me.id;
  const holdsFloor = m.floor === id;
  const position = m.hands.indexOf(id) + 1;
  const answered = m.feedback[id] !== undefined;
  const actions = {
    done: holdsFloor && can(m, now, id, { type: 'turn.end' }),
    // The chair's pass while someone else speaks would record the speaker's pass: not theirs to offer here.
    pass: can(m, now, id, { type: 'turn.pass' }) && (!chairs || m.floor === undefined || holdsFloor),
    // The chair gives the floor to themself instead of asking for it.
    request: !chairs && can(m, now, id, { type: 'floor.request' }),
    withdraw: can(m, now, id, { type: 'floor.withdraw' }),
    // The wish is asked for in "why we are here"; the note-taker writes it down from their own tools.
    wish:
      m.phase === 'why' && me.role === 'client' && can(m, now, id, { type: 'wish.record', text: TRIAL_TEXT }),
    // The form opens on one's own commitment; the chair and the note-taker choose anyone's in it.
    commitmentForm: can(m, now, id, addTrial(id, today(m, now))),
    // The poll is open to those who answer for themselves, and to the record keepers who answer for others.
    feedbackPoll: mayAnswerPoll(m, now, id),
  };
  if (!Object.values(actions).some(Boolean)) return undefined;
  const status = holdsFloor
    ? t(locale, 'card.board.you_speak')
    : position > 0
      ? t(locale, 'card.board.you_asked', { position })
      : actions.feedbackPoll && answered
        ? t(locale, 'card.board.feedback_thanks')
        : undefined;
  return {
    heading: t(locale, 'card.board.mine'),
    status,
    ...actions,
    feedbackTitle: t(locale, `card.board.action.${answered ? 'change_feedback' : 'answer_feedback'}`),
    anyButton: Object.entries(actions).some(([name, on]) => on && name !== 'wish'),
  };
}
