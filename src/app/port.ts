/**
 * The channel port: what every channel (Teams, Slack, the playground) implements to carry out
 * deliveries, and the one place that carries them out. Recipients are served side by side: one
 * failing never blocks another, and every failure is reported.
 */
import { randomUUID } from 'node:crypto';
import type { Conversations } from './conversations.js';
import type { ChannelName, Delivery } from './deliveries.js';
import type { Outbox, Pending } from './outbox.js';

export type DeliveryResult =
  | {
      readonly ok: true /** The platform's id of a posted message, to update it later. */;
      readonly messageId?: string;
    }
  | {
      readonly ok: false;
      readonly error: string /** Seconds the platform asked us to wait (429). */;
      readonly retryAfter?: number;
    };

type Of<K extends Delivery['kind']> = Extract<Delivery, { kind: K }>;

export interface ChannelPort {
  /** Which channel this is: a delivery that waits to be tried again goes back to the same channel. */
  readonly channel: ChannelName;
  /** Posts a card in the meeting's conversation; answers with the message's id. */
  send(delivery: Of<'post'>): Promise<DeliveryResult>;
  /** Draws a card of the conversation again, in place. */
  update(delivery: Of<'update'>, messageId: string): Promise<DeliveryResult>;
  /** Opens a form for one person (Teams: a card of its own; Slack: a modal). */
  openForm(delivery: Of<'form'>): Promise<DeliveryResult>;
  /** Shows one person a notice that nobody else sees. */
  notify(delivery: Of<'notice'>): Promise<DeliveryResult>;
  /** Sends one person a direct message. */
  direct(delivery: Of<'direct'>): Promise<DeliveryResult>;
}

export interface DeliveryReport {
  readonly delivery: Delivery;
  readonly result: DeliveryResult;
}

/** Where failures are told: a line with what failed and why, never the card's text. */
export type FailureLog = (line: string) => void;

const failed = (error: unknown): DeliveryResult => ({
  ok: false,
  error: error instanceof Error ? error.message : String(error),
});

/** A port that throws is a failed delivery, not a crashed click. */
async function guarded(work: () => Promise<DeliveryResult>): Promise<DeliveryResult> {
  try {
    return await work();
  } catch (error) {
    return failed(error);
  }
}

/**
 * How a failed delivery is tried again: after each delay in turn (or later, when the platform
 * asked for longer), then given up and told. A form is never tried again: the person who asked
 * for it has moved on, and the platform's permission to open it is gone within seconds.
 */
export interface RetryPolicy {
  readonly delaysMs: readonly number[];
}

export const DEFAULT_RETRY: RetryPolicy = { delaysMs: [30_000, 5 * 60_000, 30 * 60_000] };

const describe = (meetingId: string | undefined, delivery: Delivery): string => {
  const to = 'to' in delivery ? ` to ${delivery.to.account}` : ` in ${delivery.conversation.id}`;
  return `${delivery.kind} ${delivery.surface}${to} of meeting ${meetingId ?? '-'}`;
};

export class Deliverer {
  /** Retries waiting for their time in this process, by outbox id. */
  private readonly waiting = new Map<string, NodeJS.Timeout>();
  /** The meeting each waiting retry is for, by outbox id. */
  private readonly waitingFor = new Map<string, string | undefined>();
  /** Meetings erased while this process runs: what fails for them is not kept to try again. */
  private readonly erased = new Set<string>();
  /** Retries being tried now. */
  private readonly trying = new Set<Promise<void>>();

  constructor(
    private readonly conversations: Conversations,
    private readonly log: FailureLog = (line) => console.warn(line),
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly outbox?: Outbox,
  ) {}

  /** How many failed deliveries this process waits to try again, or is trying again now. */
  get retrying(): number {
    return this.waiting.size + this.trying.size;
  }

