/**
 * The follow-up as agreed, in a few words, and the client's check of it: "does this responsible
 * worker and this follow-up suit you?", answered by the client or recorded by the chair or note-taker.
 */
import { callName, client, LIMITS, type Locale, type Meeting } from '../../core/index.js';
import { t } from '../../i18n/index.js';
import { NAME_MAX } from './board/text.js';
import { can } from './can.js';
import { dateAndTime, formatDate, shorten } from './card-format.js';
import { nameOf as fullName } from './commitment-facts.js';

const nameOf = (m: Meeting, id: string): string => shorten(fullName(m, id), NAME_MAX);

/**
 * How a check with the client is worded for `viewerId`: to the client, when it is they who look, as
 * "you"; to anyone else (the chair or note-taker checking with them) by the client's first name.
 */
export function clientCheckWords(locale: Locale, m: Meeting, viewerId: string | undefined) {
  const theClient = client(m);
  const byClient = theClient !== undefined && viewerId === theClient.id;
  const name = theClient ? shorten(callName(m, theClient), NAME_MAX) : '';
  return {
    byClient,
    name,
    heading: t(
      locale,
      byClient ? 'card.commitments.confirm_heading_client' : 'card.commitments.confirm_heading',
    ),
    commentLabel: byClient
      ? t(locale, 'card.commitments.i_add')
      : t(locale, 'card.commitments.client_adds', { client: name }),
  };
}

/** When, where and who hosts; or by when the time is agreed and by whom; or why there is none. */
export function followUpSaid(locale: Locale, m: Meeting, max: number): string[] {
  const f = m.followUp;
  if (!f) return [];
  if ('noneReason' in f) return [t(locale, 'memo.followup_none', { reason: shorten(f.noneReason, max) })];
  if ('agreeBy' in f)
    return [
      t(locale, 'memo.followup_agree_by', {
        date: formatDate(locale, f.agreeBy),
        name: nameOf(m, f.agreerId),
      }),
    ];
  return [
    t(locale, 'memo.followup_at', { when: dateAndTime(m, locale, f.at) }),
    ...(f.place ? [t(locale, 'memo.followup_place', { place: shorten(f.place, max) })] : []),
    ...(f.onlineUrl ? [t(locale, 'memo.followup_link', { url: f.onlineUrl })] : []),
    ...(f.hostId ? [t(locale, 'memo.followup_host', { name: nameOf(m, f.hostId) })] : []),
  ];
}

/**
 * Whether the client has confirmed it, said with their comment; undefined before they have. To the
 * client (`forClient`) it is said as "you confirmed", "you added".
 */
export function followUpConfirmed(
  locale: Locale,
  m: Meeting,
  max: number,
  forClient = false,
): string | undefined {
  const confirmed = m.followUpConfirmation;
  const theClient = client(m);
  if (!confirmed || !theClient) return undefined;
  const said = forClient
    ? t(locale, 'card.board.followup_confirmed_you')
    : t(locale, 'memo.followup_confirmed', { client: shorten(callName(m, theClient), NAME_MAX) });
  const added = forClient ? 'card.commitments.you_added' : 'memo.client_comment';
  return confirmed.clientComment
    ? `${said} ${t(locale, added, { comment: shorten(confirmed.clientComment, max) })}`
    : said;
}

/**
 * The check for this viewer, when the core would take it from them: worded for the client when
 * they look ("this suits me"), and for the chair or note-taker by the client's first name.
 */
export function followUpCheck(locale: Locale, m: Meeting, now: string, viewerId: string | undefined) {
  if (!client(m) || !can(m, now, viewerId, { type: 'followup.confirm' })) return undefined;
  const { byClient, name, heading, commentLabel } = clientCheckWords(locale, m, viewerId);
  return {
    heading,
    ask: t(locale, byClient ? 'card.board.followup_confirm_ask_client' : 'card.board.followup_confirm_ask', {
      client: name,
    }),
    commentLabel,
    button: byClient
      ? t(locale, 'card.commitments.suits_me')
      : t(locale, 'card.board.action.followup_suits_client', { client: name }),
    maxComment: LIMITS.comment,
  };
}
