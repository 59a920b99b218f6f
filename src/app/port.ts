/**
 * The channel port: what every channel (Teams, Slack, the playground) implements to carry out
 * deliveries, and the one place that carries them out. Recipients are served side by side: one
 * failing never blocks another, and every failure is reported.
 */
import type { Conversations } from './conversations.js';
import type { Delivery } from './deliveries.js';

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

export class Deliverer {
  constructor(
    private readonly conversations: Conversations,
    private readonly log: FailureLog = (line) => console.warn(line),
  ) {}

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
      const wait = result.retryAfter === undefined ? '' : ` (retry after ${result.retryAfter} s)`;
      // Ids and codes only: a card's text is what people said, and never goes to a log.
      const to = 'to' in delivery ? ` to ${delivery.to.account}` : ` in ${delivery.conversation.id}`;
      this.log(
        `toivo delivery failed: ${delivery.kind} ${delivery.surface}${to} of meeting ${meetingId ?? '-'}: ${result.error}${wait}`,
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
