/**
 * Aftercare on its own scheduler (node-cron, on sinon's fake clock) over weeks: every kind of
 * reminder arrives at 9 o'clock Helsinki time on both sides of a daylight-saving change, a task
 * marked done is not reminded of, a postponed one is reminded on its new days; and what fell due
 * while Toivo was stopped arrives once when it starts again, and never again.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { App } from '../../src/app/app.js';
import type { Delivery } from '../../src/app/deliveries.js';
import type { ChannelPort, DeliveryResult } from '../../src/app/port.js';
import type { Event } from '../../src/core/index.js';
import { localToIso } from '../../src/core/local-time.js';
import { realisticMeeting } from '../support/realistic-meeting.js';
import { freshApp } from './support.js';

const ZONE = 'Europe/Helsinki';
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

const HELSINKI = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

/** An instant as a person in Helsinki reads it: "2027-03-29 09:00 GMT+03:00". */
function helsinki(iso: string): string {
  const part = Object.fromEntries(HELSINKI.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute} ${part.timeZoneName}`;
}

/** A local time in Helsinki as an instant: "2027-03-26", "08:55". */
const local = (date: string, time: string): number => Date.parse(localToIso(date, time, ZONE) ?? 'invalid');

/**
 * The realistic meeting (held on Thursday 26 November 2026) held `weeks` weeks later: every date
 * and time in its events moves by whole weeks, so its weekdays, due dates and follow-up keep
 * their places in the week.
 */
function weeksLater(events: readonly Event[], weeks: number): Event[] {
  const moved = (value: string): string =>
    /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(Date.parse(`${value}T12:00:00Z`) + weeks * WEEK_MS).toISOString().slice(0, 10)
      : new Date(Date.parse(value) + weeks * WEEK_MS).toISOString();
  return JSON.parse(JSON.stringify(events), (_key, value: unknown) =>
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T|$)/.test(value) ? moved(value) : value,
  ) as Event[];
}

/** The cards that are reminders; the follow-up meeting's invitation is another story. */
const REMINDER_CARDS = new Set(['reminder', 'digest', 'followup-reminder']);

/** Each person's direct messages, as lines: when it came (Helsinki time), which card, about what, to whom. */
class Inbox implements ChannelPort {
  readonly channel = 'playground' as const;
  readonly lines: string[] = [];

  async direct(d: Extract<Delivery, { kind: 'direct' }>): Promise<DeliveryResult> {
    const about = d.view.commitmentId ? ` ${d.view.commitmentId}` : '';
    const late = d.view.late ? ' (late)' : '';
    if (REMINDER_CARDS.has(d.surface))
      this.lines.push(`${helsinki(d.view.now)} ${d.surface}${about} → ${d.to.account}${late}`);
    return { ok: true };
  }

  async send(): Promise<DeliveryResult> {
    return { ok: true, messageId: 'm' };
  }
  async update(): Promise<DeliveryResult> {
    return { ok: true };
  }
  async openForm(): Promise<DeliveryResult> {
    return { ok: true };
  }
  async notify(): Promise<DeliveryResult> {
    return { ok: true };
  }
}

describe('aftercare on its own scheduler, over weeks (node-cron, fake timers)', () => {
  const fresh = freshApp();
  let timers: sinon.SinonFakeTimers | undefined;
  let app: App | undefined;
  afterEach(() => {
    app?.aftercare.stop();
    timers?.restore();
  });

  /**
   * The realistic meeting `weeks` weeks later, closed, its reminders scheduled, and Toivo running
   * from `start` on, with the scheduler's ticks on the fake clock.
   */
  async function running(weeks: number, start: number) {
    const events = weeksLater(realisticMeeting('closed').events, weeks);
    assert.ok((await fresh.store.append('m1', 0, events)).ok);
    await fresh.app.conversations.settle('m1', { channel: 'playground', id: 'conversation-of-m1' });
    timers = sinon.useFakeTimers({
      now: start,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    const toivo = new App(fresh.store, { log: () => undefined, retry: { delaysMs: [] } });
    app = toivo;
    const meeting = await toivo.meetings.get('m1');
    assert.ok(meeting);
    await toivo.aftercare.reschedule(meeting);
    const inbox = new Inbox();
    toivo.aftercare.usePort(inbox);
    // Each tick the scheduler starts, so that the test can wait for what it does with the store.
    const ticks = sinon.spy(toivo.aftercare, 'tick');
    toivo.aftercare.start();
    const clock = timers;

    /** Lets every tick started so far finish its real I/O. */
    const settle = async () => {
      for (let done = 0; done < ticks.returnValues.length; ) {
        const started = ticks.returnValues.length;
        await Promise.all(ticks.returnValues.slice(done));
        done = started;
      }
    };
    /**
     * The scheduler runs on until `until`, a minute at a time: each tick's real I/O finishes
     * before the next minute, as it does in a running Toivo (a tick takes milliseconds).
     */
    const runUntil = async (until: number) => {
      while (Date.now() < until) {
        await clock.tickAsync(Math.min(until - Date.now(), 60_000));
        await settle();
      }
    };
    /**
     * Skips to `at` with the scheduler stopped, to keep the test short: only over hours when
     * nothing is due, for anything that had fallen due meanwhile would go out as soon as it
     * starts again, at the wrong time, and show.
     */
    const skipTo = (at: number) => {
      toivo.aftercare.stop();
      clock.setSystemTime(at);
      toivo.aftercare.start();
    };
    /** Five minutes either side of 9 on `date`. */
    const morning = async (date: string) => {
      skipTo(local(date, '08:55'));
      await runUntil(local(date, '09:05'));
    };
    /** The scheduler runs through the night of `date` to Sunday, when the clocks change. */
    const night = async (date: string, sunday: string) => {
      skipTo(local(date, '22:00'));
      await runUntil(local(sunday, '06:00'));
    };
    /** A click on a reminder card's step, by the owner of the commitment. */
    const status = async (account: string, commitmentId: string, fields: Record<string, string>) => {
      const version = String((await toivo.meetings.get('m1'))?.version);
      const handled = await toivo.interactions.handle(
        'm1',
        { verb: 'commitment.status', fields: { meetingId: 'm1', version, commitmentId, ...fields } },
        { account },
      );
      assert.ok(handled.ok, `refused: ${handled.rejection?.code}`);
    };
    return { inbox, runUntil, morning, night, status, settle };
  }

  /** Every morning something arrives on, from the lines saying what. */
  const mornings = (lines: readonly string[]) => [...new Set(lines.map((l) => l.slice(0, 10)))].sort();

  it('in spring: at 9 in winter time before the change and 9 in summer time after it; done is not reminded of, postponed moves', async () => {
    // Held on Thursday 18 March 2027; clocks go forward on Sunday 28 March.
    const { inbox, morning, night, status } = await running(16, local('2027-03-18', '17:00'));
    const expected = [
      '2027-03-19 09:00 GMT+02:00 reminder c3 → U-PEKKA',
      '2027-03-22 09:00 GMT+02:00 digest → U-SANNA',
      // Postponed from Friday 26th to Tuesday 30th: two days before is a Sunday, so the Friday before.
      '2027-03-26 09:00 GMT+02:00 reminder c1 → U-LIISA',
      '2027-03-29 09:00 GMT+03:00 digest → U-SANNA',
      '2027-03-30 09:00 GMT+03:00 reminder c1 → U-LIISA',
      '2027-03-31 09:00 GMT+03:00 reminder c1 → U-LIISA',
      '2027-03-31 09:00 GMT+03:00 reminder c2 → U-JARI',
      '2027-04-02 09:00 GMT+03:00 reminder c2 → U-JARI',
      '2027-04-05 09:00 GMT+03:00 digest → U-SANNA',
      '2027-04-05 09:00 GMT+03:00 reminder c2 → U-JARI',
      '2027-04-12 09:00 GMT+03:00 digest → U-SANNA',
      '2027-04-19 09:00 GMT+03:00 digest → U-SANNA',
      '2027-04-26 09:00 GMT+03:00 digest → U-SANNA',
      '2027-05-03 09:00 GMT+03:00 digest → U-SANNA',
      // The working day before the follow-up meeting (Thursday 6 May): everyone invited, and the digest.
      '2027-05-05 09:00 GMT+03:00 digest → U-SANNA',
      ...['U-AINO', 'U-HANNA', 'U-JARI', 'U-LIISA', 'U-PEKKA', 'U-SANNA'].map(
        (a) => `2027-05-05 09:00 GMT+03:00 followup-reminder → ${a}`,
      ),
    ];
    await morning('2027-03-19');
    // Pekka has done his (due Tuesday 23rd): no due-day or overdue reminder.
    await status('U-PEKKA', 'c3', { status: 'done' });
    await morning('2027-03-22');
    await status('U-LIISA', 'c1', { status: 'postponed', newDue: '2027-03-30' });
    // Tuesday and Wednesday: what Pekka and Liisa would have had before is gone.
    await morning('2027-03-23');
    await morning('2027-03-24');
    await morning('2027-03-26');
    // Minute by minute through the night the clocks go forward (03:00 is 04:00).
    await night('2027-03-27', '2027-03-28');
    for (const date of mornings(expected).filter((d) => d > '2027-03-26')) await morning(date);
    assert.deepEqual([...inbox.lines].sort(), [...expected].sort());
  });

  it('in autumn: at 9 in summer time before the change and 9 in winter time after it, to the follow-up’s eve', async () => {
    // Held on Thursday 28 October 2027; clocks go back on Sunday 31 October.
    const { inbox, morning, night } = await running(48, local('2027-10-28', '17:00'));
    const expected = [
      '2027-10-29 09:00 GMT+03:00 reminder c3 → U-PEKKA',
      '2027-11-01 09:00 GMT+02:00 digest → U-SANNA',
      '2027-11-02 09:00 GMT+02:00 reminder c3 → U-PEKKA',
      '2027-11-03 09:00 GMT+02:00 reminder c1 → U-LIISA',
      '2027-11-03 09:00 GMT+02:00 reminder c3 → U-PEKKA',
      '2027-11-05 09:00 GMT+02:00 reminder c1 → U-LIISA',
      '2027-11-08 09:00 GMT+02:00 digest → U-SANNA',
      '2027-11-08 09:00 GMT+02:00 reminder c1 → U-LIISA',
      '2027-11-10 09:00 GMT+02:00 reminder c2 → U-JARI',
      '2027-11-12 09:00 GMT+02:00 reminder c2 → U-JARI',
      '2027-11-15 09:00 GMT+02:00 digest → U-SANNA',
      '2027-11-15 09:00 GMT+02:00 reminder c2 → U-JARI',
      '2027-11-22 09:00 GMT+02:00 digest → U-SANNA',
      '2027-11-29 09:00 GMT+02:00 digest → U-SANNA',
      '2027-12-06 09:00 GMT+02:00 digest → U-SANNA',
      '2027-12-13 09:00 GMT+02:00 digest → U-SANNA',
      '2027-12-15 09:00 GMT+02:00 digest → U-SANNA',
      ...['U-AINO', 'U-HANNA', 'U-JARI', 'U-LIISA', 'U-PEKKA', 'U-SANNA'].map(
        (a) => `2027-12-15 09:00 GMT+02:00 followup-reminder → ${a}`,
      ),
    ];
    await morning('2027-10-29');
    // Minute by minute through the night the clocks go back (03:00–04:00 twice).
    await night('2027-10-30', '2027-10-31');
    for (const date of mornings(expected).filter((d) => d > '2027-10-29')) await morning(date);
    assert.deepEqual([...inbox.lines].sort(), [...expected].sort());
  });

  it('stopped for a week: what fell due meanwhile arrives once when it starts, the latest of each task’s, marked late; a second start sends nothing again', async () => {
    const { inbox, runUntil, morning, settle } = await running(0, local('2026-11-26', '17:00'));
    const appOf = () => {
      assert.ok(app);
      return app;
    };
    await runUntil(local('2026-11-26', '17:05'));
    await morning('2026-11-27');
    assert.deepEqual(inbox.lines, ['2026-11-27 09:00 GMT+02:00 reminder c3 → U-PEKKA']);

    // Toivo stops on Friday morning and is started again a week later, at half past nine.
    appOf().aftercare.stop();
    timers?.setSystemTime(local('2026-12-04', '09:30'));
    appOf().aftercare.start();
    await runUntil(local('2026-12-04', '09:35'));
    const missed = [
      '2026-12-04 09:31 GMT+02:00 digest → U-SANNA (late)',
      // Of Pekka's two (two days before, and on the day), the later one.
      '2026-12-04 09:31 GMT+02:00 reminder c3 → U-PEKKA (late)',
      // Liisa's due at 9 today supersedes the one of two days ago; within the hour, so not marked late.
      '2026-12-04 09:31 GMT+02:00 reminder c1 → U-LIISA',
    ];
    assert.deepEqual(inbox.lines.slice(1).sort(), [...missed].sort(), 'the week’s reminders, each task once');

    // Stopped and started again: nothing of it comes twice.
    appOf().aftercare.stop();
    await settle();
    appOf().aftercare.start();
    await runUntil(local('2026-12-04', '10:30'));
    assert.equal(inbox.lines.length, 1 + missed.length);

    // And on Monday, on time again.
    await morning('2026-12-07');
    assert.deepEqual(inbox.lines.slice(1 + missed.length).sort(), [
      '2026-12-07 09:00 GMT+02:00 digest → U-SANNA',
      '2026-12-07 09:00 GMT+02:00 reminder c1 → U-LIISA',
    ]);
  });

  it('stopped from the meeting until the morning before the follow-up: on start, everyone invited is reminded of it once', async () => {
    // The follow-up meeting is on Thursday 14 January; Toivo starts again on Wednesday at half past nine.
    const { inbox, runUntil } = await running(0, local('2027-01-13', '09:30'));
    await runUntil(local('2027-01-13', '09:40'));
    assert.deepEqual(
      inbox.lines
        .filter((l) => l.includes('followup-reminder'))
        .map((l) => l.split(' → ')[1])
        .sort(),
      ['U-AINO', 'U-HANNA', 'U-JARI', 'U-LIISA', 'U-PEKKA', 'U-SANNA'],
      'once each',
    );
  });
});
