/**
 * The closed meeting's records in Teams, through botbuilder's real authentication and a fake Bot
 * Connector: the responsible worker exports it from her board (the links come to her personal
 * chat), the client is offered no export; then the meeting is erased from its form, and the board
 * in the chat is drawn again saying only that it was erased.
 */
import assert from 'node:assert/strict';
import { t } from '../../../src/i18n/index.js';
import { openUrls } from '../../cards/support.js';
import { FAKE_TEAMS } from '../../support/fake-teams.js';
import {
  actionsOf,
  answered,
  cardOf,
  invitationBy,
  type Json,
  pressing,
  TeamsBot,
  type TeamsPerson,
  textOf,
} from './teams-bot.js';

const T = (key: string, params?: Readonly<Record<string, string | number>>) => t('fi', key, params);
const CHAT = { id: '19:aino_records@thread.v2', conversationType: 'groupChat' as const };
const SANNA: TeamsPerson = {
  id: '29:sanna',
  aadObjectId: '00000000-0000-4000-8000-00000000d001',
  name: 'Sanna Korhonen',
};
const AINO: TeamsPerson = {
  id: '29:aino',
  aadObjectId: '00000000-0000-4000-8000-00000000d002',
  name: 'Aino Laine',
};
const TASK = 'Kertoa opettajalle poissaoloista';

describe('Teams: export for the client record, and erasing the meeting', function () {
  this.timeout(60_000);
  const bot = new TeamsBot(CHAT);
  let boardId = '';
  let meetingId = '';
  after(() => bot.stop());

  const view = async (p: TeamsPerson) =>
    answered(await bot.click(p, 'ui.refresh', { meetingId, surface: 'board' }, boardId));

  async function press(p: TeamsPerson, title: string, inputs: Json = {}, on?: Json): Promise<Json> {
    const { verb, data } = pressing(on ?? (await view(p)), title, inputs);
    return answered(await bot.click(p, verb, data, boardId));
  }

  /** Presses `title`; when the answer is a card that asks first (someone would be left out), `anyway` on it. */
  async function pressAnyway(
    p: TeamsPerson,
    title: string,
    anyway: string,
    inputs: Json = {},
  ): Promise<Json> {
    const answer = await press(p, title, inputs);
    return actionsOf(answer).some((a) => a.title === anyway) ? press(p, anyway, inputs, answer) : answer;
  }

  before(async () => {
    await bot.start();
    bot.connector.members.set(
      CHAT.id,
      [SANNA, AINO].map((p) => ({ ...p, tenantId: FAKE_TEAMS.tenantId })),
    );
    await bot.say(SANNA, 'new');
    const posted = bot.connector.activities(CHAT.id)[0];
    const send = pressing(cardOf(posted), T('card.invitation-form.send'), {
      ...invitationBy(SANNA.name),
      clientAccount: AINO.aadObjectId,
    });
    answered(
      await bot.click(
        SANNA,
        send.verb,
        send.data,
        String((posted?.result as { id?: string } | undefined)?.id),
      ),
    );
    const board = bot.connector
      .callsMatching('POST /v3/conversations/*/activities**')
      .filter((c) => c.conversationId === CHAT.id)
      .find((c) => textOf(cardOf(c)).includes(T('card.board.title')));
    boardId = String((board?.result as { id?: string } | undefined)?.id);
    meetingId = String(((cardOf(board).refresh as Json).action as { data: Json }).data.meetingId);
    await press(SANNA, T('card.board.action.start'), { presentIds: [SANNA.name, AINO.name] });
    for (let i = 0; i < 4; i++)
      await pressAnyway(SANNA, T('card.board.action.skip'), T('card.confirm.skip_anyway'), {
        skipReason: 'Lyhyt kokous',
      });
    const form = await press(SANNA, T('card.commitments.add'));
    await press(
      SANNA,
      T('card.commitment-form.save_add'),
      { what: TASK, ownerId: AINO.name, due: '2030-02-12' },
      form,
    );
    await press(AINO, T('card.commitments.suits_me'));
    await press(SANNA, T('card.board.action.next_phase', { phase: T('phase.followup') }));
    const followup = await press(SANNA, T('card.board.action.followup_form'));
    const saved = await press(
      SANNA,
      T('card.followup-form.save_responsible'),
      { responsibleId: SANNA.name },
      followup,
    );
    await press(SANNA, T('card.followup-form.save_followup'), { noneReason: 'Tilanne on hyvä' }, saved);
    await press(AINO, T('card.commitments.suits_me'));
    await press(SANNA, T('card.board.action.next_phase', { phase: T('phase.feedback') }));
    await pressAnyway(SANNA, T('card.board.action.close_meeting'), T('card.confirm.close_anyway'));
    assert.equal((await bot.app.meetings.get(meetingId))?.phase, 'closed');
  });

  it('the responsible worker exports it: the links come to her personal chat and open; the client is offered none', async () => {
    assert.ok(!JSON.stringify(await view(AINO)).includes(T('card.records.export')));
    const before = bot.connector.callsMatching('POST /v3/conversations/*/activities**').length;
    await press(SANNA, T('card.records.export'));
    await bot.channel.settled();
    const sent = bot.connector
      .callsMatching('POST /v3/conversations/*/activities**')
      .slice(before)
      .filter((c) => c.conversationId !== CHAT.id && textOf(cardOf(c)).includes(T('card.export.title')));
    assert.equal(sent.length, 1, 'the export card, in her personal chat only');
    const links = openUrls(cardOf(sent[0]));
    const markdown = new URL(links[T('card.export.markdown')] ?? '');
    assert.equal(markdown.pathname, '/teams/export.md');
    const md = await fetch(markdown);
    assert.equal(md.status, 200);
    assert.match(await md.text(), new RegExp(TASK));
    const json = await fetch(links[T('card.export.json')] ?? '');
    assert.equal(((await json.json()) as { format: string }).format, 'toivo.export');
    // Her link with another account in it opens nothing.
    markdown.searchParams.set('a', `teams:${FAKE_TEAMS.tenantId}:${AINO.aadObjectId}`);
    assert.equal((await fetch(markdown)).status, 404);
  });

  it('erased from its form: the answer says so, and the board in the chat is drawn again as erased', async () => {
    const form = await press(SANNA, T('card.records.erase'));
    assert.match(textOf(form), new RegExp(T('card.erase.title')));
    const before = bot.connector.calls.length;
    const done = await press(SANNA, T('card.erase.submit'), { eraseWhat: T('card.erase.meeting') }, form);
    assert.match(textOf(done), new RegExp(T('card.notice.info.meeting_erased_by_you').slice(0, 40)));
    await bot.channel.settled();
    assert.equal(await bot.app.meetings.get(meetingId), undefined);
    const redrawn = bot.connector.calls
      .slice(before)
      .filter((c) => c.conversationId === CHAT.id && c.method === 'PUT');
    assert.ok(redrawn.length > 0, 'the chat’s cards are drawn again');
    for (const c of redrawn) {
      const text = textOf(cardOf(c));
      assert.match(text, new RegExp(T('card.notice.info.meeting_erased')));
      assert.ok(!text.includes(TASK) && !text.includes(AINO.name));
    }
  });
});
