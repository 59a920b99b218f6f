/** Who has the floor, who is next, whose hands are up, and the round's speaking order in words. */
import {
  evolve,
  findParticipant,
  type Locale,
  type Meeting,
  nextInRound,
  notSpokenInMeeting,
  openRound,
  type Participant,
  speakingOrder,
} from '../../../core/index.js';
import { listNames, t } from '../../../i18n/index.js';
import { shorten } from '../card-format.js';
import { capNames, LIST_MAX, NAME_MAX } from './text.js';

type Fact = { readonly title: string; readonly value: string };

/** Who is next, by meeting: the floor, the chair's tools and the record keepers' all ask on one drawing. */
const nextBy = new WeakMap<Meeting, { readonly next: Participant | undefined }>();

/** Who is next in the round once the current speaker is done, as the chair's "next speaker" would pick. */
export function nextUp(m: Meeting): Participant | undefined {
  const known = nextBy.get(m);
  if (known) return known.next;
  const done =
    openRound(m) && m.floor
      ? evolve(m, { type: 'turn.ended', participantId: m.floor, at: m.startedAt ?? m.invitation.startsAt })
      : m;
  const next = openRound(m) ? nextInRound(done) : undefined;
  nextBy.set(m, { next });
  return next;
}

export function floorView(locale: Locale, m: Meeting) {
  const speaker = findParticipant(m, m.floor);
  const names = (people: readonly (Participant | undefined)[]) =>
    listNames(
      locale,
      capNames(
        locale,
        people.flatMap((p) => (p ? [p.name] : [])),
      ),
    );
  const next = nextUp(m);
  const hands = m.hands.map((id) => findParticipant(m, id));
  const silent = notSpokenInMeeting(m);
  const facts: Fact[] = [
    ...(next ? [{ title: t(locale, 'card.board.next_in_turn'), value: shorten(next.name, NAME_MAX) }] : []),
    ...(hands.length > 0 ? [{ title: t(locale, 'card.board.hands'), value: names(hands) }] : []),
    ...(silent.length > 0 ? [{ title: t(locale, 'card.board.not_spoken'), value: names(silent) }] : []),
  ];
  return {
    speaker: speaker
      ? t(locale, 'card.board.speaker', { name: shorten(speaker.name, NAME_MAX) })
      : t(locale, 'card.board.no_speaker'),
    facts: facts.length > 0 ? facts : undefined,
  };
}

/** Role, relation, and the roles of chair and note-taker, as one short line. */
export function describe(locale: Locale, m: Meeting, p: Participant): string {
  return [
    t(locale, `role.${p.role}`),
    p.relation ? shorten(p.relation, 40) : undefined,
    p.safeAdult ? t(locale, 'role.safe_adult') : undefined,
    p.id === m.chairId ? t(locale, 'role.chair') : undefined,
    p.id === m.noteTakerId ? t(locale, 'role.notetaker') : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

function stateOf(m: Meeting, p: Participant): string | undefined {
  if (p.id === m.floor) return 'speaking';
  const round = openRound(m);
  if (!round) return undefined;
  return round.turns.find((turn) => turn.participantId === p.id)?.kind ?? 'waiting';
}

/** The present people in speaking order; in a round, each with spoke / passed / not yet. */
export function orderView(locale: Locale, m: Meeting) {
  const people = speakingOrder(m);
  if (people.length === 0) return undefined;
  const facts = people.slice(0, LIST_MAX).map((p) => {
    const state = stateOf(m, p);
    const details = describe(locale, m, p);
    return {
      title: shorten(p.name, NAME_MAX),
      value: state ? `${details} · ${t(locale, `card.board.state.${state}`)}` : details,
    };
  });
  return {
    heading: t(locale, openRound(m) ? 'card.board.order_round' : 'card.board.order_present'),
    facts,
    more:
      people.length > LIST_MAX
        ? t(locale, 'card.board.and_more', { count: people.length - LIST_MAX })
        : undefined,
  };
}
