/**
 * The own views people have open, per meeting, so that each is drawn again when anyone moves the
 * meeting on: the chair sees the next speaker's "done" as it happens, as Teams refreshes a card
 * for each viewer. Kept in the app's store, so that every instance of Toivo draws them; a view is
 * forgotten when Slack says it closed, when Slack no longer knows it, or after a day.
 */
import type { webApi } from '@slack/bolt';
import type { Meeting, RecordStore } from '../../app/index.js';
import type { ViewContext } from '../../cards/view-models/common.js';
import { ownView } from './views.js';

interface Open {
  readonly id: string;
  readonly account: string;
  /** The meeting's version the view was last drawn from: an older drawing never replaces a newer one. */
  readonly version: number;
}

export interface OpenViews {
  readonly views: readonly Open[];
}

/** A meeting's views are kept this long after the last change to them. */
const KEPT_MS = 24 * 60 * 60 * 1000;

export class OwnViews {
  constructor(private readonly records: RecordStore<OpenViews>) {}

  private change(
    meetingId: string,
    edit: (views: readonly Open[]) => readonly Open[],
  ): Promise<readonly Open[]> {
    return this.records.withLock(meetingId, async () => {
      const before = (await this.records.get(meetingId))?.views ?? [];
      const views = edit(before);
      if (views.length === 0) await this.records.delete(meetingId);
      else await this.records.set(meetingId, { views }, KEPT_MS);
      return views;
    });
  }

  /** An erased meeting's open views are no longer known. */
  async forget(meetingId: string): Promise<void> {
    await this.records.withLock(meetingId, () => this.records.delete(meetingId));
  }

  async opened(viewId: string, meeting: Meeting, account: string): Promise<void> {
    await this.change(meeting.id, (views) => [
      ...views.filter((v) => v.id !== viewId),
      { id: viewId, account, version: meeting.version },
    ]);
  }

  async closed(meetingId: string, viewId: string): Promise<void> {
    await this.change(meetingId, (views) => views.filter((v) => v.id !== viewId));
  }

  /** Whether a drawing from `meeting` is newer than what the view shows; notes it as shown if so. */
  async fresher(viewId: string, meeting: Meeting): Promise<boolean> {
    let fresh = true;
    await this.change(meeting.id, (views) =>
      views.map((v) => {
        if (v.id !== viewId) return v;
        fresh = v.version <= meeting.version;
        return fresh ? { ...v, version: meeting.version } : v;
      }),
    );
    return fresh;
  }

  /**
   * `fresher` for several views at once, in one change of the meeting's record: of `viewIds`,
   * those a drawing from `meeting` is newer than what they show (or no longer kept), noted as shown.
   */
  private async freshOf(viewIds: ReadonlySet<string>, meeting: Meeting): Promise<ReadonlySet<string>> {
    const stale = new Set<string>();
    await this.change(meeting.id, (views) =>
      views.map((v) => {
        if (!viewIds.has(v.id)) return v;
        if (v.version > meeting.version) {
          stale.add(v.id);
          return v;
        }
        return { ...v, version: meeting.version };
      }),
    );
    return new Set([...viewIds].filter((id) => !stale.has(id)));
  }

  /** Draws every open own view of the meeting again from `view`, each for its own person. */
  async refresh(client: webApi.WebClient, view: ViewContext, except: ReadonlySet<string>): Promise<void> {
    const m = view.meeting;
    if (!m) return;
    const open = (await this.records.get(m.id))?.views ?? [];
    const gone: string[] = [];
    const drawn = open.flatMap((o) => {
      if (except.has(o.id)) return [];
      const viewer = m.participants.find((p) => p.chatUserId === o.account);
      if (!viewer) gone.push(o.id);
      return viewer ? [{ id: o.id, viewerId: viewer.id }] : [];
    });
    // One change of the record for all of them (one lock, one read, one write), not one each.
    const fresh = drawn.length > 0 ? await this.freshOf(new Set(drawn.map((d) => d.id)), m) : new Set();
    await Promise.all(
      drawn
        .filter((d) => fresh.has(d.id))
        .map(async (d) => {
          try {
            await client.views.update({ view_id: d.id, view: ownView({ ...view, viewerId: d.viewerId }) });
          } catch {
            // Closed without telling, or expired: nobody is looking at it any more.
            gone.push(d.id);
          }
        }),
    );
    if (gone.length > 0) await this.change(m.id, (views) => views.filter((v) => !gone.includes(v.id)));
  }
}
