import assert from 'node:assert/strict';
import { renderCard } from '../../src/cards/render.js';
import { formatDate } from '../../src/cards/view-models/card-format.js';
import { followupFormView } from '../../src/cards/view-models/followup-form.js';
import { followupReminderView } from '../../src/cards/view-models/followup-reminder.js';
import { reminderView } from '../../src/cards/view-models/reminder.js';
import { LOCALES, type Locale } from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import { PEOPLE, realisticMeeting } from '../support/realistic-meeting.js';
import {
  actionsOf,
  assertGoodCard,
  assertNoLiteralText,
  hugeMeeting,
  inputById,
} from './aftercare-checks.js';

const input = inputById;

/** The follow-up phase before anything of it is agreed. */
function followupOpen(locale: Locale = 'en') {
  const d = realisticMeeting('summary', locale);
  d.do(PEOPLE.youth, { type: 'phase.next' });
  return d;
}

const followupForm = (d: ReturnType<typeof realisticMeeting>, viewer: string, locale: Locale = 'en') =>
  renderCard('followup-form', followupFormView({ locale, meeting: d.m, now: d.now, viewerId: d.id(viewer) }));

describe('the follow-up form card', () => {
  it('is a valid, portable card with every text from the locales, before and after the follow-up is agreed', () => {
    assertNoLiteralText('followup-form');
    for (const locale of LOCALES)
      for (const d of [followupOpen(locale), realisticMeeting('followup', locale)])
        for (const viewer of [PEOPLE.youth, PEOPLE.client])
          assertGoodCard(followupForm(d, viewer, locale), `follow-up ${locale} ${viewer}`);
  });

  it('offers only the workers who are present as the responsible worker', () => {
    const d = followupOpen();
    d.do(PEOPLE.nurse, { type: 'participant.leave', participantId: d.id(PEOPLE.teacher) });
    const offered = input(followupForm(d, PEOPLE.youth), 'responsibleId')?.choices?.map((c) => c.value);
    assert.deepEqual(
      new Set(offered),
      new Set([PEOPLE.social, PEOPLE.nurse, PEOPLE.youth].map((n) => d.id(n))),
    );
  });

  it('saves the responsible worker and the follow-up with their own buttons, and says one of three ways is needed', () => {
    const d = followupOpen();
    const card = followupForm(d, PEOPLE.youth);
    assert.deepEqual(
      actionsOf(card).map((a) => a.verb),
      ['responsible.assign', 'followup.agree'],
    );
    const ids = [
      'followupDate',
      'followupTime',
      'followupPlace',
      'followupUrl',
      'hostId',
      'agreeBy',
      'agreerId',
    ];
    for (const id of [...ids, 'noneReason']) assert.ok(input(card, id), id);
    assert.ok(JSON.stringify(card).includes(t('en', 'card.followup-form.one_of')));
    // Anyone in the meeting may host it or agree its time; the time is agreed on a later day than today.
    assert.equal(input(card, 'hostId')?.choices?.length, d.m.participants.length);
    assert.equal(input(card, 'agreerId')?.choices?.length, d.m.participants.length);
    assert.equal(input(card, 'agreeBy')?.min, '2026-11-27');
  });

  it('says where the follow-up is held and who hosts it, or by when its time is agreed and by whom, and whether the client has confirmed it', () => {
    const d = followupOpen();
    d.do(PEOPLE.youth, { type: 'responsible.assign', participantId: d.id(PEOPLE.social) });
    d.do(PEOPLE.youth, {
      type: 'followup.agree',
      at: '2027-01-14T14:00:00+02:00',
      place: 'Youth centre',
      hostId: d.id(PEOPLE.teacher),
    });
    const card = followupForm(d, PEOPLE.youth);
    assert.equal(input(card, 'followupPlace')?.value, 'Youth centre');
    assert.equal(input(card, 'hostId')?.value, d.id(PEOPLE.teacher));
    const said = JSON.stringify(card);
    assert.ok(said.includes('Place: Youth centre'));
    assert.ok(said.includes(`Host: ${PEOPLE.teacher}`));
    assert.ok(said.includes(t('en', 'memo.followup_unconfirmed')));

    d.do(PEOPLE.youth, { type: 'followup.agree', agreeBy: '2026-12-10', agreerId: d.id(PEOPLE.nurse) });
    d.do(PEOPLE.client, { type: 'followup.confirm' });
    const later = followupForm(d, PEOPLE.youth);
    assert.equal(input(later, 'agreeBy')?.value, '2026-12-10');
    assert.equal(input(later, 'agreerId')?.value, d.id(PEOPLE.nurse));
    assert.equal(input(later, 'followupPlace')?.value, '');
    const text = JSON.stringify(later);
    assert.ok(
      text.includes(
        `The follow-up meeting's time is agreed by ${formatDate('en', '2026-12-10')}. ${PEOPLE.nurse} agrees it.`,
      ),
      text,
    );
    assert.ok(text.includes('Aino confirmed that the responsible worker and the follow-up suit them.'));
  });

  it('is filled with what is already agreed, in the meeting’s time zone', () => {
    const d = realisticMeeting('followup', 'fi');
    const card = followupForm(d, PEOPLE.youth, 'fi');
    assert.equal(input(card, 'responsibleId')?.value, d.id(PEOPLE.social));
    assert.equal(input(card, 'followupDate')?.value, '2027-01-14');
    assert.equal(input(card, 'followupTime')?.value, '14:00');
    assert.ok(JSON.stringify(card).includes('Vastuutyöntekijä: Sanna Korhonen'));

    const none = followupOpen();
    none.do(PEOPLE.youth, {
      type: 'followup.agree',
      noneReason: 'Asiat jatkuvat koulun omissa palavereissa.',
    });
    const reasoned = followupForm(none, PEOPLE.youth);
    assert.equal(input(reasoned, 'noneReason')?.value, 'Asiat jatkuvat koulun omissa palavereissa.');
    assert.equal(input(reasoned, 'followupDate')?.value, '');
  });

  it('shows others what was agreed, without the chair’s buttons', () => {
    const card = followupForm(realisticMeeting('followup'), PEOPLE.client);
    assert.equal(actionsOf(card).length, 0);
    assert.equal(input(card, 'responsibleId'), undefined);
    assert.ok(JSON.stringify(card).includes('Responsible worker: Sanna Korhonen'));
  });

  it('stays within Teams’ limit with 60 participants whose names are as long as allowed', () => {
    const d = hugeMeeting('followup');
    const card = followupForm(d, PEOPLE.youth, 'fi');
    assertGoodCard(card, 'follow-up with 60 participants');
    assert.equal(input(card, 'responsibleId')?.choices?.length, 4 + 27, 'the workers present');
  });
});