  /**
   * Stops waiting (a stopping server): what waits stays in the outbox for the next start; resolves
   * once the retries being tried now are settled.
   */
  async stop(): Promise<void> {
    for (const timer of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
    this.waitingFor.clear();
    await Promise.all(this.trying);
  }

  /**
   * Drops every delivery of an erased meeting that waits to be tried again, here and in the outbox;
   * one that fails from now on is not kept.
   */
  async forget(meetingId: string): Promise<void> {
    this.erased.add(meetingId);
    await this.drop(meetingId);
  }

  /** Drops the deliveries of a meeting that wait to be tried again (drawn from a state that is no more). */
  async drop(meetingId: string): Promise<void> {
    for (const [id, meeting] of this.waitingFor) {
      if (meeting !== meetingId) continue;
      clearTimeout(this.waiting.get(id));
      this.waiting.delete(id);
      this.waitingFor.delete(id);
    }
    await this.outbox?.drop(meetingId);
  }

  /** Picks up what waits for `port`'s channel in the outbox (after a restart); says how many. */
  async resume(port: ChannelPort): Promise<number> {
    const pending = (await this.outbox?.waiting(port.channel)) ?? [];
    for (const p of pending) if (!this.waiting.has(p.id)) this.schedule(p, port);
    return pending.length;
  }

  /** Keeps a failed delivery for its next try, or gives it up (and says so) after the policy's last. */
  private async later(
    entry: Omit<Pending, 'dueAt' | 'channel'>,
    port: ChannelPort,
    failure: DeliveryResult,
  ): Promise<void> {
    const { delivery, meetingId, attempt } = entry;
    const delay = this.retry.delaysMs[attempt];
    if (meetingId && this.erased.has(meetingId)) return;
    if (delivery.kind === 'form' || delay === undefined) {
      if (attempt > 0)
        this.log(`toivo delivery abandoned: ${describe(meetingId, delivery)} after ${attempt + 1} tries`);
      return;
    }
    const asked = !failure.ok && failure.retryAfter !== undefined ? failure.retryAfter * 1000 : 0;
    const pending: Pending = { ...entry, channel: port.channel, dueAt: Date.now() + Math.max(delay, asked) };
    let kept = this.outbox !== undefined;
    try {
      const dropped = (await this.outbox?.put(pending)) ?? 0;
      if (dropped > 0)
        this.log(`toivo delivery outbox full: the ${dropped} oldest waiting deliveries were dropped`);
    } catch (error) {
      // The store that failed the delivery fails its keeping too: it waits here only, and what it was
      // a part of is still answered as done (it was saved).
      kept = false;
      this.log(
        `toivo delivery kept in this process only: ${describe(meetingId, delivery)}: ${error instanceof Error ? error.message : 'unknown'}`,
      );
    }
    this.schedule(pending, port, kept);
  }

  /** Tries `pending` again at its time; `kept`: it is in the outbox, to be taken from there first. */
  private schedule(pending: Pending, port: ChannelPort, kept = true): void {
    const timer = setTimeout(
      () => {
        this.waiting.delete(pending.id);
        this.waitingFor.delete(pending.id);
        const trying = this.again(pending, port, kept)
          .catch((error: unknown) =>
            // The store failed it (it stays in the outbox if it was not taken): ids only, never content.
            this.log(
              `toivo delivery retry failed: ${describe(pending.meetingId, pending.delivery)}: ${error instanceof Error ? error.message : 'unknown'}`,
            ),
          )
          .finally(() => this.trying.delete(trying));
        this.trying.add(trying);
      },
      Math.max(0, pending.dueAt - Date.now()),
    );
    timer.unref();
    this.waiting.set(pending.id, timer);
    this.waitingFor.set(pending.id, pending.meetingId);
  }

  private async again(pending: Pending, port: ChannelPort, kept: boolean): Promise<void> {
    // Taken first: another instance may have tried it already.
    if (kept && this.outbox && !(await this.outbox.take(pending.id))) return;
    const { meetingId, delivery, attempt } = pending;
    const result = await guarded(() => this.one(meetingId, delivery, port));
    if (result.ok) return;
    this.told(meetingId, delivery, result, attempt + 2);
    await this.later({ ...pending, attempt: attempt + 1 }, port, result);
  }

  private told(
    meetingId: string | undefined,
    delivery: Delivery,
    result: DeliveryResult,
    attempt: number,
  ): void {
    if (result.ok) return;
    const wait = result.retryAfter === undefined ? '' : ` (retry after ${result.retryAfter} s)`;
    const tries = attempt > 1 ? ` (try ${attempt})` : '';
    // Ids and codes only: a card's text is what people said, and never goes to a log.
    this.log(`toivo delivery failed: ${describe(meetingId, delivery)}: ${result.error}${wait}${tries}`);
  }

  /** Carries out every delivery of one meeting through `port`; resolves when all are settled. */
  async deliver(
    meetingId: string | undefined,
    deliveries: readonly Delivery[],
    port: ChannelPort,
  ): Promise<DeliveryReport[]> {
    const settled = await Promise.allSettled(
      deliveries.map((delivery) => guarded(() => this.one(meetingId, delivery, port))),
    );
    const reports = deliveries.map((delivery, i) => {
      const outcome = settled[i];
      const result = outcome?.status === 'fulfilled' ? outcome.value : failed(outcome?.reason);
      return { delivery, result };
    });
    for (const { delivery, result } of reports) {
      if (result.ok) continue;
      this.told(meetingId, delivery, result, 1);
      await this.later(
        { id: randomUUID(), ...(meetingId ? { meetingId } : {}), delivery, attempt: 0 },
        port,
        result,
      );
    }
    return reports;
  }

  private one(meetingId: string | undefined, delivery: Delivery, port: ChannelPort): Promise<DeliveryResult> {
    switch (delivery.kind) {
      case 'post':
      case 'update':
        return meetingId
          ? this.conversations.show(meetingId, delivery, port)
          : Promise.resolve(failed('a conversation card needs a meeting'));
      case 'form':
        return port.openForm(delivery);
      case 'notice':
        return port.notify(delivery);
      case 'direct':
        return port.direct(delivery);
    }
  }
}
