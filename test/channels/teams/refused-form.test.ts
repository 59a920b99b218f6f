/**
 * A refused form in Teams keeps what was typed: the click is answered with the same form, every
 * input holding what was sent, and why it was refused written right above the input to change.
 * Through Toivo's server, botbuilder's real authentication and a fake Bot Connector.
 */
import assert from 'node:assert/strict';
import { describeRejection, t } from '../../../src/i18n/index.js';
import {
  actionsOf,
  answered,
  cardOf,
  defaultsOf,
  invitationBy,
  type Json,
  TeamsBot,
  textOf,
} from './teams-bot.js';

const T = (key: string) => t('fi', key);
const CHAT = { id: '19:refused_form@thread.v2', conversationType: 'groupChat' as const };
const SANNA = { id: '29:sanna', aadObjectId: '00000000-0000-4000-8000-00000000b001', name: 'Sanna Korhonen' };
const LIISA = 'Liisa Laine';
const AINO_ID = '00000000-0000-4000-8000-00000000b002';

/** The choices of the input `id`. */
function choicesOf(card: unknown, id: string): unknown {
  let found: unknown;
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) for (const y of x) walk(y);
    else if (x && typeof x === 'object') {
      if ((x as Json).id === id) found = (x as Json).choices;
      for (const v of Object.values(x)) walk(v);
    }
  };
  walk(card);
  return found;
}

/** Yesterday, as a date input takes it. */
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

/** The text right above the input `id`, in the list of elements that holds it. */
function aboveInput(card: unknown, id: string): Json | undefined {
  let found: Json | undefined;
  const walk = (x: unknown): void => {
    if (Array.isArray(x))
      x.forEach((y, i) => {
        if ((y as Json | null)?.id === id) found = x[i - 1] as Json | undefined;
        walk(y);
      });
    else if (x && typeof x === 'object') for (const v of Object.values(x)) walk(v);
  };
  walk(card);
  return found;
}

describe('Teams: a refused form comes back as it was sent, saying why next to the input', function () {
  this.timeout(30_000);
  const bot = new TeamsBot(CHAT);
  before(() => bot.start());
  after(() => bot.stop());

  /** "@Toivo new": the invitation form posted in the chat, and its send action. */
  async function form(): Promise<{ card: Json; data: Json; id: string }> {
    await bot.say(SANNA, 'new');
    const posted = bot.connector.activities(CHAT.id).at(-1);
    const card = cardOf(posted);
    const send = actionsOf(card).find((a) => a.verb === 'meeting.create');
    assert.ok(send, 'the form sends the invitation');
    return { card, data: send.data, id: String((posted?.result as { id?: string } | undefined)?.id) };
  }

  it('an invitation for yesterday: the form with everything typed, the refusal above the date', async () => {
    const { card, data, id } = await form();
    const typed = invitationBy(SANNA.name, {
      date: yesterday(),
      topics: 'Koulupoissaolot\nArjen rytmi',
      durationMinutes: '60',
      convenerOrganisation: 'Lastensuojelu',
      // Aino found with the people picker: the form that comes back shows her name, not her id.
      clientAccount: AINO_ID,
      invitee1Name: LIISA,
      invitee1Role: 'close',
      invitee1Account: 'no',
      invitee1Relation: 'äiti',
    });
    const sent = { ...defaultsOf(card), ...typed };
    bot.connector.reset();
    const back = answered(await bot.click(SANNA, 'meeting.create', { ...data, ...sent }, id));
    assert.deepEqual(defaultsOf(back), sent, 'every input holds what was sent');
    const why = describeRejection('fi', {
      rejected: true,
      code: 'input.time_in_past',
      params: { field: 'startsAt' },
    });
    assert.equal(aboveInput(back, 'date')?.text, why, 'why, right above the date');
    assert.equal(textOf(back).split(why).length - 1, 1, 'said once');
    assert.deepEqual(
      (choicesOf(back, 'clientAccount') as Json[]).find((c) => c.value === AINO_ID),
      { title: 'Aino Laine', value: AINO_ID },
      'the picked person is named',
    );
    assert.ok(textOf(back).includes(T('card.invitation-form.title')), 'the same form');
    assert.deepEqual(bot.connector.activities(CHAT.id), [], 'nothing was posted: no meeting was called');

    // The date put right on the card that came back, it sends the invitation.
    const send = actionsOf(back).find((a) => a.verb === 'meeting.create');
    assert.ok(send, 'the form that came back sends the invitation too');
    const invitation = answered(
      await bot.click(SANNA, 'meeting.create', { ...send.data, ...sent, date: invitationBy('').date }, id),
    );
    assert.ok(textOf(invitation).includes(T('card.invitation.title')), textOf(invitation).slice(0, 200));
  });

  it('the same person twice: the refusal above the row that repeats the name', async () => {
    const { card, data, id } = await form();
    const sent = {
      ...defaultsOf(card),
      ...invitationBy(SANNA.name, {
        invitee1Name: LIISA,
        invitee1Account: 'no',
        invitee2Name: LIISA,
        invitee2Account: 'no',
      }),
    };
    const back = answered(await bot.click(SANNA, 'meeting.create', { ...data, ...sent }, id));
    assert.deepEqual(defaultsOf(back), sent);
    const why = describeRejection('fi', {
      rejected: true,
      code: 'participant.duplicate',
      params: { name: LIISA },
    });
    assert.equal(aboveInput(back, 'invitee2Name')?.text, why);
    assert.equal(textOf(back).split(why).length - 1, 1, 'not above the first of them');
  });
});
