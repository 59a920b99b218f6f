/**
 * The follow-up meeting as the first one implies it: the same people invited, at the agreed time
 * and place, linked to the first; and, when it starts, the first meeting's commitments to review.
 */
import type { CommandOf, PersonInput, ReviewInput } from './commands.js';
import type { Meeting, Participant } from './types.js';

const personOf = (p: Participant): PersonInput => ({
  name: p.name,
  role: p.role,
  ...(p.relation ? { relation: p.relation } : {}),
  ...(p.organisation ? { organisation: p.organisation } : {}),
  ...(p.chatUserId ? { chatUserId: p.chatUserId } : {}),
});

/** Someone who can call a meeting from the chat: a participant with a chat account. */
const withAccount = (m: Meeting, id: string | undefined): Participant | undefined =>
  m.participants.find((p) => p.id === id && p.chatUserId !== undefined);

/**
 * Who calls the follow-up meeting: the host agreed for it; else the responsible worker, who owns
 * the follow-up; each only with a chat account to call it from; else whoever called the first.
 */
export function followUpConvener(m: Meeting): Participant | undefined {
  const host = m.followUp && 'hostId' in m.followUp ? withAccount(m, m.followUp.hostId) : undefined;
  return host ?? withAccount(m, m.responsibleId) ?? m.participants.find((p) => p.id === m.convenerId);
}

/** Where the follow-up meeting is held: the place or link agreed for it, else where the first one was. */
export function followUpWhere(m: Meeting): { readonly place?: string; readonly onlineUrl?: string } {
  const f = m.followUp && 'at' in m.followUp ? m.followUp : undefined;
  const { place, onlineUrl } = f?.place || f?.onlineUrl ? f : m.invitation;
  return { ...(place ? { place } : {}), ...(onlineUrl ? { onlineUrl } : {}) };
}

/** The follow-up meeting's `meeting.create`; undefined when the meeting agreed none, or has not closed. */
export function followUpCommand(m: Meeting): CommandOf<'meeting.create'> | undefined {
  if (m.phase !== 'closed' || !m.followUp || !('at' in m.followUp)) return undefined;
  const convener = followUpConvener(m);
  if (!convener) return undefined;
  const { purpose, topics, durationMinutes, locale, timeZone } = m.invitation;
  return {
    type: 'meeting.create',
    invitation: {
      purpose,
      topics,
      startsAt: m.followUp.at,
      durationMinutes,
      ...followUpWhere(m),
      locale,
      timeZone,
    },
    convener: personOf(convener),
    // Everyone who was in it, invited or joined on the day; editable before the follow-up like any invitation.
    invitees: m.participants.filter((p) => p.id !== convener.id).map(personOf),
    previousMeetingId: m.id,
  };
}

/** The same person in the follow-up meeting: by chat account, or by name and role for someone without one. */
function sameIn(next: Meeting, p: Participant | undefined): Participant | undefined {
  if (!p) return undefined;
  return p.chatUserId !== undefined
    ? next.participants.find((q) => q.chatUserId === p.chatUserId)
    : next.participants.find((q) => q.chatUserId === undefined && q.name === p.name && q.role === p.role);
}

/** The first meeting's commitments as `next` reviews them, with their status as last reported. */
export function reviewInputOf(previous: Meeting, next: Meeting): ReviewInput[] {
  return previous.commitments.flatMap((c) => {
    // An owner is never removed once the meeting has run; a commitment without one has no one to ask.
    const owner = previous.participants.find((p) => p.id === c.ownerId);
    if (!owner) return [];
    const there = sameIn(next, owner);
    return [
      {
        id: c.id,
        what: c.what,
        ...(there ? { ownerId: there.id } : {}),
        ownerName: owner.name,
        due: c.due,
        status: c.status,
        ...(c.statusNote ? { statusNote: c.statusNote } : {}),
      },
    ];
  });
}
