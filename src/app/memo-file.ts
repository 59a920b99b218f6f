/** The memo as a file to download: Markdown, named by the day the meeting was held. */
import { buildMemo } from '../cards/memo-markdown.js';
import { isMemoDraft, type Locale, type Meeting, memoReviewers } from '../core/index.js';
import { localDate } from '../core/validate.js';
import type { MeetingService } from './meeting-service.js';

export interface MemoFile {
  readonly filename: string;
  readonly markdown: string;
}

/** A draft memo is not anyone's yet: only those who review it with the client may read it. */
export const NOT_REVIEWED = 'memo.not_reviewed';

/** Whether the participant `id` may read the memo as it stands: once sent anyone in it, a draft its reviewers. */
export const mayReadMemo = (m: Meeting, id: string | undefined): boolean =>
  !isMemoDraft(m) || memoReviewers(m).some((p) => p.id === id);

export async function memoFile(
  meetings: MeetingService,
  meetingId: string,
  locale?: Locale,
): Promise<MemoFile | undefined> {
  const meeting = await meetings.get(meetingId);
  if (!meeting) return undefined;
  // Named by the day it was held, in the meeting's own time zone, as the memo's title says.
  const date = localDate(meeting.startedAt ?? meeting.invitation.startsAt, meeting.invitation.timeZone);
  return {
    filename: `toivo-${date}.md`,
    markdown: buildMemo(await meetings.events(meetingId), locale ?? meeting.invitation.locale),
  };
}
