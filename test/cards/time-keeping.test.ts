/**
 * Time-keeping on the board: everyone sees the time used and left of the booked duration, counted
 * from the start; the chair alone is warned when the time for the summary and the follow-up is
 * running out, and once the booked time is over. The realistic meeting books 90 minutes and
 * starts at 14:00; the board is drawn at the view's `now`, moved here as the clock would move.
 */
import assert from 'node:assert/strict';
import { buildCard, buildSlack } from '../../src/cards/cards.js';
import type { SlackMessage } from '../../src/cards/slack/types.js';
import { closingMinutes } from '../../src/cards/view-models/board/clock.js';
import { LOCALES, type Locale } from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import type { MeetingDriver } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting, type Stage } from '../support/realistic-meeting.js';
import { assertSlackBlocks } from './slack-support.js';
import { assertValidCard, bytes, elementsIn, TEAMS_CARD_BYTES } from './support.js';

/** The meeting at `stage`, `minutes` after it started. */
function at(stage: Stage, minutes: number, locale: Locale = 'en'): MeetingDriver {
  const d = realisticMeeting(stage, locale);
  d.advance(minutes);
  return d;
}

/** Who sees the board: the chair (the youth worker), the client, the note-taker, the grandfather. */
const VIEWERS = [P.youth, P.client, P.nurse, P.grandfather] as const;

const context = (d: MeetingDriver, viewer: string | undefined, locale: Locale) => ({
  locale,
  meeting: d.m,
  now: d.now,
  ...(viewer ? { viewerId: d.id(viewer) } : { exposed: true }),
});
const card = (d: MeetingDriver, viewer: string | undefined, locale: Locale = 'en') =>
  buildCard('board', context(d, viewer, locale));
const textOf = (c: unknown): string =>
  elementsIn(c)
    .flatMap((n) => (n.type === 'TextBlock' ? [String(n.text)] : []))
    .join('\n');
const seen = (d: MeetingDriver, viewer: string | undefined, locale: Locale = 'en') =>
  textOf(card(d, viewer, locale));

const MOVE_ON = /Move on to the summary soon/;
const OVER = /The booked time is \d+ min over/;

