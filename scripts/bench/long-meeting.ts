/**
 * The realistic meeting (7 people) in its discussion, grown with notes to a given number of events,
 * its people's chat accounts made those of Teams or Slack: the meeting the click benchmarks click on.
 * Hanna (the school nurse) takes the notes: a click is her next note.
 */
import type { Event } from '../../src/core/index.js';
import { PEOPLE, realisticMeeting } from '../../test/support/realistic-meeting.js';

export const TENANT = '00000000-0000-4000-8000-0000000000aa';
export const SLACK_TEAM = 'T1';

/** The note-taker as each platform names her: Teams' ids and AAD object id, Slack's user id. */
export const NOTETAKER = {
  teams: { id: '29:hanna', aadObjectId: 'aad-hanna', name: 'Hanna' },
  slack: 'UHANNA',
} as const;

/** A person's chat account in the channel (the realistic meeting names them "U-HANNA" and so on). */
export function accountIn(channel: 'teams' | 'slack', name: string): string {
  return channel === 'teams'
    ? `teams:${TENANT}:aad-${name.toLowerCase()}`
    : `slack:${SLACK_TEAM}:U${name.toUpperCase()}`;
}

const cache = new Map<number, string>();

/** The meeting's events: at least `count` (the discussion itself takes some 60), `id` its meeting id. */
export function longMeeting(id: string, count: number, channel: 'teams' | 'slack'): Event[] {
  let text = cache.get(count);
  if (text === undefined) {
    const d = realisticMeeting('discussion');
    for (let i = 0; d.events.length < count; i++)
      d.do(PEOPLE.nurse, { type: 'note.add', text: `Muistiinpano ${i}: sovittiin, että jatketaan näin.` });
    text = JSON.stringify(d.events);
    cache.set(count, text);
  }
  return (
    JSON.parse(text.replace(/"U-([A-Z]+)"/g, (_, name: string) => `"${accountIn(channel, name)}"`)) as Event[]
  ).map((e) => (e.type === 'meeting.created' ? { ...e, meetingId: id } : e));
}
