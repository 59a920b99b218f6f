/** The view form opens for the record keepers only, about someone in the meeting, for that person. */
import assert from 'node:assert/strict';
import { renderCard } from '../../src/cards/render.js';
import { VERBS } from '../../src/cards/verbs.js';
import { boardView } from '../../src/cards/view-models/board.js';
import { elementsIn } from '../cards/support.js';
import type { MeetingDriver } from '../support/driver.js';
import { PEOPLE as P } from '../support/realistic-meeting.js';
import { ACCOUNT, click, freshApp, said, seed } from './support.js';

describe('the view form', () => {
  const fresh = freshApp();

  it('opens for the note-taker or the chair, about the person the button names', async () => {
    const d = await seed(fresh.app, 'discussion');
    const mother = d.id(P.mother);
    for (const keeper of [P.nurse, P.youth]) {
      const opened = await click(fresh.app, 'm1', ACCOUNT[keeper], VERBS.openViewForm, {
        participantId: mother,
      });
      assert.ok(opened.ok);
      const form = opened.deliveries.find((x) => x.kind === 'form');
      assert.equal(form && said(form), `form view-form → ${ACCOUNT[keeper]}`);
      assert.equal(form?.view.personId, mother);
    }
  });

  it('opens for nobody else, and not about someone who is not in the meeting', async () => {
    const d = await seed(fresh.app, 'discussion');
    const mother = d.id(P.mother);
    for (const [account, fields, code] of [
      [ACCOUNT[P.mother], { participantId: mother }, 'auth.chair_or_notetaker_only'],
      [ACCOUNT[P.teacher], { participantId: mother }, 'auth.chair_or_notetaker_only'],
      [ACCOUNT[P.nurse], { participantId: 'p99' }, 'participant.unknown'],
      [ACCOUNT[P.nurse], {}, 'participant.unknown'],
    ] as const) {
      const refused = await click(fresh.app, 'm1', account, VERBS.openViewForm, fields);
      assert.equal(refused.rejection?.code, code, `${account} ${JSON.stringify(fields)}`);
      assert.ok(!refused.deliveries.some((x) => x.kind === 'form'), 'no form opens');
    }
  });

  /** Who can be chosen in the note-taker's list of views to write down, on the board as drawn now. */
  const pickable = async (d: MeetingDriver) => {
    const m = await fresh.app.meetings.get('m1');
    assert.ok(m);
    const card = renderCard(
      'board',
      boardView({ locale: 'fi', meeting: m, now: d.now, viewerId: d.id(P.nurse) }),
    );
    return elementsIn(card)
      .filter((n) => n.type === 'Input.ChoiceSet' && n.id === 'viewFor')
      .flatMap((n) => (n.choices as { value: string }[]).map((c) => c.value));
  };

  it('after the meeting, while the memo is a draft, opens for anyone who was there, chosen from a list', async () => {
    const d = await seed(fresh.app, 'closed');
    const there = d.m.participants.filter((p) => p.attendance === 'present' || p.attendance === 'left');
    assert.deepEqual(
      new Set(await pickable(d)),
      new Set(there.map((p) => p.id)),
      'everyone who was there, and no one else',
    );
    const mother = d.id(P.mother);
    const opened = await click(fresh.app, 'm1', ACCOUNT[P.nurse], VERBS.openViewForm, {
      pick: 'true',
      viewFor: mother,
    });
    assert.ok(opened.ok);
    const form = opened.deliveries.find((x) => x.kind === 'form');
    assert.equal(form?.view.personId, mother);
    // Nobody chosen: "choose a person first", and no form.
    const empty = await click(fresh.app, 'm1', ACCOUNT[P.nurse], VERBS.openViewForm, {
      pick: 'true',
      viewFor: '',
    });
    assert.equal(empty.rejection?.code, 'input.no_person');
    assert.deepEqual(empty.rejection?.params, { field: 'viewFor' });
    assert.ok(!empty.deliveries.some((x) => x.kind === 'form'));
  });

  it('once the memo is sent, the list is gone and the form does not open', async () => {
    const d = await seed(fresh.app, 'memo sent');
    assert.deepEqual(await pickable(d), []);
    const refused = await click(fresh.app, 'm1', ACCOUNT[P.nurse], VERBS.openViewForm, {
      pick: 'true',
      viewFor: d.id(P.mother),
    });
    assert.equal(refused.rejection?.code, 'memo.already_sent');
  });
});
