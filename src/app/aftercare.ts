/**
 * Aftercare: the reminders a meeting's state implies, kept in the store's due-time index and sent
 * when due through the channel the meeting lives in. The schedule is derived again after every
 * change (a postponed commitment moves its reminders, a finished one has none); a tick claims
 * what is due, so with several instances each reminder goes out once, and what a crashed
 * instance had claimed goes out when its lease runs out.
 */
import { randomUUID } from 'node:crypto';
import cron from 'node-cron';
import type { Event, Meeting, Reminder, ReminderPolicy } from '../core/index.js';
import { DEFAULT_REMINDER_POLICY, remindersOf, supersededAt } from '../core/index.js';
import type { DueStore } from '../store/due-store.js';
import type { Conversations } from './conversations.js';
import type { ChannelName, Delivery } from './deliveries.js';
import type { FollowUps } from './followups.js';
import type { Clock, MeetingService } from './meeting-service.js';
import type { ChannelPort, Deliverer, FailureLog } from './port.js';
import type { Retention } from './retention.js';
import type { Upkeep } from './upkeep.js';

/** How long a claimed reminder is an instance's own before another may send it. */
const LEASE_MS = 5 * 60 * 1000;
/** Reminders claimed at a time: a burst drains in batches, at the platforms' pace. */
const BATCH = 50;
/**
 * Reminders under way at once in a tick: people are served side by side, each at their own
 * conversation's pace (the channel's pacer), so one person's several reminders hold up nobody else.
 */
const UNDER_WAY = 4 * BATCH;

/** Events after which a meeting's reminders may be other than they were. */
const CHANGES: ReadonlySet<Event['type']> = new Set<Event['type']>([
  'commitment.added',
  'commitment.edited',
  'commitment.removed',
  'commitment.status_changed',
  'responsible.assigned',
  'followup.agreed',
  'meeting.closed',
  'memo.approved',
  'meeting.cancelled',
  'account.linked',
  'invitee.removed',
  'reminders.muted',
  // A follow-up meeting's own reminder, the day before it, follows its invitation.
  'meeting.created',
  'invitation.updated',
  'invitee.added',
  'meeting.started',
]);

/**
 * What is sent: a commitment's reminder card to its owner (or, for them, to the responsible
 * worker), the follow-up meeting's eve to everyone invited, the digest to the responsible worker,
 * and a memo still waiting for review to those who review it.
 */
const SENT_KINDS: ReadonlySet<Reminder['kind']> = new Set([
  'commitment.soon',
  'commitment.due',
  'commitment.overdue',
  'followup.eve',
  'followup.agree_by',
  'digest',
  'memo.review',
  'followup.meeting',
]);

/** A reminder sent this long after its time (Toivo was down) says it comes late. */
const LATE_MS = 60 * 60 * 1000;

/** What became of a reminder a tick took: sent; settled without a message; left to its lease, for later. */
type Outcome = 'sent' | 'settled' | 'waiting';

export class Aftercare {
  private readonly ports = new Map<ChannelName, ChannelPort>();
  /** This instance, as the owner of the reminders it claims. */
  private readonly owner = randomUUID();
  private task: { stop(): unknown } | undefined;
  /** Ticks under way. */
  private readonly ticking = new Set<Promise<number>>();
  /** Counts stops: a tick under way when Toivo stops claims no more, and finishes what it has. */
  private stops = 0;
  private followUps: FollowUps | undefined;
  private retention: Retention | undefined;
  private upkeep: Upkeep | undefined;

  constructor(
    private readonly meetings: MeetingService,
    private readonly conversations: Conversations,
    private readonly deliverer: Deliverer,
    private readonly due: DueStore<Reminder>,
    private readonly clock: Clock,
    private readonly log: FailureLog,
    private readonly policy: ReminderPolicy = DEFAULT_REMINDER_POLICY,
  ) {}

  /** The port reminders of meetings living in `port.channel` go out through. */
  usePort(port: ChannelPort): void {
    this.ports.set(port.channel, port);
  }

  portOf(channel: ChannelName): ChannelPort | undefined {
    return this.ports.get(channel);
  }

  /** What deletes meetings when their time is over: looked at on every tick, set after changes. */
  useRetention(retention: Retention): void {
    this.retention = retention;
  }

