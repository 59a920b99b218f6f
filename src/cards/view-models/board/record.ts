/** What is being talked about and what has been written down: prompts, the client's wish, notes in short. */
import { client, type Locale, type Meeting, prompts } from '../../../core/index.js';
import { say, t } from '../../../i18n/index.js';
import { capitalise, dateAndTime, shorten } from '../card-format.js';
import { followUpConfirmed, followUpSaid } from '../followup-check.js';
import { capParams, inShort, NAME_MAX } from './text.js';

const NOTES_SHOWN = 3;

/** Prompts the core words for everyone, and how the client reads them: said to her, not about her. */
const TO_CLIENT: Readonly<Record<string, string>> = { 'prompt.followup': 'prompt.followup_client' };

/** The seed's questions for this phase, said in the viewer's language (to the client, to them). */
export function promptsView(locale: Locale, m: Meeting, viewerId?: string) {
  const forClient = viewerId !== undefined && viewerId === client(m)?.id;
  return prompts(m, viewerId).map((p) => {
    const key = (forClient && TO_CLIENT[p.key]) || p.key;
    return { text: shorten(say(locale, key, capParams(locale, p.params)), 800) };
  });
}

/**
 * What has been agreed and still guides the meeting: the client's wish while the talk goes on,
 * then the responsible worker and the follow-up once they are agreed. The client reads what is
 * about her said to her ("What you wish for"), not about her by her full name.
 */
export function wishView(locale: Locale, m: Meeting, viewerId?: string) {
  const facts: { title: string; value: string }[] = [];
  const theClient = client(m);
  const forClient = theClient !== undefined && viewerId === theClient.id;
  if (m.clientWish && ['why', 'discussion', 'summary'].includes(m.phase)) {
    const title = forClient
      ? t(locale, 'card.board.your_wish')
      : t(locale, 'memo.client_wish', { client: shorten(theClient?.name ?? '', NAME_MAX) });
    facts.push({ title, value: inShort(m.clientWish, 300) });
  }
  if (['followup', 'feedback'].includes(m.phase)) {
    const responsible = m.participants.find((p) => p.id === m.responsibleId);
    if (responsible) {
      facts.push({
        title: capitalise(locale, t(locale, 'role.responsible')),
        value: shorten(responsible.name, NAME_MAX),
      });
    }
    if (m.followUp) {
      facts.push({
        title: t(locale, 'card.followup-form.followup'),
        // Under its own title, the time is said alone; then where and who hosts it.
        value: ('at' in m.followUp
          ? [dateAndTime(m, locale, m.followUp.at), ...followUpSaid(locale, m, 200).slice(1)]
          : followUpSaid(locale, m, 200)
        ).join('\n'),
      });
    }
    const confirmed = followUpConfirmed(locale, m, 300, forClient);
    const heading = forClient ? 'card.board.checked_with_you' : 'card.commitments.confirm_heading';
    if (confirmed) facts.push({ title: t(locale, heading), value: confirmed });
  }
  return facts.length > 0 ? facts : undefined;
}

/** The last few notes, each cut short; the rest are in the memo. The commitments are counted only. */
export function notesView(locale: Locale, m: Meeting) {
  const { notes } = m;
  const commitments =
    m.commitments.length > 0
      ? t(locale, 'card.board.commitments', { count: m.commitments.length })
      : undefined;
  if (notes.length === 0) return commitments ? { commitments } : undefined;
  return {
    heading: t(locale, 'card.board.notes', { count: notes.length }),
    facts: notes.slice(-NOTES_SHOWN).map((n) => ({
      title: n.topic ? shorten(n.topic, 40) : t(locale, `phase.${n.phase}`),
      value: inShort(n.text, 200),
    })),
    more:
      notes.length > NOTES_SHOWN
        ? t(locale, 'card.board.notes_more', { count: notes.length - NOTES_SHOWN })
        : undefined,
    commitments,
  };
}
