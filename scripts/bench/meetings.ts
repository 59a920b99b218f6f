/**
 * Meetings for the reminder benchmarks: the realistic meeting, closed, stored many times over
 * under ids and chat accounts of their own, its reminders in the store's due-time index.
 */
import type { App } from '../../src/app/app.js';
import type { Conversation } from '../../src/app/deliveries.js';
import { type Event, type Reminder, remindersOf, supersededAt } from '../../src/core/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { realisticMeeting } from '../../test/support/realistic-meeting.js';

/** The eve of the realistic meeting's follow-up, mid-morning: every reminder it keeps itself is due. */
export const ALL_DUE_AT = Date.parse('2027-01-13T10:00:00+02:00');

const ACCOUNT = /"U-([A-Z]+)"/g;
const CLOSED = JSON.stringify(realisticMeeting('closed').events);

/**
 * The realistic meeting stored as `id`, living in `conversation`, each person's account made
 * their own by `account` ("SANNA" → whatever the channel needs). Its reminders go into the
 * due-time index, up to `limit` of them; gives the account each one goes to. The follow-up
 * meeting is left out: it was made when the meeting closed, and what is measured is reminders.
 */
export async function storeMeeting(
  store: EventStore<Event>,
  app: App,
  id: string,
  conversation: Conversation,
  account: (name: string) => string,
  limit = Number.POSITIVE_INFINITY,
): Promise<string[]> {
  const events = (
    JSON.parse(CLOSED.replace(ACCOUNT, (_, name: string) => `"${account(name)}"`)) as Event[]
  ).map((e) => (e.type === 'meeting.created' ? { ...e, meetingId: id } : e));
  const stored = await store.append(id, 0, events);
  if (!stored.ok) throw new Error(`meeting ${id} is there already`);
  await app.conversations.settle(id, conversation);
  const meeting = await app.meetings.get(id);
  if (!meeting) throw new Error(`meeting ${id} was not stored`);
  const all = remindersOf(meeting);
  // What a tick at ALL_DUE_AT sends: of a task's several reminders due by then, the latest only.
  const reminders = all
    .filter((r) => r.kind !== 'followup.meeting' && !supersededAt(all, r, ALL_DUE_AT))
    .slice(0, limit);
  await store.due<Reminder>('reminders').replace(
    id,
    reminders.map((r) => ({ id: r.id, dueAt: Date.parse(r.at), value: r })),
  );
  return reminders.map((r) => meeting.participants.find((p) => p.id === r.to)?.chatUserId ?? '');
}
