/**
 * The follow-up meeting: created from the first when it closes with a time agreed, with the same
 * people invited and linked to it. Its id is derived from the first meeting's, so creating it
 * again (a retry, a second instance, a restart mid-way) finds it made rather than making two.
 */
import { createHash } from 'node:crypto';

/** The id of the follow-up meeting of `meetingId`: the same every time, not guessable without it. */
export const followUpIdOf = (meetingId: string): string =>
  createHash('sha256').update(`toivo follow-up\n${meetingId}`).digest('base64url').slice(0, 32);