  /** What catches up the meetings whose upkeep the store failed: on every tick, before reminders go. */
  useUpkeep(upkeep: Upkeep): void {
    this.upkeep = upkeep;
  }

  /** Where follow-up meetings are made when a meeting closes. */
  useFollowUps(followUps: FollowUps): void {
    this.followUps = followUps;
  }

  /**
   * After a change: the meeting's reminders as its state now implies them; and when it has just
   * closed, its follow-up meeting at once (the schedule keeps it too, should this fail).
   */
  async changed(meeting: Meeting, events: readonly Event[]): Promise<void> {
    // A click decided just before the meeting was erased: nothing of it is scheduled again.
    if (this.meetings.wasErased(meeting.id)) return;
    await this.retention?.changed(meeting, events);
    if (!events.some((e) => CHANGES.has(e.type))) return;
    await this.reschedule(meeting);
    if (events.some((e) => e.type === 'meeting.closed'))
      await this.followUp(meeting).catch((error: unknown) => {
        this.log(
          `toivo aftercare: the follow-up of meeting ${meeting.id} failed for now: ${error instanceof Error ? error.message : 'unknown'}`,
        );
      });
  }

  /** Makes the follow-up meeting of `first` if it is not yet, with its schedule; true once it is announced. */
  private async followUp(first: Meeting): Promise<boolean> {
    if (!this.followUps) return false;
    const { meeting, announced } = await this.followUps.ensure(first);
    if (meeting) {
      await this.reschedule(meeting);
      await this.retention?.schedule(meeting);
    }
    return announced;
  }

  /** An erased meeting's reminders, the ones sent too: nothing of it stays in the schedule. */
  forget(meetingId: string): Promise<void> {
    return this.due.forget(meetingId);
  }

  async reschedule(meeting: Meeting): Promise<void> {
    const reminders = remindersOf(meeting, this.policy).filter((r) => SENT_KINDS.has(r.kind));
    await this.due.replace(
      meeting.id,
      reminders.map((r) => ({ id: r.id, dueAt: Date.parse(r.at), value: r })),
    );
  }

  /**
   * Sends what is due now (and makes follow-up meetings due), and deletes the meetings whose time
   * is over; says how many reminders were sent.
   */
  async tick(): Promise<number> {
    // Reminders as the meetings now imply them, those whose change the store failed too.
    const tick = (this.upkeep?.catchUp() ?? Promise.resolve(0))
      .then(() => this.drain())
      .then(async (sent) => {
        await this.retention?.tick().catch((error: unknown) => {
          this.log(
            `toivo retention: a deletion failed for now: ${error instanceof Error ? error.message : 'unknown'}`,
          );
        });
        return sent;
      });
    this.ticking.add(tick);
    try {
      return await tick;
    } finally {
      this.ticking.delete(tick);
    }
  }

  private async drain(): Promise<number> {
    let sent = 0;
    let failed: { readonly error: unknown } | undefined;
    const underWay = new Set<Promise<void>>();
    /**
     * A meeting's reminders go out one after another, in their order (its follow-up meeting made
     * before the eve of it is looked at); different meetings' side by side.
     */
    const queues = new Map<string, Promise<void>>();
    const stops = this.stops;
    for (;;) {
      // Each batch leased from when it is claimed: a long drain never works on a lease already run out.
      const now = this.clock.now();
      const batch = await this.due.claim(now.getTime(), BATCH, this.owner, LEASE_MS);
      for (const { id, value } of batch) {
        while (underWay.size >= UNDER_WAY) await Promise.race(underWay);
        const queue = value.meetingId;
        const one = (queues.get(queue) ?? Promise.resolve())
          .then(async () => {
            // A slow platform: what is left once half the lease is gone is left to run out, for a later
            // tick or another instance, rather than sent here while another may be sending it too.
            if (failed || this.clock.now().getTime() - now.getTime() > LEASE_MS / 2) return;
            // What cannot be sent yet (no port for its channel) is left to its lease, for an instance that can.
            const outcome = await this.send(value, now);
            if (outcome === 'waiting') return;
            await this.due.done(id);
            if (outcome === 'sent') sent += 1;
          })
          .catch((error: unknown) => {
            failed ??= { error };
          });
        queues.set(queue, one);
        underWay.add(one);
        void one.then(() => {
          underWay.delete(one);
          if (queues.get(queue) === one) queues.delete(queue);
        });
      }
      if (failed || batch.length < BATCH || this.stops !== stops) break;
    }
    await Promise.all(underWay);
    // What was claimed and not sent is left to its lease.
    if (failed) throw failed.error;
    return sent;
  }

