/** The record keepers' controls: the note-taker's notes and wish, and steps taken for someone without a chat account. */
import {
  client,
  findParticipant,
  type Locale,
  type Meeting,
  type Participant,
  roleRank,
  speakingOrder,
  viewOf,
} from '../../../core/index.js';
import { listNames, t } from '../../../i18n/index.js';
import { can, TRIAL_TEXT, whoCan } from '../can.js';
import { shorten } from '../card-format.js';
import { viewTrial } from '../view-form.js';
import { nextUp } from './floor.js';
import { capNames, choiceOf } from './text.js';

/** A name on a button after "Record view: ", within Slack's 75 characters. */
const BUTTON_NAME_MAX = 45;

/** Who spoke last in this phase's latest round: the one whose turn just ended. */
function justHeard(m: Meeting): Participant | undefined {
  const round = m.rounds.filter((r) => r.phase === m.phase).at(-1);
  const last = round?.turns.filter((turn) => turn.kind === 'spoke').at(-1);
  return findParticipant(m, last?.participantId);
}

/**
 * Each one's view, for the chair and the note-taker: a button to write down the view of the one who
 * has the floor and of the one just heard, and whose views are written down already.
 */
export function viewTools(locale: Locale, m: Meeting, now: string, me: string) {
  const speaker = findParticipant(m, m.floor);
  const heard = justHeard(m);
  const people = [speaker, heard?.id === speaker?.id ? undefined : heard].filter(
    (p): p is Participant => p !== undefined && can(m, now, me, viewTrial(m, p.id)),
  );
  const recorded = m.participants
    .filter((p) => viewOf(m, p.id) !== undefined)
    .sort((a, b) => roleRank(a.role) - roleRank(b.role));
  // After the meeting, while the memo is a draft, anyone who was there, chosen from a list.
  const inRoundOrder = [...m.participants].sort((a, b) => roleRank(a.role) - roleRank(b.role));
  const pickable = m.phase === 'closed' ? whoCan(m, now, me, inRoundOrder, (p) => viewTrial(m, p.id)) : [];
  if (people.length === 0 && recorded.length === 0 && pickable.length === 0) return undefined;
  return {
    pick: pickable.length > 0 ? { choices: pickable.map(choiceOf), value: '' } : undefined,
    heading: t(locale, 'card.board.views'),
    recorded:
      recorded.length > 0
        ? t(locale, 'card.board.views_recorded', {
            names: listNames(
              locale,
              capNames(
                locale,
                recorded.map((p) => p.name),
              ),
            ),
          })
        : undefined,
    buttons: people.map((p) => ({
      title: t(locale, 'card.board.action.record_view', { name: shorten(p.name, BUTTON_NAME_MAX) }),
      participantId: p.id,
    })),
  };
}

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
