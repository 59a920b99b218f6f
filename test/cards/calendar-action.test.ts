/**
 * "Add to calendar" on the invitation and the follow-up reminder: there when the channel made a
 * calendar link for the one who sees the card, absent when it did not, in Teams and in Slack.
 */
import assert from 'node:assert/strict';
import { buildCard, buildSlack } from '../../src/cards/cards.js';
import type { Surface } from '../../src/cards/render.js';
import type { SlackMessage } from '../../src/cards/slack/types.js';
import type { ViewContext } from '../../src/cards/view-models/common.js';
import { LOCALES, type Locale } from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import { PEOPLE, realisticMeeting } from '../support/realistic-meeting.js';
import { assertGoodCard } from './aftercare-checks.js';
import { assertSlackBlocks } from './slack-support.js';
import { elementsIn } from './support.js';

const LINK = 'https://toivo.example.org/slack/calendar?m=m1&a=U-LIISA&e=1&s=x';

/** The card's links, as title → url, in Teams and in Slack. */
function links(surface: Surface, view: ViewContext) {
  const card = buildCard(surface, view);
  assertGoodCard(card, `${surface} ${view.locale}`);
  const teams = elementsIn(card)
    .filter((e) => e.type === 'Action.OpenUrl')
    .map((e) => [e.title, e.url]);
  const { blocks } = buildSlack(surface, view) as SlackMessage;
  assertSlackBlocks(blocks, 'message');
  const slack = elementsIn(blocks)
    .filter((e) => e.type === 'button' && typeof e.url === 'string')
    .map((e) => [(e.text as { text: string }).text, e.url]);
  return { teams, slack };
}

function invitation(locale: Locale, more: Partial<ViewContext> = {}): ViewContext {
  const d = realisticMeeting('invited', locale);
  return { locale, now: d.now, meeting: d.m, viewerId: d.id(PEOPLE.mother), ...more };
}

describe('the calendar link on cards', () => {
  it('the invitation has "Add to calendar" with the link made for its reader, in every language', () => {
    for (const locale of LOCALES) {
      const { teams, slack } = links('invitation', invitation(locale, { calendarUrl: LINK }));
      const add = [t(locale, 'card.action.add_to_calendar'), LINK];
      assert.deepEqual(teams, [add], `Teams, ${locale}`);
      assert.deepEqual(slack, [add], `Slack, ${locale}`);
    }
  });

  it('without a link there is no calendar action', () => {
    assert.deepEqual(links('invitation', invitation('fi')), { teams: [], slack: [] });
    const d = realisticMeeting('closed', 'fi');
    const view = { locale: 'fi' as const, now: d.now, meeting: d.m, viewerId: d.id(PEOPLE.mother) };
    assert.deepEqual(links('followup-reminder', view), { teams: [], slack: [] });
  });

  it('a cancelled meeting’s link takes it out of the calendar', () => {
    const view = invitation('en', { calendarUrl: LINK });
    const d = realisticMeeting('invited', 'en');
    d.do(PEOPLE.social, { type: 'meeting.cancel', reason: 'Aino is ill.' });
    const { teams } = links('invitation', { ...view, meeting: d.m });
    assert.deepEqual(teams, [[t('en', 'card.action.remove_from_calendar'), LINK]]);
  });

  it('the follow-up reminder has it beside the online link', () => {
    const d = realisticMeeting('closed', 'sv');
    const online = { ...d.m, invitation: { ...d.m.invitation, onlineUrl: 'https://meet.example.org/1' } };
    const view = { locale: 'sv' as const, now: d.now, meeting: online, viewerId: d.id(PEOPLE.mother) };
    const { teams, slack } = links('followup-reminder', { ...view, calendarUrl: LINK });
    const expected = [
      [t('sv', 'card.followup-reminder.join'), 'https://meet.example.org/1'],
      [t('sv', 'card.action.add_to_calendar'), LINK],
    ];
    assert.deepEqual(teams, expected);
    assert.deepEqual(slack, expected);
  });
});