  /** Sends one reminder, or settles it as no longer meant to be sent, or leaves it for later. */
  private async send(r: Reminder, now: Date): Promise<Outcome> {
    const m = await this.meetings.get(r.meetingId);
    // The state may have moved on since the schedule was made: only what it still implies goes out.
    const implied = m ? remindersOf(m, this.policy) : [];
    if (!m || !implied.some((x) => x.id === r.id)) return 'settled';
    // Caught up after a stop: of several reminders of one thing due by now, only the latest goes out.
    if (supersededAt(implied, r, now.getTime())) return 'settled';
    // Too late to help: once the follow-up meeting has been held, what was due before it is not sent.
    const next =
      m.phase === 'invited'
        ? m.invitation.startsAt
        : m.followUp && 'at' in m.followUp
          ? m.followUp.at
          : undefined;
    if (next && now.getTime() > Date.parse(next)) {
      this.log(
        `toivo aftercare: reminder ${r.kind} of meeting ${m.id} dropped: the follow-up meeting is past`,
      );
      return 'settled';
    }
    // The follow-up meeting made is not a message: the count is of reminders sent.
    if (r.kind === 'followup.meeting') return (await this.followUp(m)) ? 'settled' : 'waiting';
    const to = m.participants.find((p) => p.id === r.to);
    if (!to?.chatUserId) return 'settled';
    const conversation = (await this.conversations.get(m.id))?.conversation;
    const port = conversation && this.ports.get(conversation.channel);
    if (!port) return 'waiting';
    // Sent well after its time (Toivo was down): it says so, so that a date it names is not misread.
    const late = now.getTime() - Date.parse(r.at) > LATE_MS ? { late: true } : {};
    const view = { locale: m.invitation.locale, now: now.toISOString(), meeting: m, ...late };
    const recipient = { account: to.chatUserId, participantId: to.id };
    const commitment = m.commitments.find((c) => c.id === r.commitmentId);
    let delivery: Delivery;
    if (r.kind === 'digest')
      delivery = { kind: 'direct', to: recipient, surface: 'digest', view: { ...view, viewerId: to.id } };
    else if (r.kind === 'followup.eve' || r.kind === 'followup.agree_by')
      delivery = {
        kind: 'direct',
        to: recipient,
        surface: 'followup-reminder',
        view: { ...view, viewerId: to.id },
      };
    else if (r.kind === 'memo.review')
      // The draft itself again, saying it still waits, with its button to approve and send it.
      delivery = {
        kind: 'direct',
        to: recipient,
        surface: 'memo',
        view: { ...view, viewerId: to.id, memoReminder: true },
      };
    else if (commitment)
      // The card is the owner's, with the owner's steps; someone without an account is reminded through the worker.
      delivery = {
        kind: 'direct',
        to: recipient,
        surface: 'reminder',
        view: { ...view, viewerId: commitment.ownerId, commitmentId: commitment.id },
      };
    else return 'settled';
    await this.deliverer.deliver(m.id, [delivery], port);
    return 'sent';
  }

  /** Ticks every minute until stopped. */
  start(): void {
    this.task ??= cron.schedule('* * * * *', () => {
      // A drain still under way (a burst after downtime) goes on; the next minute's tick waits for it.
      if (this.ticking.size > 0) return;
      this.tick().catch((error: unknown) =>
        this.log(`toivo aftercare: a tick failed: ${error instanceof Error ? error.message : 'unknown'}`),
      );
    });
  }

  /** Stops ticking; resolves once a tick under way has sent what it had claimed (a stopping server). */
  async stop(): Promise<void> {
    this.task?.stop();
    this.task = undefined;
    this.stops += 1;
    await Promise.allSettled(this.ticking);
  }
}