describe('time-keeping on the board', () => {
  it('the invitation says the booked time, in every language, and in the Slack message too', () => {
    const said = {
      fi: 'varattu aika 90 min',
      sv: 'reserverad tid 90 min',
      en: '90 minutes reserved',
    } as const;
    for (const locale of LOCALES) {
      const d = realisticMeeting('invited', locale);
      const ctx = { locale, meeting: d.m, now: d.now, viewerId: d.id(P.mother) };
      const facts = elementsIn(buildCard('invitation', ctx))
        .filter((n) => n.type === 'FactSet')
        .flatMap((n) => n.facts as { title: string; value: string }[]);
      const when = facts.find((f) => f.title === t(locale, 'memo.when'));
      assert.ok(when?.value.includes(said[locale]), JSON.stringify(when));
      assert.ok(when?.value.includes('14'), `the time of day with it: ${when?.value}`);
      assert.ok(JSON.stringify(buildSlack('invitation', ctx)).includes(said[locale]));
    }
  });

  it('shows everyone the time used and left of the booked time, counted from the start', () => {
    const d = at('discussion', 45);
    for (const viewer of [...VIEWERS, undefined]) {
      assert.match(
        seen(d, viewer),
        /45 min used, 45 min left\. The booked time ends at 15:30\./,
        `seen by ${viewer ?? 'a shared channel'}`,
      );
    }
    assert.match(
      seen(d, P.client, 'fi'),
      /Aikaa kulunut 45 min, jäljellä 45 min\. Varattu aika päättyy klo 15\.30\./,
    );
    assert.match(
      seen(d, P.client, 'sv'),
      /45 min har gått, 45 min återstår\. Den bokade tiden slutar kl\. 15\.30\./,
    );
    assert.match(seen(at('opening', 0), P.client), /0 min used, 90 min left/);
  });

  it('counts from when the meeting started, not from the planned time', () => {
    const d = realisticMeeting('invited', 'en');
    d.now = '2026-11-26T14:10:00+02:00';
    for (const name of [P.social, P.client])
      d.do(P.social, { type: 'attendance.mark', participantId: d.id(name), status: 'present' });
    d.do(P.social, { type: 'meeting.start' });
    d.advance(45);
    assert.match(seen(d, P.client), /45 min used, 45 min left\. The booked time ends at 15:40\./);
  });

  it('says nothing of time before the meeting starts or after it closes', () => {
    for (const stage of ['invited', 'closed'] as const) {
      const d = at(stage, 200);
      for (const viewer of [P.social, P.youth, P.client]) {
        const text = seen(d, viewer);
        assert.doesNotMatch(text, / min (used|left|over)/, `${stage}, ${viewer}`);
      }
    }
  });

  it('warns the chair, and nobody else, once a third of the time is left before the summary', () => {
    assert.doesNotMatch(seen(at('discussion', 59), P.youth), MOVE_ON, '31 minutes left is time enough');
    const d = at('discussion', 60);
    assert.match(
      seen(d, P.youth),
      /30 min left\. Move on to the summary soon, so that there is time to agree who does what/,
    );
    assert.match(
      seen(d, P.youth, 'fi'),
      /Aikaa on jäljellä 30 min\. Siirry pian yhteenvetoon, jotta ehditte sopia, kuka tekee mitä/,
    );
    for (const viewer of [P.client, P.nurse, P.mother, P.grandfather, undefined]) {
      assert.doesNotMatch(seen(d, viewer), MOVE_ON, `not for ${viewer ?? 'a shared channel'}`);
    }
    // The same in an earlier part: the summary and the follow-up are still to come.
    assert.match(seen(at('why', 70), P.youth), /20 min left\. Move on to the summary soon/);
    // In the summary, it is what the chair is already doing.
    assert.doesNotMatch(seen(at('summary', 75), P.youth), MOVE_ON);
  });

  it('once over time, tells everyone by how much, and the chair what to do', () => {
    const d = at('discussion', 100);
    for (const viewer of [...VIEWERS, undefined]) {
      assert.match(seen(d, viewer), /100 min used\. The booked time ended at 15:30: it is 10 min over\./);
    }
    assert.match(seen(d, P.youth), /The booked time is 10 min over\. Move on to the summary now/);
    assert.match(seen(d, P.youth, 'fi'), /Varattu aika on ylittynyt 10 min\. Siirry nyt yhteenvetoon/);
    assert.doesNotMatch(seen(d, P.youth), MOVE_ON, 'no "soon" when it is over');
    for (const viewer of [P.client, P.nurse, P.grandfather]) assert.doesNotMatch(seen(d, viewer), OVER);
    // In the summary and after: whether everyone can stay, and how one who leaves hears the rest.
    for (const stage of ['summary', 'followup', 'feedback'] as const) {
      const text = seen(at(stage, 95), P.youth);
      assert.match(
        text,
        /The booked time is 5 min over\. Ask whether everyone can stay a little longer/,
        stage,
      );
    }
  });

  it('stays a valid card within Teams’ and Slack’s limits early, at the warning and over time', () => {
    for (const locale of LOCALES) {
      for (const minutes of [5, 60, 130]) {
        const d = at('discussion', minutes, locale);
        for (const viewer of [...VIEWERS, undefined]) {
          const what = `${locale}, ${minutes} min, ${viewer ?? 'shared'}`;
          const c = card(d, viewer, locale);
          assertValidCard(c, what);
          assert.ok(bytes(c) < TEAMS_CARD_BYTES, `${what}: ${bytes(c)} bytes`);
          const slack = buildSlack('board', context(d, viewer, locale)) as SlackMessage;
          assertSlackBlocks(slack.blocks, 'message');
          // What the chair is warned of reaches Slack whole.
          const warning =
            minutes === 60
              ? t(locale, 'card.board.time.move_on', { left: 30 })
              : t(locale, 'card.board.time.over_move_on', { over: 40 });
          if (viewer === P.youth && minutes > 5) {
            assert.ok(JSON.stringify(slack.blocks).includes(warning), `${what}: the warning in Slack`);
          }
        }
      }
    }
  });

  it('leaves a third of the booked time for the summary and the follow-up: at least 15, at most 45 minutes', () => {
    const rule = [30, 45, 60, 90, 120, 180, 480].map((booked) => [booked, closingMinutes(booked)]);
    assert.deepEqual(rule, [
      [30, 15],
      [45, 15],
      [60, 20],
      [90, 30],
      [120, 40],
      [180, 45],
      [480, 45],
    ]);
    assert.equal(closingMinutes(20), 10, 'never more than half of a short meeting');
  });
});