const reminder = (
  d: ReturnType<typeof realisticMeeting>,
  owner: string,
  commitmentId: string,
  locale: Locale = 'en',
) =>
  renderCard(
    'reminder',
    reminderView({ locale, meeting: d.m, now: d.now, viewerId: d.id(owner), commitmentId }),
  );

describe('the reminder to agree the follow-up meeting’s time', () => {
  const agreeBy = (agreer: string, viewer: string, locale: Locale = 'en') => {
    const d = realisticMeeting('followup', locale);
    d.do(PEOPLE.youth, { type: 'followup.agree', agreeBy: '2026-12-10', agreerId: d.id(agreer) });
    d.do(PEOPLE.client, { type: 'followup.confirm' });
    d.do(PEOPLE.youth, { type: 'phase.next' });
    d.do(PEOPLE.youth, d.closeAnyway());
    return renderCard(
      'followup-reminder',
      followupReminderView({
        locale,
        meeting: d.m,
        now: '2026-12-10T09:00:00+02:00',
        viewerId: d.id(viewer),
        calendarUrl: 'https://toivo.example/calendar/x.ics',
      }),
    );
  };

  it('is a valid, portable card with every text from the locales, in every language', () => {
    for (const locale of LOCALES) {
      const card = agreeBy(PEOPLE.nurse, PEOPLE.nurse, locale);
      assertGoodCard(card, `agree-by ${locale}`);
      assert.ok(JSON.stringify(card).includes(t(locale, 'card.followup-reminder.agree_title')));
    }
  });

  it('tells the one who agrees it that it is theirs, by today; the responsible worker reminded for someone, whose it is', () => {
    const own = JSON.stringify(agreeBy(PEOPLE.nurse, PEOPLE.nurse));
    assert.ok(own.includes('it was agreed that you agree the follow-up meeting'), own);
    assert.ok(!own.includes('.ics'), 'no time yet: nothing for a calendar');
    const forHim = JSON.stringify(agreeBy(PEOPLE.grandfather, PEOPLE.social));
    assert.ok(forHim.includes(`it was agreed that ${PEOPLE.grandfather} agrees`), forHim);
  });
});

