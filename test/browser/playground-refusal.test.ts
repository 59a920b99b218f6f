/**
 * A refused form in the playground keeps what was typed: the invitation form sent with a past
 * date, on the Teams or the Slack side, stays where it was with every value in place and says why
 * at the date; so does the commitment form's Slack modal with a past due date. Fixed, it is sent.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { App } from '../../src/app/index.js';
import { type Running, startServer } from '../../src/app/server.js';
import { SimulatedClock } from '../../src/channels/playground/clock.js';
import { playground } from '../../src/channels/playground/index.js';
import type { Event } from '../../src/core/index.js';
import { describeRejection } from '../../src/i18n/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { AINO, board, inDays, LIISA, SANNA, shows, skipPart, T } from './meeting-steps.js';
import { launchChromium, PlaygroundPage, type Side } from './playground-page.js';

const capital = (text: string): string => text.replace(/^./, (c) => c.toUpperCase());

/** What Sanna types on the invitation form: label → value, as the inputs hold it. */
const TYPED: readonly [string, string][] = [
  [T('card.invitation-form.purpose'), 'Ainon koulunkäynnin tukeminen'],
  [T('card.invitation-form.topics'), 'Koulupoissaolot\nArjen rytmi'],
  [T('card.invitation.date'), inDays(-1)],
  [T('card.invitation-form.time'), '14:00'],
  [T('memo.where'), 'Koulun neuvotteluhuone 2'],
  [T('card.invitation-form.convener_name'), SANNA],
  [T('card.invitation-form.convener_organisation'), 'Lastensuojelu'],
  [T('card.invitation-form.client_name'), AINO],
  [T('card.invitation-form.name'), LIISA],
  [capital(T('field.relation')), 'äiti'],
];

const PAST_START = describeRejection('fi', {
  rejected: true,
  code: 'input.time_in_past',
  params: { field: 'startsAt' },
});

describe('the playground: a refused form keeps what was typed', function () {
  this.timeout(60_000);
  let dir: string | undefined;
  let store: EventStore<Event> | undefined;
  let running: Running | undefined;
  let browser: Browser | undefined;
  let p: PlaygroundPage;
  const errors: string[] = [];

  before(async function () {
    browser = await launchChromium(this);
    dir = mkdtempSync(join(tmpdir(), 'toivo-refusal-'));
    store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
    const clock = new SimulatedClock();
    running = await startServer({ port: 0, host: '127.0.0.1' }, [
      playground(new App(store, { clock }), clock),
    ]);
  });

  beforeEach(async () => {
    p = await PlaygroundPage.newPage(browser as Browser, `${running?.url}`, errors);
  });

  afterEach(async () => {
    await p?.page.close();
    assert.deepEqual(errors.splice(0), [], 'the page threw');
  });

  after(async () => {
    await browser?.close();
    await running?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** What the inputs of `form` hold, label → value, for the labels Sanna typed into. */
  const held = (form: Locator) =>
    Promise.all(TYPED.map(async ([label]) => [label, await p.field(form, label).inputValue()]));

  for (const side of ['teams', 'slack'] as const satisfies readonly Side[])
    it(`an invitation for yesterday, sent on the ${side} side: every value stays, and why is said at the date`, async () => {
      const form = p.card('invitation-form', side);
      for (const [label, value] of TYPED) await p.fill(form, label, value);
      await p.field(form, T('card.invitation-form.role')).selectOption({ label: capital(T('role.close')) });
      await p.press(form, T('card.invitation-form.send'));

      assert.deepEqual(await held(form), TYPED, 'every value as typed');
      assert.equal(
        await p.field(form, T('card.invitation-form.role')).inputValue(),
        'close',
        'the row’s role as chosen',
      );
      // On both sides: Teams says it above the date, Slack under it, as each platform shows it.
      shows(await p.text(p.card('invitation-form', 'teams')), PAST_START);
      const slackError = p.card('invitation-form', 'slack').locator('.sk-error');
      assert.equal(await slackError.innerText(), PAST_START);
      const date = p.field(p.card('invitation-form', 'slack'), T('card.invitation.date'));
      assert.equal(await date.getAttribute('aria-invalid'), 'true', 'the date is marked for a screen reader');
      shows(await p.text(p.page.locator('#notice')), PAST_START);

      // The date put right, the same form calls the meeting together.
      await p.fill(form, T('card.invitation.date'), inDays(3));
      await p.press(form, T('card.invitation-form.send'));
      assert.equal(await p.text(p.page.locator('#notice')), '');
      shows(await p.text(board(p)), T('card.board.title'), AINO, LIISA);
    });

  it('the commitment form’s Slack modal with a past due date: the typed text stays, and why is said under the date', async () => {
    const form = p.card('invitation-form');
    for (const [label, value] of TYPED) await p.fill(form, label, value);
    await p.fill(form, T('card.invitation.date'), inDays(3));
    await p.press(form, T('card.invitation-form.send'));
    await p.tick(board(p), T('card.board.input.present'), SANNA, AINO, LIISA);
    await p.press(board(p), T('card.board.action.start'));
    for (let i = 0; i < 4; i++) await skipPart(p, 'Lyhyt kokous');
    await p.press(board(p, 'slack'), T('card.commitments.add'));
    const modal = p.form('slack');
    const what = 'Yhteinen aamupala arkiaamuisin';
    await p.fill(modal, T('card.commitment-form.what'), what);
    await p.choose(modal, T('card.commitment-form.owner'), LIISA);
    await p.fill(modal, T('card.commitments.due'), inDays(-2));
    await p.fill(modal, T('card.commitment-form.others'), 'Opettaja');
    await p.press(modal, T('card.commitment-form.save_add'));

    assert.equal(await p.form('slack').count(), 1, 'the modal is still open');
    assert.equal(await p.field(modal, T('card.commitment-form.what')).inputValue(), what);
    assert.equal(await p.field(modal, T('card.commitments.due')).inputValue(), inDays(-2));
    assert.equal(await p.field(modal, T('card.commitment-form.others')).inputValue(), 'Opettaja');
    const owner = p.field(modal, T('card.commitment-form.owner'));
    assert.equal(
      await owner.locator('option:checked').innerText(),
      await p.choices(modal, T('card.commitment-form.owner')).then((c) => c.find((x) => x.startsWith(LIISA))),
    );
    const due = describeRejection('fi', {
      rejected: true,
      code: 'input.date_in_past',
      params: { field: 'due' },
    });
    assert.equal(await modal.locator('.sk-error').innerText(), due);

    await p.fill(modal, T('card.commitments.due'), inDays(7));
    await p.press(modal, T('card.commitment-form.save_add'));
    assert.equal(await p.form('slack').count(), 0, 'saved, the form closes');
    shows(await p.text(p.card('commitments')), what);
  });
});
