/**
 * The follow-up meeting: created from the first when it closes with a time agreed, with the same
 * people invited and linked to it, its invitation posted where the first one lived and sent to
 * everyone invited. When it starts, the app hands it the first meeting's commitments to review.
 *
 * Its id is derived from the first meeting's, so creating it again (a retry, a second instance, a
 * restart mid-way) finds it made rather than making two.
 */
import { createHash } from 'node:crypto';
import { VERBS } from '../cards/verbs.js';
import { followUpCommand, type Meeting, type ReviewInput, reviewInputOf } from '../core/index.js';
import type { Conversations } from './conversations.js';
import { type ChannelName, deliveriesFor } from './deliveries.js';
import type { MeetingService } from './meeting-service.js';
import type { MeetingsOf } from './meetings-of.js';
import type { ChannelPort, Deliverer, FailureLog } from './port.js';

/** The id of the follow-up meeting of `meetingId`: the same every time, not guessable without it. */
export const followUpIdOf = (meetingId: string): string =>
  createHash('sha256').update(`toivo follow-up\n${meetingId}`).digest('base64url').slice(0, 32);

/** Nobody in particular: the follow-up meeting is called by Toivo, so its invitation goes to everyone. */
const TOIVO = { account: 'toivo' };

export class FollowUps {
  constructor(
    private readonly meetings: MeetingService,
    private readonly conversations: Conversations,
    private readonly meetingsOf: MeetingsOf,
    private readonly deliverer: Deliverer,
    private readonly portOf: (channel: ChannelName) => ChannelPort | undefined,
    private readonly log: FailureLog,
  ) {}

  /**
   * The follow-up meeting of `first`, created if it is not yet: undefined when `first` agreed none
   * or it cannot be made (its time has passed). Says false when it could not be announced yet (no
   * port for the channel here), so that the caller may try again.
   */
  async ensure(first: Meeting): Promise<{ readonly meeting?: Meeting; readonly announced: boolean }> {
    const command = followUpCommand(first);
    if (!command) return { announced: true };
    const id = followUpIdOf(first.id);
    const known = await this.meetings.get(id);
    // Made and shown in its conversation: done. Made but not shown (the store failed right after it
    // was made): its invitation is posted now.
    if (known && Object.keys((await this.conversations.get(id))?.messages ?? {}).length > 0)
      return { meeting: known, announced: true };
    const conversation = (await this.conversations.get(first.id))?.conversation;
    const port = conversation && this.portOf(conversation.channel);
    if (!conversation || !port) return { announced: false };
    // Its place first: a meeting made always has one.
    await this.conversations.settle(id, conversation);
    let next = known;
    let events = known ? await this.meetings.events(id) : [];
    if (!next) {
      const outcome = await this.meetings.apply(id, () => ({ commands: [command] }));
      if (!outcome.ok) {
        if (outcome.rejection.code === 'meeting.exists') return { announced: true };
        this.log(
          `toivo aftercare: the follow-up of meeting ${first.id} was not created: ${outcome.rejection.code}`,
        );
        return { announced: true };
      }
      next = outcome.meeting;
      events = outcome.events;
    }
    await this.meetingsOf.note(undefined, next, events);
    // The invitation in the conversation, and to everyone invited who has an account (the convener
    // too); when posted late, in the conversation only: the direct ones may have gone already.
    const deliveries = deliveriesFor({
      verb: VERBS.meetingCreate,
      fields: {},
      who: TOIVO,
      conversation,
      before: undefined,
      after: next,
      events,
      now: this.meetings.clock.now().toISOString(),
    }).filter((d) => d.kind === 'post' || d.kind === 'update' || (d.kind === 'direct' && !known));
    await this.deliverer.deliver(id, deliveries, port);
    return { meeting: next, announced: true };
  }

  /**
   * What a follow-up meeting that is about to start reviews: the first meeting's commitments as they
   * stand now. Only for the meeting whose id the first meeting's own derives: no other can ask.
   */
  async reviewFor(meetingId: string): Promise<ReviewInput[] | undefined> {
    const next = await this.meetings.get(meetingId);
    if (!next?.previousMeetingId || next.phase !== 'invited') return undefined;
    const first = await this.meetings.get(next.previousMeetingId);
    if (!first || followUpIdOf(first.id) !== next.id) return undefined;
    const review = reviewInputOf(first, next);
    return review.length > 0 ? review : undefined;
  }
}