describe('the commitment reminder card', () => {
  const owners = [
    [PEOPLE.mother, 'c1'],
    [PEOPLE.youth, 'c2'],
    [PEOPLE.teacher, 'c3'],
  ] as const;

  it('is a valid, portable card with every text from the locales, for every owner after the meeting', () => {
    assertNoLiteralText('reminder');
    for (const locale of LOCALES)
      for (const stage of ['feedback', 'closed'] as const) {
        const d = realisticMeeting(stage, locale);
        for (const [owner, id] of owners)
          assertGoodCard(reminder(d, owner, id, locale), `reminder ${locale} ${owner}`);
      }
  });

  it('speaks to the owner and names the meeting’s day and the due date in the language’s format', () => {
    for (const locale of LOCALES) {
      const json = JSON.stringify(reminder(realisticMeeting('closed', locale), PEOPLE.mother, 'c1', locale));
      assert.ok(json.includes(t(locale, 'card.reminder.greeting', { name: 'Liisa Laine' })), locale);
      assert.ok(json.includes(t(locale, 'card.reminder.agreed', { date: formatDate(locale, '2026-11-26') })));
      assert.ok(json.includes('Aamuherätys ja yhteinen aamupala arkisin'));
      assert.ok(json.includes(formatDate(locale, '2026-12-04')), `${locale} due date`);
      assert.ok(json.includes('Aino Laine'), 'with whom');
      assert.ok(json.includes('Ei ennen seitsemää.'), 'what the client added');
    }
    assert.ok(
      JSON.stringify(reminder(realisticMeeting('closed', 'fi'), PEOPLE.mother, 'c1', 'fi')).includes(
        '4. joulukuuta 2026',
      ),
    );
  });

  it('names the responsible worker as the person to contact', () => {
    const json = JSON.stringify(reminder(realisticMeeting('closed'), PEOPLE.teacher, 'c3'));
    assert.ok(json.includes(t('en', 'card.reminder.contact', { name: 'Sanna Korhonen (Lastensuojelu)' })));
  });

  it('offers done, need help, and postponing to a date after the current due date', () => {
    const card = reminder(realisticMeeting('closed'), PEOPLE.mother, 'c1');
    const actions = actionsOf(card);
    assert.deepEqual(
      actions.map((a) => [a.verb, a.data.status, a.data.commitmentId]),
      [
        ['commitment.status', 'done', 'c1'],
        ['commitment.status', 'needs_help', 'c1'],
        ['commitment.status', 'postponed', 'c1'],
        // And no more reminders about this meeting, for who wants none.
        ['reminders.mute', undefined, undefined],
      ],
    );
    assert.equal(actions[3]?.data.muted, 'true');
    assert.ok((input(card, 'newDue')?.min ?? '') >= '2026-12-05');
    assert.ok(input(card, 'statusNote'));
  });

  it('thanks the owner for a done commitment instead of offering “done” again', () => {
    const d = realisticMeeting('closed');
    d.do(PEOPLE.mother, { type: 'commitment.status', commitmentId: 'c1', status: 'done' });
    const card = reminder(d, PEOPLE.mother, 'c1');
    assert.ok(JSON.stringify(card).includes(t('en', 'card.reminder.done_already')));
    assert.deepEqual(
      actionsOf(card).map((a) => a.data.status),
      ['needs_help', 'postponed', undefined],
    );
  });

  it('tells the responsible worker whose task it is when it comes for someone without a chat account, with no “mute” of theirs', () => {
    const d = realisticMeeting('summary');
    d.do(PEOPLE.nurse, {
      type: 'commitment.add',
      what: 'Kalaretki',
      ownerId: d.id(PEOPLE.grandfather),
      due: '2026-12-20',
    });
    const card = reminder(d, PEOPLE.grandfather, 'c4');
    const json = JSON.stringify(card);
    assert.ok(json.includes(t('en', 'card.reminder.greeting_for', { name: PEOPLE.grandfather })));
    assert.ok(!json.includes(t('en', 'card.reminder.greeting', { name: PEOPLE.grandfather })));
    assert.ok(actionsOf(card).every((a) => a.verb !== 'reminders.mute'));
    assert.ok(
      actionsOf(card).every(
        (a) => a.verb !== 'commitment.status' || a.data.onBehalfOf === d.id(PEOPLE.grandfather),
      ),
    );
  });

  it('is never built for someone else’s commitment', () => {
    const d = realisticMeeting('closed');
    assert.throws(() =>
      reminderView({
        locale: 'en',
        meeting: d.m,
        now: d.now,
        viewerId: d.id(PEOPLE.client),
        commitmentId: 'c1',
      }),
    );
  });
});
