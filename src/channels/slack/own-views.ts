/**
 * The own views people have open, per meeting, so that each is drawn again when anyone moves the
 * meeting on: the chair sees the next speaker's "done" as it happens, as Teams refreshes a card
 * for each viewer. Held in memory: a view lives as long as its modal is open, and Slack tells
 * when it closes.
 */
import type { webApi } from '@slack/bolt';
import type { Meeting } from '../../app/index.js';
import type { ViewContext } from '../../cards/view-models/common.js';
import { ownView } from './views.js';

interface Open {
  readonly meetingId: string;
  readonly account: string;
  /** The meeting's version the view was last drawn from: an older drawing never replaces a newer one. */
  version: number;
}

export class OwnViews {
  private readonly views = new Map<string, Open>();

  opened(viewId: string, meeting: Meeting, account: string): void {
    this.views.set(viewId, { meetingId: meeting.id, account, version: meeting.version });
  }

  closed(viewId: string): void {
    this.views.delete(viewId);
  }

  /** Whether a drawing from `meeting` is newer than what the view shows; notes it as shown if so. */
  fresher(viewId: string, meeting: Meeting): boolean {
    const open = this.views.get(viewId);
    if (!open) return true;
    if (open.version > meeting.version) return false;
    open.version = meeting.version;
    return true;
  }

  /** Draws every open own view of the meeting again from `view`, each for its own person. */
  async refresh(client: webApi.WebClient, view: ViewContext, except: ReadonlySet<string>): Promise<void> {
    const m = view.meeting;
    if (!m) return;
    const mine = [...this.views].filter(([id, o]) => o.meetingId === m.id && !except.has(id));
    await Promise.all(
      mine.map(async ([id, o]) => {
        const viewer = m.participants.find((p) => p.chatUserId === o.account);
        if (!viewer || !this.fresher(id, m)) return;
        try {
          await client.views.update({ view_id: id, view: ownView({ ...view, viewerId: viewer.id }) });
        } catch {
          // Closed without telling, or expired: nobody is looking at it any more.
          this.views.delete(id);
        }
      }),
    );
  }
}
