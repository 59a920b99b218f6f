/** The board before the meeting starts and after it ends. */
import type { Locale, Meeting } from '../../../core/index.js';
import { t } from '../../../i18n/index.js';
import { dateAndTime, shorten } from '../card-format.js';
import { describe } from './floor.js';
import { choiceOf, LIST_MAX, NAME_MAX } from './text.js';

/** Who is invited and who is marked here; the convener ticks who is here and starts. */
export function beforeStart(locale: Locale, m: Meeting, viewerId: string | undefined, hasAccount: boolean) {
  const people = m.participants;
  const convener = hasAccount && viewerId === m.convenerId;
  return {
    starts: t(locale, 'card.board.starts', { when: dateAndTime(m, locale, m.invitation.startsAt) }),
    heading: t(locale, 'card.board.invitees'),
    facts: people.slice(0, LIST_MAX).map((p) => ({
      title: shorten(p.name, NAME_MAX),
      value: `${describe(locale, m, p)} · ${t(locale, `attendance.${p.attendance}`)}`,
    })),
    more:
      people.length > LIST_MAX
        ? t(locale, 'card.board.and_more', { count: people.length - LIST_MAX })
        : undefined,
    start: convener
      ? {
          hint: t(locale, 'card.board.start_hint'),
          choices: people.map(choiceOf),
          value: people
            .filter((p) => p.attendance === 'present')
            .map((p) => p.id)
            .join(','),
        }
      : undefined,
  };
}

export function afterClose(locale: Locale, m: Meeting, memoUrl: string | undefined) {
  return {
    text: t(locale, 'card.board.closed'),
    memo: t(locale, 'card.board.memo_pointer'),
    commitments:
      m.commitments.length > 0
        ? t(locale, 'card.board.commitments', { count: m.commitments.length })
        : undefined,
    memoUrl,
  };
}
