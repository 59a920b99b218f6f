/** The record keepers' controls: the note-taker's notes and wish, and steps taken for someone without a chat account. */
import { client, type Locale, type Meeting, speakingOrder } from '../../../core/index.js';
import { t } from '../../../i18n/index.js';
import { shorten } from '../card-format.js';
import { can } from './can.js';
import { nextUp } from './floor.js';
import { choiceOf } from './text.js';

export function noteTakerTools(locale: Locale, m: Meeting, me: string) {
  return {
    heading: t(locale, 'card.board.notetaker_tools'),
    topics:
      m.invitation.topics.length > 0
        ? m.invitation.topics.map((topic) => ({ title: shorten(topic, 60), value: topic }))
        : undefined,
    // The client records their own wish on their card; the note-taker writes it down when they say it aloud.
    wish: m.phase === 'why' && client(m)?.id !== me,
  };
}

/**
 * The chair and the note-taker record the turns of people without a chat account (often a
 * grandparent or a friend), as the seed's rule of every voice heard requires.
 */
export function onBehalfTools(m: Meeting, me: string) {
  const people = speakingOrder(m).filter((p) => p.chatUserId === undefined);
  const pass = people.filter((p) => can(m, me, { type: 'turn.pass', onBehalfOf: p.id }));
  const request = people.some((p) => can(m, me, { type: 'floor.request', onBehalfOf: p.id }));
  const speaking = people.find((p) => p.id === m.floor);
  const done = speaking !== undefined && can(m, me, { type: 'turn.end', onBehalfOf: speaking.id });
  if (pass.length === 0 && !request && !done) return undefined;
  const next = nextUp(m);
  const preferred = speaking ?? pass.find((p) => p.id === next?.id) ?? pass[0] ?? people[0];
  return {
    choices: people.map(choiceOf),
    value: preferred?.id ?? '',
    pass: pass.length > 0,
    done,
    request,
  };
}
