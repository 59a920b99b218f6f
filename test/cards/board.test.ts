import assert from 'node:assert/strict';
import { renderCard, templateOf } from '../../src/cards/render.js';
import { boardView } from '../../src/cards/view-models/board.js';
import { LOCALES, type Locale } from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import type { MeetingDriver } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting, STAGES } from '../support/realistic-meeting.js';
import { hugeMeeting } from './board-support.js';
import { assertValidCard, bytes, literalTexts, PORTABLE, TEAMS_CARD_BYTES, typesIn } from './support.js';

type Node = Record<string, unknown>;

/** Every object in the card, depth first (fallbacks left out: they repeat their action). */
function nodes(node: unknown, found: Node[] = []): Node[] {
  if (Array.isArray(node)) for (const item of node) nodes(item, found);
  else if (node && typeof node === 'object') {
    found.push(node as Node);
    for (const [key, value] of Object.entries(node)) if (key !== 'fallback') nodes(value, found);
  }
  return found;
}

const buttons = (card: unknown) => nodes(card).filter((n) => n.type === 'Action.Execute');
const verbs = (card: unknown) => buttons(card).map((b) => b.verb as string);
const inputIds = (card: unknown) => nodes(card).flatMap((n) => (typeof n.id === 'string' ? [n.id] : []));
/** The card as plain text, the way a screen reader or a Slack message would give it. */
const textOf = (card: unknown) =>
  nodes(card)
    .flatMap((n) =>
      n.type === 'TextBlock'
        ? [n.text]
        : n.title !== undefined && n.value !== undefined
          ? [`${n.title}: ${n.value}`]
          : [],
    )
    .join('\n');

/** Who the viewers are: the acting chair of the moment, the client, the grandfather (no account), the note-taker. */
function viewers(d: MeetingDriver) {
  return {
    chair: d.m.chairId ?? d.m.convenerId,
    client: d.id(P.client),
    grandfather: d.id(P.grandfather),
    noteTaker: d.id(P.nurse),
  };
}

const board = (d: MeetingDriver, viewer: string, locale: Locale = 'en', memoUrl?: string) =>
  renderCard(
    'board',
    boardView({ locale, meeting: d.m, now: d.now, viewerId: viewer, ...(memoUrl ? { memoUrl } : {}) }),
  );

