/**
 * Someone invited by name who turns out to use Slack: they say "this is me" on the invitation in
 * the channel, the convener confirms it in her own view, and from then on they take part in Slack.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event } from '../../../src/core/index.js';
import { t } from '../../../src/i18n/index.js';
import type { EventStore } from '../../../src/store/event-store.js';
import { openEventStore } from '../../../src/store/open-store.js';
import { buttonsOf, textOf, Workspace } from './workspace.js';

const T = (key: string, params?: Readonly<Record<string, string | number>>) => t('fi', key, params);
const inDays = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const MATTI = 'Matti Laine';

describe('Slack: "this is me" for someone invited by name', () => {
  let dir = '';
  let store: EventStore<Event>;
  let ws: Workspace;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toivo-slack-claims-'));
    store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
    ws = await Workspace.start({ store });
  });

  after(async () => {
    await ws.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is said in the channel, confirmed by the convener in her own view, and brings the invitation to his DMs', async () => {
    const [sanna, matti] = [ws.person('USANNA'), ws.person('UMATTI')];
    await sanna.command('');
    await sanna.submit({
      purpose: 'Ainon koulunkäynnin tukeminen',
      date: inDays(3),
      time: '14:00',
      place: 'Koulu',
      convenerName: 'Sanna Korhonen',
      clientName: 'Aino Laine',
      clientAccount: 'UAINO',
      invitee1Name: MATTI,
      invitee1Role: 'close',
      invitee1Relation: 'isoisä',
    });
    const invitation = ws.message(T('card.invitation.title'));
    await matti.press(invitation, T('card.invitation.claim_button'), { claimFor: MATTI });
    const said = matti.ephemerals.map((e) => `${e.text}\n${textOf(e.blocks)}`).join('\n');
    assert.ok(said.includes(T('card.notice.info.account_claimed')), 'he is told what happens next');
    assert.equal(matti.dms.length, 0, 'nothing of the meeting yet');

    await sanna.press(ws.message(T('card.board.title')), T('card.board.action.my_view'));
    assert.ok(textOf(sanna.modal.view.blocks).includes(MATTI), 'the claim waits in her own view');
    await sanna.press(sanna.modal, T('card.board.action.claim_confirm'));
    assert.equal(matti.dms.length, 1, 'the invitation comes to his direct messages');
    const answers = buttonsOf(matti.dms[0]?.blocks ?? []).map((b) => (b.text as { text: string }).text);
    assert.ok(answers.includes(T('card.invitation.coming')), 'and he can answer it there');
  });
});
