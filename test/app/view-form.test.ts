/** The view form opens for the record keepers only, about someone in the meeting, for that person. */
import assert from 'node:assert/strict';
import { VERBS } from '../../src/cards/verbs.js';
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
});
