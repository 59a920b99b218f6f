/** The memo as a file to download: Markdown, named by the day the meeting was held. */
import { buildMemo } from '../cards/memo-markdown.js';
import type { Locale } from '../core/index.js';
import { localDate } from '../core/validate.js';
import type { MeetingService } from './meeting-service.js';

export interface MemoFile {
  readonly filename: string;
  readonly markdown: string;
}

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
