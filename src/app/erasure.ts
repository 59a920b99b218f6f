/**
 * Erasure on request (and by retention): a whole meeting, or one person across the network's
 * chain of meetings. Whatever the app or a channel keeps about it goes: the events, the reminder
 * schedule, deliveries waiting to be tried again, the conversation and account links, the access
 * log, the channels' own records, and the erased content from the store's files.
 */
import { type Event, erasePerson, type Meeting } from '../core/index.js';
import { t } from '../i18n/index.js';
import type { EventStore } from '../store/event-store.js';
import type { AccessLog } from './access-log.js';
import type { Aftercare } from './aftercare.js';
import type { Conversations, PostedMessage } from './conversations.js';
import type { SharedSurface } from './deliveries.js';
import { chainOf } from './export.js';
import { followUpIdOf } from './followups.js';
import type { MeetingService } from './meeting-service.js';
import type { MeetingsOf } from './meetings-of.js';
import type { Deliverer } from './port.js';
import type { Retention } from './retention.js';

export interface ErasureDeps {
  readonly store: EventStore<Event>;
  readonly meetings: MeetingService;
  readonly meetingsOf: MeetingsOf;
  readonly conversations: Conversations;
  readonly aftercare: Aftercare;
  readonly retention: () => Retention;
  readonly deliverer: Deliverer;
  readonly access: AccessLog;
}

export class Erasure {
  /** What channels keep about meetings outside the app's own records. */
  private readonly erasers: ((meetingId: string) => Promise<void>)[] = [];

  constructor(private readonly deps: ErasureDeps) {}

  onErase(eraser: (meetingId: string) => Promise<void>): void {
    this.erasers.push(eraser);
  }

  /** A meeting and the follow-up meetings made from it (they hold copies of what it agreed). */
  async meeting(meetingId: string): Promise<readonly string[]> {
    const chain = [meetingId];
    for (let next = followUpIdOf(meetingId); await this.deps.meetings.get(next); next = followUpIdOf(next))
      chain.push(next);
    // The last first: a follow-up is never left pointing to a meeting already gone.
    for (const id of [...chain].reverse()) await this.one(id);
    return chain;
  }

  /** One meeting, gone from the store and from every file of it (retention erases one at a time). */
  async one(meetingId: string): Promise<void> {
    const { meetings, meetingsOf, aftercare, deliverer, conversations, access, store } = this.deps;
    const meeting = await meetings.get(meetingId);
    // The events first: from here on every click about it is refused as about no meeting.
    await meetings.erase(meetingId);
    await this.redrawErased(meetingId, meeting);
    // Channels while the conversation is still known (a Teams chat's list of meetings).
    for (const eraser of this.erasers) await eraser(meetingId);
    if (meeting) await meetingsOf.forget(meeting);
    await aftercare.forget(meetingId);
    await this.deps.retention().forget(meetingId);
    await deliverer.forget(meetingId);
    await conversations.erase(meetingId);
    await access.erase(meetingId);
    await store.compact();
  }

  /**
   * The cards the meeting's conversation showed say it was erased and nothing more: a channel
   * that cannot be reached now keeps them as they were (the store keeps nothing to try again with).
   */
  private async redrawErased(meetingId: string, meeting: Meeting | undefined): Promise<void> {
    const record = await this.deps.conversations.get(meetingId);
    const port = record && this.deps.aftercare.portOf(record.conversation.channel);
    if (!record || !port) return;
    const view = {
      locale: meeting?.invitation.locale ?? 'fi',
      now: this.deps.meetings.clock.now().toISOString(),
      erased: true,
    } as const;
    for (const [surface, posted] of Object.entries(record.messages) as [SharedSurface, PostedMessage][])
      await port
        .update({ kind: 'update', conversation: record.conversation, surface, view }, posted.id)
        .catch(() => undefined);
  }

  /**
   * One person, on their request, from every meeting of the chain `meetingId` belongs to (the
   * same account, or the same name and role, in each): their name, details, what they said and
   * what they committed to. The others' records stay, with a neutral name where theirs was.
   * Gives the meetings as they are now, for their cards to be drawn again.
   */
  async person(meetingId: string, participantId: string, by?: string): Promise<readonly Meeting[]> {
    const { meetings, meetingsOf, aftercare, deliverer, store } = this.deps;
    const chain = await chainOf(meetings, meetingId);
    const person = chain.find((m) => m.id === meetingId)?.participants.find((p) => p.id === participantId);
    if (!person) return [];
    const theirs = (m: Meeting) =>
      m.participants.find((p) =>
        person.chatUserId
          ? p.chatUserId === person.chatUserId
          : p.name === person.name && p.role === person.role,
      );
    const names = [...new Set(chain.flatMap((m) => theirs(m)?.name ?? []).concat(person.name))];
    const now = meetings.clock.now().toISOString();
    const done: Meeting[] = [];
    for (const m of chain) {
      const here = theirs(m)?.id;
      const standIn = t(m.invitation.locale, 'person.erased');
      const rewritten = await meetings.rewrite(m.id, (events) => {
        const { events: kept, parts } = erasePerson(events, {
          ...(here ? { participantId: here } : {}),
          names,
          standIn,
        });
        const erased: Event = {
          type: 'participant.erased',
          at: now,
          ...(by && m.id === meetingId ? { by } : {}),
          ...(here ? { participantId: here } : {}),
          ...parts,
        };
        return [...kept, erased];
      });
      if (!rewritten) continue;
      // What waits to be sent was drawn from the history before: it goes, and is drawn anew.
      await deliverer.drop(m.id);
      await aftercare.reschedule(rewritten);
      done.push(rewritten);
    }
    if (person.chatUserId) {
      const account = person.chatUserId;
      await Promise.all(done.map((m) => meetingsOf.leave(account, m.id)));
    }
    await store.compact();
    return done;
  }
}
