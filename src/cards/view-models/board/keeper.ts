/** The record keepers' controls: the note-taker's notes and wish, and steps taken for someone without a chat account. */
import { client, type Locale, type Meeting, speakingOrder } from '../../../core/index.js';
import { t } from '../../../i18n/index.js';
import { can, TRIAL_TEXT } from '../can.js';
import { shorten } from '../card-format.js';
import { nextUp } from './floor.js';
import { choiceOf } from './text.js';

export function noteTakerTools(locale: Locale, m: Meeting, now: string, me: string) {
  if (!can(m, now, me, { type: 'note.add', text: TRIAL_TEXT })) return undefined;
  return {
    heading: t(locale, 'card.board.notetaker_tools'),
    topics:
      m.invitation.topics.length > 0
        ? m.invitation.topics.map((topic) => ({ title: shorten(topic, 60), value: topic }))
        : undefined,
    // The wish is asked for in "why we are here". The client records their own on their card; the
    // note-taker writes it down when they say it aloud.
    wish:
      m.phase === 'why' && client(m)?.id !== me && can(m, now, me, { type: 'wish.record', text: TRIAL_TEXT }),
  };
}

/**
 * The chair and the note-taker record the turns of people without a chat account (often a
 * grandparent or a friend), as the seed's rule of every voice heard requires. The people offered
 * are those for whom at least one of the steps would work now.
 */
export function onBehalfTools(m: Meeting, now: string, me: string) {
  // Only people without a chat account are acted for; asking the core about them alone keeps a
  // board of sixty people cheap to draw, as it is drawn for every viewer on every click.
  const steps = speakingOrder(m)
    .filter((p) => p.chatUserId === undefined)
    .map((p) => ({
      p,
      pass: can(m, now, me, { type: 'turn.pass', onBehalfOf: p.id }),
      request: can(m, now, me, { type: 'floor.request', onBehalfOf: p.id }),
      // Ended for someone else, a turn would be the speaker's: "done" is for the one who speaks.
      done: p.id === m.floor && can(m, now, me, { type: 'turn.end', onBehalfOf: p.id }),
    }));
  const people = steps.filter((s) => s.pass || s.request || s.done).map((s) => s.p);
  if (people.length === 0) return undefined;
  const pass = steps.filter((s) => s.pass).map((s) => s.p);
  const speaking = steps.find((s) => s.done)?.p;
  const next = nextUp(m);
  const preferred = speaking ?? pass.find((p) => p.id === next?.id) ?? pass[0] ?? people[0];
  return {
    choices: people.map(choiceOf),
    value: preferred?.id ?? '',
    pass: pass.length > 0,
    done: speaking !== undefined,
    request: steps.some((s) => s.request),
  };
}
