/**
 * Every request Slack waits on is acknowledged, also those no listener of Toivo's takes: Bolt
 * acknowledges only what a listener acknowledges, and Slack shows the person an error when three
 * seconds pass without one (a shortcut, an option list, a kind of payload Toivo never asked for).
 */

import { App as Bolt, type ReceiverEvent } from '@slack/bolt';

/**
 * Bolt, acknowledging with nothing what it handled without acknowledging: a request no listener
 * took, one whose listener failed before it answered, and one Bolt cannot tell the kind of (it
 * calls no middleware then, so a global middleware would not see it). A listener's own answer is
 * never doubled: the acknowledgement handed to Bolt notes that it was sent.
 */
export class AcknowledgingBolt extends Bolt {
  override async processEvent(event: ReceiverEvent): Promise<void> {
    let answered = false;
    const ack: ReceiverEvent['ack'] = async (response) => {
      answered = true;
      await event.ack(response);
    };
    // A failure here is Bolt's own, before any listener: the receiver's error handler answers it.
    await super.processEvent({ ...event, ack });
    if (!answered) await event.ack();
  }
}
