/** The viewer's own steps: ask for the floor, say they are done, pass in their turn, their wish, their feedback. */
import type { Locale, Meeting, Participant } from '../../../core/index.js';
import { t } from '../../../i18n/index.js';
import { can } from './can.js';

export function ownActions(locale: Locale, m: Meeting, me: Participant, chairs: boolean) {
  const id = me.id;
  const holdsFloor = m.floor === id;
  const position = m.hands.indexOf(id) + 1;
  const tookPart = me.attendance === 'present' || me.attendance === 'left';
  const answered = m.feedback[id] !== undefined;
  const actions = {
    done: holdsFloor && can(m, id, { type: 'turn.end' }),
    // The chair's pass while someone else speaks would record the speaker's pass: not theirs to offer here.
    pass: can(m, id, { type: 'turn.pass' }) && (!chairs || m.floor === undefined || holdsFloor),
    // The chair gives the floor to themself instead of asking for it.
    request: !chairs && can(m, id, { type: 'floor.request' }),
    withdraw: can(m, id, { type: 'floor.withdraw' }),
    wish: m.phase === 'why' && me.role === 'client' && can(m, id, { type: 'wish.record', text: '-' }),
    commitmentForm: (m.phase === 'discussion' || m.phase === 'summary') && me.attendance === 'present',
    feedbackPoll: m.phase === 'feedback' && !m.pollClosed && tookPart,
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
