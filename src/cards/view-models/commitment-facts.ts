/** How a commitment and the people in it are said on the aftercare cards, in the viewer's language. */
import {
  type Commitment,
  client,
  findParticipant,
  isOverdue,
  type Locale,
  type Meeting,
  type Participant,
  roleRank,
} from '../../core/index.js';
import { localDate } from '../../core/validate.js';
import { listNames, t } from '../../i18n/index.js';
import { formatDate, shorten } from './card-format.js';

/**
 * "Liisa Laine (close one, äiti)": the role tells a worker from a close one with the same name.
 * Among workers only, the role says nothing, so their title and organisation are shown instead.
 */
export function personLabel(locale: Locale, p: Participant, withRole = true): string {
  const facts = withRole
    ? [t(locale, `role.${p.role}`), p.relation ?? p.organisation]
    : [p.relation, p.organisation];
  const said = facts.filter(Boolean).join(', ');
  return said ? `${shorten(p.name, 60)} (${shorten(said, 50)})` : shorten(p.name, 60);
}

/** Participants as choices: client, close ones, workers, each in invitation order. */
export const personChoices = (locale: Locale, people: readonly Participant[], withRole = true) =>
  [...people]
    .sort((a, b) => roleRank(a.role) - roleRank(b.role))
    .map((p) => ({ title: personLabel(locale, p, withRole), value: p.id }));

export const nameOf = (m: Meeting, id: string | undefined): string => findParticipant(m, id)?.name ?? '?';

/**
 * Today in the meeting's time zone, the earliest day a date picker offers. The core checks dates
 * against its own clock; this only keeps people from picking a day already gone.
 */
export const today = (m: Meeting, now: string): string => localDate(now, m.invitation.timeZone);

/** The day the meeting was held (or is to be held), as the language writes dates. */
export const meetingDay = (locale: Locale, m: Meeting): string =>
  formatDate(locale, localDate(m.startedAt ?? m.invitation.startsAt, m.invitation.timeZone));

export interface Fact {
  readonly title: string;
  readonly value: string;
}

interface FactOptions {
  /** Shortens free text, for long lists; the memo has it whole. */
  readonly max?: number;
  /** False on a card that speaks to the owner: "you" needs no name. */
  readonly owner?: boolean;
  /** Whether it was checked with the client, and what the client added. */
  readonly check?: boolean;
  /** The client looks: what is about them is said to them ("You", "with you", "you added"), not by their name. */
  readonly forClient?: boolean;
  /** Today in the meeting's time zone: a commitment past its day and not done says so. */
  readonly today?: string;
}

/** Who, by when, with whom, the status in words and, if asked, the check with the client. */
export function commitmentFacts(
  locale: Locale,
  m: Meeting,
  c: Commitment,
  { max = Number.POSITIVE_INFINITY, owner = true, check = false, forClient = false, today }: FactOptions = {},
): Fact[] {
  const cut = (text: string) => (Number.isFinite(max) ? shorten(text, max) : text);
  const facts: Fact[] = [];
  const fact = (key: string, value: string) => facts.push({ title: t(locale, key), value });
  const you = forClient ? client(m)?.id : undefined;
  if (owner)
    fact(
      'card.commitments.who',
      c.ownerId === you ? t(locale, 'card.commitments.you_do') : cut(nameOf(m, c.ownerId)),
    );
  fact('card.commitments.due', formatDate(locale, c.due));
  const withName = (id: string) => (id === you ? t(locale, 'card.commitments.with_you_too') : nameOf(m, id));
  const others = [...c.withParticipants.map(withName), ...c.withOthers];
  if (others.length > 0) fact('card.commitments.with', cut(listNames(locale, others)));
  const said = t(locale, `commitment.status.${c.status}`);
  const status = today && isOverdue(c, today) ? `${said} · ${t(locale, 'commitment.overdue')}` : said;
  fact('card.commitments.status', c.statusNote ? `${status} – ${cut(c.statusNote)}` : status);
  if (check) {
    const checked = t(
      locale,
      c.confirmation ? 'card.commitments.check_yes' : 'card.commitments.check_not_yet',
    );
    const comment = c.confirmation?.clientComment;
    const added = forClient ? 'card.commitments.you_added' : 'memo.client_comment';
    fact(
      forClient ? 'card.commitments.with_you' : 'card.commitments.with_client',
      comment ? `${checked} – ${t(locale, added, { comment: cut(comment) })}` : checked,
    );
  }
  return facts;
}

/** Whether the client was asked, and what they added: the seed's "check with the client", said whole. */
export function clientCheck(locale: Locale, c: Commitment): string {
  const checked = t(locale, c.confirmation ? 'card.commitments.checked' : 'card.commitments.not_checked');
  const comment = c.confirmation?.clientComment;
  return comment ? `${checked}. ${t(locale, 'memo.client_comment', { comment })}` : checked;
}
