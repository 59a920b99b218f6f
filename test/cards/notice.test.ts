import assert from 'node:assert/strict';
import { renderCard } from '../../src/cards/render.js';
import { noticeView } from '../../src/cards/view-models/notice.js';
import { reject } from '../../src/core/index.js';
import { TEST_NOW } from '../support/driver.js';
import { realisticMeeting } from '../support/realistic-meeting.js';
import { assertValidCard } from './support.js';

describe('the notice card', () => {
  it('says a rejection plainly in the viewer’s language, with a way back to the current card', () => {
    const meeting = realisticMeeting('why').m;
    for (const locale of ['fi', 'sv', 'en'] as const) {
      const card = renderCard(
        'notice',
        noticeView({ locale, meeting, now: TEST_NOW, rejection: reject('turn.not_your_turn_yet') }),
      );
      assertValidCard(card, `notice ${locale}`);
      const json = JSON.stringify(card);
      assert.ok(!json.includes('${'), 'every binding filled');
      assert.match(json, /"verb":"ui.refresh"/);
    }
    const fi = JSON.stringify(
      renderCard(
        'notice',
        noticeView({ locale: 'fi', meeting, now: TEST_NOW, rejection: reject('turn.not_your_turn_yet') }),
      ),
    );
    assert.match(fi, /vuoro/);
  });

  it('has no way back when there is no meeting to show', () => {
    const card = renderCard(
      'notice',
      noticeView({ locale: 'en', now: TEST_NOW, rejection: reject('meeting.not_found') }),
    );
    assertValidCard(card);
    assert.equal((card.actions as unknown[] | undefined)?.length ?? 0, 0);
  });
});
