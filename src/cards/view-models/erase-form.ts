/**
 * Erasing for good, chosen on a form: the whole meeting (with its follow-up meetings), or one
 * person on their request, from this meeting and the meetings linked to it. The app erases; the
 * form only says plainly what goes and that it cannot be undone.
 */
import type { Locale, Participant } from '../../core/index.js';
import { t } from '../../i18n/index.js';
import { shorten } from './card-format.js';
import { actionData, base, labels, requireMeeting, type ViewContext } from './common.js';

/** What `eraseWhat` says for the whole meeting; anything else is a participant id. */
export const ERASE_MEETING = 'meeting';

/** A name in a choice: short enough that the whole choice fits Slack's 75 characters. */
const NAME_CHARS = 34;

const LABELS = {
  title: 'card.erase.title',
  warning: 'card.erase.warning',
  meetingHint: 'card.erase.meeting_hint',
  personHint: 'card.erase.person_hint',
  exportFirst: 'card.erase.export_first',
  what: 'card.erase.what',
  required: 'card.erase.what_required',
  submit: 'card.erase.submit',
} as const;

/**
 * Someone erased already stays in the meeting's history under a neutral name, with nothing else
 * of them left: there is nobody to erase again.
 */
const erasedAlready = (p: Participant): boolean => p.erased === true;

function personChoice(locale: Locale, p: Participant) {
  const name = shorten(p.name, NAME_CHARS);
  return { title: t(locale, 'card.erase.person', { name, role: t(locale, `role.${p.role}`) }), value: p.id };
}

export function eraseFormView(ctx: ViewContext) {
  const { locale } = ctx;
  const m = requireMeeting(ctx);
  const others = m.participants.filter((p) => p.id !== ctx.viewerId && !erasedAlready(p));
  return {
    ...base(locale),
    t: labels(locale, LABELS),
    purpose: t(locale, 'card.board.purpose', { purpose: shorten(m.invitation.purpose, 200) }),
    act: actionData(m),
    choices: [
      { title: t(locale, 'card.erase.meeting'), value: ERASE_MEETING },
      ...others.map((p) => personChoice(locale, p)),
    ],
  };
}