describe('the meeting board card', () => {
  it('has no text of its own in the template: every readable property is a binding', () => {
    assert.deepEqual(literalTexts(templateOf('board')), []);
  });

  for (const stage of STAGES) {
    it(`is a valid, portable card under Teams' size limit for every viewer, in every language (${stage})`, () => {
      for (const locale of LOCALES) {
        const d = realisticMeeting(stage, locale);
        for (const [who, id] of Object.entries(viewers(d))) {
          const card = board(d, id, locale);
          const what = `board ${stage} ${locale} ${who}`;
          assertValidCard(card, what);
          const foreign = [...typesIn(card)].filter((type) => !PORTABLE.has(type));
          assert.deepEqual(foreign, [], `${what}: only portable elements`);
          assert.ok(!JSON.stringify(card).includes('${'), `${what}: every binding filled`);
          assert.ok(bytes(card) < TEAMS_CARD_BYTES, `${what}: ${bytes(card)} bytes`);
        }
      }
    });
  }

  it('gives every button the meeting, the version seen and a Submit fallback with the same data', () => {
    const d = realisticMeeting('why');
    const card = board(d, d.id(P.youth));
    assert.ok(buttons(card).length > 0);
    for (const b of buttons(card)) {
      const data = b.data as Node;
      assert.equal(data.meetingId, d.m.id);
      assert.equal(data.version, d.m.version);
      const fallback = b.fallback as Node;
      assert.equal(fallback.type, 'Action.Submit');
      assert.deepEqual(fallback.data, { verb: b.verb, ...data });
    }
  });

  it('shows the chair, and only the chair, how to move on and give the floor', () => {
    const d = realisticMeeting('why');
    const chair = verbs(board(d, d.id(P.youth)));
    assert.ok(chair.includes('phase.next') && chair.includes('floor.give'));
    assert.ok(inputIds(board(d, d.id(P.youth))).includes('floorTo'));
    for (const name of [P.client, P.teacher, P.nurse, P.social]) {
      const theirs = verbs(board(d, d.id(name)));
      assert.ok(
        !theirs.includes('phase.next') && !theirs.includes('floor.give'),
        `${name} has no chair's buttons`,
      );
    }
  });

  it('lets the convener chair until a chair is chosen, and says so', () => {
    const d = realisticMeeting('opening');
    const card = board(d, d.id(P.social));
    assert.ok(verbs(card).includes('phase.next'));
    assert.ok(inputIds(card).includes('newChairId'));
    assert.match(textOf(card), /You act as chair/);
  });

  it('offers the client a pass in a fresh round, but not the teacher: the client speaks first', () => {
    const d = realisticMeeting('roles');
    d.do(P.youth, { type: 'phase.next' });
    assert.ok(verbs(board(d, d.id(P.client))).includes('turn.pass'));
    const teacher = verbs(board(d, d.id(P.teacher)));
    assert.ok(!teacher.includes('turn.pass'));
    assert.ok(teacher.includes('floor.request'), 'anyone may still ask for the floor');
  });

  it('gives the speaker "End my turn", and nobody else', () => {
    const d = realisticMeeting('roles');
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.youth, { type: 'floor.next' });
    const client = board(d, d.id(P.client));
    const done = buttons(client).find((b) => b.verb === 'turn.end');
    assert.ok(done, 'the speaker can say they are done');
    assert.equal(done.title, 'End my turn');
    assert.equal(
      (done.data as Node).speakerId,
      d.id(P.client),
      'a late click on an old turn can be told apart',
    );
    assert.match(textOf(client), /You have the floor/);
    assert.match(textOf(board(d, d.id(P.mother))), /Speaking now: Aino Laine/);
    assert.ok(!verbs(board(d, d.id(P.mother))).includes('turn.end'));
  });

  it('lists raised hands in the order they were raised, and lets a hand be taken back', () => {
    const d = realisticMeeting('roles');
    d.do(P.teacher, { type: 'floor.request' });
    d.do(P.mother, { type: 'floor.request' });
    const text = textOf(board(d, d.id(P.client)));
    assert.match(text, /Asked for the floor \(in order\): Pekka Virtanen and Liisa Laine/);
    const mother = board(d, d.id(P.mother));
    assert.match(textOf(mother), /number 2 in line/);
    assert.ok(verbs(mother).includes('floor.withdraw') && !verbs(mother).includes('floor.request'));
  });

  it('reads the phase stepper as plain text: what is done, where we are, what is left', () => {
    const d = realisticMeeting('why');
    const text = textOf(board(d, d.id(P.client)));
    assert.match(text, /Part 3 of 7: Why we are here/);
    assert.match(text, /Done: 1\. Welcome and introductions · 2\. Chair and note-taker/);
    assert.match(text, /Still to come: 4\. Looking ahead · 5\. Summary: who does what · .* · 7\. Feedback/);
    const fi = textOf(board(d, d.id(P.client), 'fi'));
    assert.match(fi, /Vaihe 3\/7: Miksi olemme koolla/);
  });

  it('shows a skipped phase as skipped, with the reason', () => {
    const d = realisticMeeting('why');
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.youth, d.skipAnyway('Aika loppui'));
    assert.match(textOf(board(d, d.id(P.client))), /Skipped: 4\. Looking ahead \(reason: Aika loppui\)/);
  });

  it('shows each person’s turn in words: spoke, passed, not yet, speaking now', () => {
    const d = realisticMeeting('why');
    const text = textOf(board(d, d.id(P.client)));
    assert.match(text, /Matti Laine: close one, isoisä · ↷ passed/);
    assert.match(text, /Aino Laine: client · ✓ spoke/);
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.youth, { type: 'floor.next' });
    const next = textOf(board(d, d.id(P.client)));
    assert.match(next, /Aino Laine: client · ▶ speaking now/);
    assert.match(next, /Liisa Laine: close one, äiti · … not yet/);
    assert.match(next, /Next in turn: Liisa Laine/);
  });

  it('tells the chair what must be agreed before the meeting can move on, instead of a button that would fail', () => {
    const d = realisticMeeting('opening');
    d.do(P.social, { type: 'phase.next' });
    d.do(P.social, { type: 'chair.assign', participantId: d.id(P.youth) });
    const card = board(d, d.id(P.youth));
    assert.ok(!verbs(card).includes('phase.next'));
    assert.match(textOf(card), /Agree who writes the memo before moving on\./);
    assert.ok(inputIds(card).includes('newNoteTakerId'));
  });

  it('offers no "close round" when no round is going on', () => {
    const d = realisticMeeting('roles');
    assert.ok(!verbs(board(d, d.id(P.youth))).includes('round.close'));
    const why = realisticMeeting('why');
    assert.ok(verbs(board(why, why.id(P.youth))).includes('round.close'));
  });

  it('shows everyone the agreed responsible worker and follow-up from the follow-up phase on', () => {
    const d = realisticMeeting('followup', 'en');
    const text = textOf(board(d, d.id(P.client)));
    assert.match(text, /Responsible worker: Sanna Korhonen/);
    assert.match(text, /Follow-up meeting: 14 January 2027 at 14:00/);
    assert.doesNotMatch(
      textOf(board(realisticMeeting('summary', 'en'), d.id(P.client))),
      /Follow-up meeting:/,
    );
  });

  it('asks the client whether the responsible worker and follow-up suit them, in their own words; the chair records it by their first name', () => {
    for (const locale of LOCALES) {
      const d = realisticMeeting('followup', locale);
      d.do(P.youth, {
        type: 'followup.agree',
        at: '2027-01-14T14:00:00+02:00',
        place: 'Nuorisotalo',
        hostId: d.id(P.teacher),
      });
      for (const [who, id] of Object.entries(viewers(d))) {
        const card = board(d, id, locale);
        assertValidCard(card, `board ${locale} ${who}, the follow-up unconfirmed`);
        assert.ok(!JSON.stringify(card).includes('${'), `${who}: every binding filled`);
      }
    }
    const d = realisticMeeting('followup', 'en');
    d.do(P.youth, { type: 'followup.agree', at: '2027-01-14T14:00:00+02:00', place: 'Youth centre' });
    const mine = board(d, d.id(P.client));
    const ask = buttons(mine).find((b) => b.verb === 'followup.confirm');
    assert.equal(ask?.title, 'This suits me');
    assert.ok(inputIds(mine).includes('followupComment'));
    assert.match(textOf(mine), /See who your responsible worker is/);
    assert.match(textOf(mine), /Place: Youth centre/);
    // The chair asks her by her first name, and records her answer; the chair cannot move on before.
    const chairs = board(d, d.id(P.youth));
    assert.equal(
      buttons(chairs).find((b) => b.verb === 'followup.confirm')?.title,
      'Aino confirms: it suits them',
    );
    assert.match(textOf(chairs), /Aino, do this responsible worker and this follow-up suit you\?/);
    assert.ok(!verbs(chairs).includes('phase.next'));
    // Her mother is not asked, and has no button.
    assert.ok(!verbs(board(d, d.id(P.mother))).includes('followup.confirm'));
    d.do(P.client, { type: 'followup.confirm', clientComment: 'Afternoons are better.' });
    const after = board(d, d.id(P.youth));
    assert.ok(!verbs(after).includes('followup.confirm'));
    assert.ok(verbs(after).includes('phase.next'));
    assert.match(
      textOf(after),
      /Aino confirmed that the responsible worker and the follow-up suit them\. The client added: Afternoons are better\./,
    );
  });

  it('says the client’s wish and her check of the follow-up to her as “you”, and to the others by her name', () => {
    for (const locale of LOCALES) {
      const why = realisticMeeting('why', locale);
      const wish = 'Haluan jaksaa käydä koulua ja että kotona olisi vähemmän riitaa.';
      assert.ok(
        textOf(board(why, why.id(P.client), locale)).includes(
          `${t(locale, 'card.board.your_wish')}: ${wish}`,
        ),
        `${locale}: her own wish, to her`,
      );
      const aboutHer = `${t(locale, 'memo.client_wish', { client: P.client })}: ${wish}`;
      assert.ok(!textOf(board(why, why.id(P.client), locale)).includes(aboutHer), locale);
      assert.ok(textOf(board(why, why.id(P.youth), locale)).includes(aboutHer), `${locale}: the chair`);
    }
    const d = realisticMeeting('summary', 'en');
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.youth, { type: 'responsible.assign', participantId: d.id(P.social) });
    d.do(P.youth, { type: 'followup.agree', at: '2027-01-14T14:00:00+02:00' });
    d.do(P.client, { type: 'followup.confirm', clientComment: 'Afternoons are better.' });
    const hers = textOf(board(d, d.id(P.client)));
    assert.match(
      hers,
      /Checked with you: You confirmed that the responsible worker and the follow-up suit you\. You added: Afternoons are better\./,
    );
    assert.doesNotMatch(hers, /Aino confirmed|The client added/);
    // What the follow-up phase is for, said to her too: her responsible worker, whom she can contact.
    assert.ok(hers.includes(t('en', 'prompt.followup_client')), 'the follow-up phase, said to her');
    assert.doesNotMatch(hers, /Aino's responsible worker/);
    assert.match(textOf(board(d, d.id(P.mother))), /Agree who is Aino's responsible worker/);
    assert.match(
      textOf(board(d, d.id(P.youth))),
      /Check with the client: Aino confirmed that the responsible worker and the follow-up suit them\. The client added: Afternoons are better\./,
    );
  });

  it('gives the note-taker the note form and the client’s wish, and the client a place for their own wish', () => {
    const d = realisticMeeting('roles');
    d.do(P.youth, { type: 'phase.next' });
    const nurse = board(d, d.id(P.nurse));
    assert.ok(['noteText', 'noteTopic', 'wishText'].every((id) => inputIds(nurse).includes(id)));
    const client = board(d, d.id(P.client));
    assert.ok(!inputIds(client).includes('noteText'));
    assert.ok(inputIds(client).includes('wishText') && verbs(client).includes('wish.record'));
  });

  it('lets the record keepers act for the grandfather, who has no chat account and gets no buttons himself', () => {
    const d = realisticMeeting('why');
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.youth, { type: 'floor.next' });
    d.do(P.client, { type: 'turn.end' });
    d.do(P.youth, { type: 'floor.next' });
    d.do(P.mother, { type: 'turn.end' });
    const nurse = board(d, d.id(P.nurse));
    const pass = buttons(nurse).find((b) => b.verb === 'turn.pass' && (b.data as Node).behalf === 'true');
    assert.ok(pass, 'the note-taker can record his pass');
    assert.ok(inputIds(nurse).includes('onBehalfOf'));
    for (const stage of STAGES) {
      const g = realisticMeeting(stage);
      const card = board(g, g.id(P.grandfather));
      assert.deepEqual(buttons(card), [], `no buttons for him in ${stage}`);
      assert.deepEqual(inputIds(card), [], `no inputs for him in ${stage}`);
    }
  });

  it('before the start shows who is invited; only the convener ticks who is here and starts', () => {
    const d = realisticMeeting('invited');
    const convener = board(d, d.id(P.social));
    assert.ok(inputIds(convener).includes('presentIds') && verbs(convener).includes('meeting.start'));
    const client = board(d, d.id(P.client));
    assert.deepEqual(buttons(client), []);
    assert.match(textOf(client), /Matti Laine: close one, isoisä · not yet marked/);
  });

  it('after closing thanks everyone and points to the memo', () => {
    const d = realisticMeeting('closed');
    const card = board(d, d.id(P.client), 'en', 'https://toivo.example/memo/m1');
    assert.match(textOf(card), /The meeting has closed\. Thank you, everyone!/);
    assert.ok(
      nodes(card).some((n) => n.type === 'Action.OpenUrl' && n.url === 'https://toivo.example/memo/m1'),
    );
    // Left to do: only one's own reminders, off, and on again.
    assert.deepEqual(
      buttons(card).map((b) => `${b.verb} ${(b.data as { muted: string }).muted} ${b.title}`),
      ['reminders.mute true No more reminders'],
    );
    assert.match(textOf(card), /Toivo reminds you of what you agreed here/);
    d.do(P.client, { type: 'reminders.mute', muted: true });
    const muted = board(d, d.id(P.client), 'en');
    assert.match(textOf(muted), /You have turned off reminders about this meeting/);
    assert.deepEqual(verbs(muted), ['reminders.mute']);
    assert.equal(buttons(muted)[0]?.title, 'Remind me again');
    // Someone without a chat account gets no reminders to turn off.
    assert.deepEqual(buttons(board(d, d.id(P.grandfather), 'en')), []);
  });

  it('a cancelled meeting says why', () => {
    const d = realisticMeeting('invited');
    d.do(P.social, { type: 'meeting.cancel', reason: 'Aino on sairaana' });
    const card = board(d, d.id(P.client));
    assertValidCard(card);
    assert.match(textOf(card), /Aino on sairaana/);
  });

  it('keeps a huge meeting (60 people with long names, 5,000-character notes) under the size limit', () => {
    for (const stage of ['opening', 'roles', 'why', 'summary'] as const) {
      const { d, chair, noteTaker, client } = hugeMeeting(stage);
      for (const locale of LOCALES) {
        for (const viewer of [chair, noteTaker, client, 'p30', 'p10']) {
          const card = renderCard('board', boardView({ locale, meeting: d.m, now: d.now, viewerId: viewer }));
          const what = `huge ${stage} ${locale} ${viewer}`;
          assertValidCard(card, what);
          assert.ok(bytes(card) < TEAMS_CARD_BYTES, `${what}: ${bytes(card)} bytes`);
          assert.ok(!JSON.stringify(card).includes('${'), what);
        }
      }
      const text = textOf(
        renderCard('board', boardView({ locale: 'en', meeting: d.m, now: d.now, viewerId: chair })),
      );
      assert.match(text, /… and 40 more/, `${stage}: the order list is cut after 20 people`);
      assert.match(text, /Purpose: .{150,}…/, `${stage}: long texts are cut visibly`);
    }
  });
});
