/**
 * The closed meeting's records in Slack, through Bolt's real receiver and the fake Slack Web API:
 * the convener exports the meeting for the client record from her own view (two signed links of
 * her own in her DMs), nobody else can; then she erases the meeting from its form, and the cards
 * in the channel say only that it was erased.
 */
import assert from 'node:assert/strict';
import type { Delivery } from '../../../src/app/index.js';
import { ExportLinks } from '../../../src/channels/export-links.js';
import { type Params, t } from '../../../src/i18n/index.js';
import { MovableClock } from '../../support/movable-clock.js';
import {
  CHANNEL,
  callMeeting,
  type Inputs,
  linkOn,
  type Modal,
  ownClose,
  ownSkip,
  ownStep,
  ownView,
  type Person,
  SECRET,
  textOf,
  workspaceForSuite,
} from './workspace.js';

const T = (key: string, params?: Params): string => t('fi', key, params);
const [SANNA, AINO, LIISA] = ['Sanna Korhonen', 'Aino Laine', 'Liisa Laine'];

describe('Slack: export for the client record, and erasing the meeting', function () {
  this.timeout(60_000);
  const clock = new MovableClock('2027-02-01T10:00:00+02:00');
  const suite = workspaceForSuite({ clock });
  let sanna: Person;
  let aino: Person;
  let liisa: Person;
  let meetingId = '';

  const myView = (person: Person): Promise<Modal> => ownView(suite.ws, person, T('card.board.title'));

  const step = (person: Person, button: string, inputs: Inputs = {}) =>
    ownStep(suite.ws, person, T('card.board.title'), button, inputs);

  before(async () => {
    [sanna, aino, liisa] = ['USANNA', 'UAINO', 'ULIISA'].map((id) => suite.ws.person(id)) as [
      Person,
      Person,
      Person,
    ];
    await callMeeting(sanna, {
      date: '2027-02-01',
      time: '14:00',
      invitee1Name: LIISA,
      invitee1Role: 'close',
      invitee1Account: 'ULIISA',
    });
    const [m] = await suite.ws.app.meetingsFor('slack:T1:USANNA');
    assert.ok(m);
    meetingId = m.id;
    await step(sanna, T('card.board.action.start'), { presentIds: [SANNA, AINO, LIISA] });
    for (let i = 0; i < 4; i++) await ownSkip(suite.ws, sanna, T('card.board.title'), 'Lyhyt kokous');
    await step(sanna, T('card.commitments.add'));
    await sanna.submit({ what: 'Kertoa opettajalle poissaoloista', ownerId: AINO, due: '2027-02-12' });
    await step(aino, T('card.commitments.suits_me'));
    await step(sanna, T('card.board.action.next_phase', { phase: T('phase.followup') }));
    await step(sanna, T('card.board.action.followup_form'));
    await sanna.submit({ responsibleId: SANNA });
    await sanna.submit({ noneReason: 'Tilanne on hyvä' });
    await step(aino, T('card.commitments.suits_me'));
    await step(sanna, T('card.board.action.next_phase', { phase: T('phase.feedback') }));
    await ownClose(suite.ws, sanna, T('card.board.title'));
  });

  it('the responsible worker exports it from her own view: two links of her own in her DMs; nobody else can', async () => {
    const liisas = JSON.stringify((await myView(liisa)).view.blocks);
    assert.ok(!liisas.includes(T('card.records.export')), 'Liisa is offered no export');
    const before = sanna.dms.length;
    await step(sanna, T('card.records.export'));
    suite.ws.sync();
    const card = sanna.dms.slice(before).find((m) => textOf(m.blocks).includes(T('card.export.title')));
    assert.ok(card, 'the export comes to her DMs');
    const markdown = linkOn(card, T('card.export.markdown'));
    const json = linkOn(card, T('card.export.json'));
    assert.equal(markdown.pathname, '/slack/export.md');
    const md = await fetch(markdown);
    assert.equal(md.status, 200);
    assert.match(await md.text(), /Kertoa opettajalle poissaoloista/);
    const file = await fetch(json);
    assert.equal(file.status, 200);
    assert.equal(((await file.json()) as { format: string }).format, 'toivo.export');
    const inChannel = JSON.stringify(suite.ws.channel(CHANNEL));
    assert.ok(!inChannel.includes('/slack/export'), 'no export link in the channel');
    // A link Toivo would make for Liisa, with the server's own secret, opens nothing: she may not export.
    const forLiisa = new ExportLinks(SECRET, markdown.origin, '/slack/export').viewFor({
      kind: 'direct',
      to: { account: 'slack:T1:ULIISA' },
      surface: 'export',
      view: { locale: 'fi', now: clock.now().toISOString(), meeting: { id: meetingId } },
    } as unknown as Extract<Delivery, { kind: 'direct' }>);
    const refused = await fetch(forLiisa.exportUrls?.markdown ?? '');
    assert.equal(refused.status, 404);
    assert.equal(await refused.text(), T('export.link_invalid'));
    assert.equal((await suite.ws.app.access.of(meetingId)).length, 2, 'both downloads are on record');
  });

  it('she erases the meeting from its form; the channel’s cards say only that it was erased', async () => {
    await step(sanna, T('card.records.erase'));
    assert.match(textOf(sanna.modal.view.blocks), new RegExp(T('card.erase.warning').slice(0, 30)));
    await sanna.submit({ eraseWhat: T('card.erase.meeting') });
    suite.ws.sync();
    assert.equal(await suite.ws.app.meetings.get(meetingId), undefined);
    const channel = JSON.stringify(suite.ws.channel(CHANNEL));
    assert.ok(channel.includes(T('card.notice.info.meeting_erased')), 'the cards say it was erased');
    for (const gone of ['Ainon koulunkäynnin tukeminen', 'Kertoa opettajalle poissaoloista', LIISA])
      assert.ok(!channel.includes(gone), `the channel no longer shows "${gone}"`);
  });
});
