/**
 * A meeting's records once it is over: the board offers its export to the convener, the chair and
 * the responsible worker, and erasing it to the convener and the responsible worker; the export
 * card gives the download links; the erase form says what goes; and a shared card of an erased
 * meeting says only that it was erased.
 */
import assert from 'node:assert/strict';
import { type Decided, deliveriesFor, SHARED_SURFACES } from '../../src/app/deliveries.js';
import { buildCard, buildSlack, FORMS, SHARED } from '../../src/cards/cards.js';
import type { ModalView, SlackMessage } from '../../src/cards/slack/types.js';
import { VERBS } from '../../src/cards/verbs.js';
import type { ViewContext } from '../../src/cards/view-models/common.js';
import {
  erasePerson,
  LOCALES,
  type Locale,
  type Meeting,
  type Participant,
  replay,
} from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import type { MeetingDriver } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting, STAGES } from '../support/realistic-meeting.js';
import { assertSlackBlocks, assertSlackModal } from './slack-support.js';
import { assertValidCard, type CardNode, elementsIn } from './support.js';

/** The card's own buttons (an Execute's Submit fallback repeats it, and is left out). */
function buttons(card: unknown): CardNode[] {
  const found: CardNode[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) for (const item of node) walk(item);
    else if (node && typeof node === 'object') {
      const n = node as CardNode;
      if (n.type === 'Action.Execute' || n.type === 'Action.OpenUrl') found.push(n);
      for (const [key, value] of Object.entries(n)) if (key !== 'fallback') walk(value);
    }
  };
  walk(card);
  return found;
}

const verbs = (card: unknown): string[] => buttons(card).flatMap((b) => (b.verb ? [String(b.verb)] : []));
const RECORDS = [VERBS.openExport, VERBS.openEraseForm] as const;
const records = (card: unknown): string[] => verbs(card).filter((v) => RECORDS.includes(v as never));

const board = (m: Meeting, now: string, viewerId: string | undefined, more: Partial<ViewContext> = {}) =>
  buildCard('board', { locale: 'en', meeting: m, now, ...(viewerId ? { viewerId } : {}), ...more });

/** The meeting with `who` taken off the chat: they still hold their role. */
const withoutAccount = (m: Meeting, who: string): Meeting => ({
  ...m,
  participants: m.participants.map((p): Participant => {
    if (p.id !== who) return p;
    const { chatUserId: _, ...rest } = p;
    return rest;
  }),
});

function cancelled(): MeetingDriver {
  const d = realisticMeeting('invited', 'en');
  d.do(P.social, { type: 'meeting.cancel', reason: 'Aino on sairaana' });
  return d;
}

describe('the closed board’s records', () => {
  it('offers the export to the convener, the chair and the responsible worker, and erasing to the convener and the responsible worker', () => {
    const d = realisticMeeting('closed', 'en');
    assert.equal(d.m.convenerId, d.id(P.social));
    assert.equal(d.m.responsibleId, d.id(P.social));
    assert.equal(d.m.chairId, d.id(P.youth));
    const offered = Object.fromEntries(
      Object.values(P).map((name) => [name, records(board(d.m, d.now, d.id(name)))]),
    );
    assert.deepEqual(offered, {
      [P.client]: [],
      [P.mother]: [],
      [P.grandfather]: [],
      [P.teacher]: [],
      [P.social]: ['ui.export', 'ui.erase_form'],
      [P.nurse]: [],
      [P.youth]: ['ui.export'],
    });
    const card = board(d.m, d.now, d.id(P.social));
    assert.equal(buttons(card).find((b) => b.verb === 'ui.export')?.title, 'Export for the client record');
    assert.equal(buttons(card).find((b) => b.verb === 'ui.erase_form')?.title, 'Erase…');
    assert.ok(elementsIn(card).some((n) => n.text === t('en', 'card.records.hint')));
  });

  it('gives the convener alone erasing when the responsible worker is someone else', () => {
    const d = realisticMeeting('followup', 'en');
    d.do(P.youth, { type: 'responsible.assign', participantId: d.id(P.teacher) });
    d.do(P.client, { type: 'followup.confirm' });
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.youth, d.closeAnyway());
    assert.deepEqual(records(board(d.m, d.now, d.id(P.teacher))), ['ui.export', 'ui.erase_form']);
    assert.deepEqual(records(board(d.m, d.now, d.id(P.social))), ['ui.export', 'ui.erase_form']);
    assert.deepEqual(records(board(d.m, d.now, d.id(P.youth))), ['ui.export']);
    assert.deepEqual(records(board(d.m, d.now, d.id(P.nurse))), []);
  });

  it('sends the meeting and the version seen with each, and a Submit fallback with the same', () => {
    const d = realisticMeeting('closed', 'en');
    for (const b of buttons(board(d.m, d.now, d.id(P.social))).filter((x) => records([x]).length)) {
      assert.deepEqual(b.data, { meetingId: d.m.id, version: d.m.version });
      assert.deepEqual((b.fallback as CardNode).data, { verb: b.verb, ...(b.data as object) });
    }
  });

  it('offers them on a cancelled meeting too, to its convener', () => {
    const d = cancelled();
    assert.deepEqual(records(board(d.m, d.now, d.id(P.social))), ['ui.export', 'ui.erase_form']);
    for (const name of [P.client, P.mother, P.youth, P.teacher])
      assert.deepEqual(records(board(d.m, d.now, d.id(name))), [], name);
  });

  it('offers them only once the meeting is over', () => {
    for (const stage of STAGES.filter((s) => s !== 'closed')) {
      const d = realisticMeeting(stage, 'en');
      for (const p of d.m.participants)
        assert.deepEqual(records(board(d.m, d.now, p.id)), [], `${stage}, ${p.name}`);
    }
  });

  it('never where people outside the meeting read along: there each opens their own view', () => {
    for (const d of [realisticMeeting('closed', 'en'), cancelled()]) {
      const exposed = board(d.m, d.now, d.id(P.social), { exposed: true });
      assert.deepEqual(records(exposed), [], d.m.phase);
      assert.ok(verbs(exposed).includes(VERBS.openMyView), `${d.m.phase}: one's own view is offered`);
      assert.deepEqual(records(board(d.m, d.now, undefined)), [], `${d.m.phase}: nobody in particular`);
    }
  });

  it('never to someone without a chat account, whatever their role', () => {
    const d = realisticMeeting('closed', 'en');
    const social = d.id(P.social);
    const youth = d.id(P.youth);
    assert.deepEqual(records(board(withoutAccount(d.m, social), d.now, social)), []);
    assert.deepEqual(records(board(withoutAccount(d.m, youth), d.now, youth)), []);
    const c = cancelled();
    assert.deepEqual(records(board(withoutAccount(c.m, social), c.now, social)), []);
  });
});

describe('what a click on the records sends', () => {
  const click = (d: MeetingDriver, name: string, verb: string): Decided => {
    const p = d.m.participants.find((x) => x.name === name);
    assert.ok(p?.chatUserId);
    return {
      verb: verb as Decided['verb'],
      fields: { meetingId: d.m.id, version: String(d.m.version) },
      who: { account: p.chatUserId, participantId: p.id },
      before: d.m,
      after: d.m,
      events: [],
      now: d.now,
    };
  };

  it('sends the export card privately to whoever the board offers it, and nothing to anyone else', () => {
    for (const d of [realisticMeeting('closed', 'en'), cancelled()]) {
      for (const p of d.m.participants.filter((x) => x.chatUserId)) {
        const sent = deliveriesFor(click(d, p.name, VERBS.openExport));
        const offered = records(board(d.m, d.now, p.id)).includes(VERBS.openExport);
        if (!offered) {
          assert.deepEqual(sent, [], `${d.m.phase}: nothing for ${p.name}`);
          continue;
        }
        assert.equal(sent.length, 1, `${d.m.phase}: one message for ${p.name}`);
        const [only] = sent;
        assert.ok(only?.kind === 'direct');
        assert.equal(only.surface, 'export');
        assert.deepEqual(only.to, { account: p.chatUserId, participantId: p.id });
        assert.equal(only.view.meeting, d.m);
        assert.equal(only.view.viewerId, p.id);
      }
    }
  });

  it('opens the erase form for whoever the board offers it, and for nobody else', () => {
    const d = realisticMeeting('closed', 'en');
    for (const p of d.m.participants.filter((x) => x.chatUserId)) {
      const sent = deliveriesFor(click(d, p.name, VERBS.openEraseForm));
      const offered = records(board(d.m, d.now, p.id)).includes(VERBS.openEraseForm);
      assert.deepEqual(
        sent.map((x) => `${x.kind} ${x.surface}`),
        offered ? ['form erase-form'] : [],
        p.name,
      );
    }
  });
});

describe('the export card', () => {
  const URLS = {
    markdown: 'https://toivo.example/x/m1.md?t=k1',
    json: 'https://toivo.example/x/m1.json?t=k1',
  };
  const draw = (locale: Locale, more: Partial<ViewContext> = {}) => {
    const d = realisticMeeting('closed', locale);
    return { d, ctx: { locale, now: d.now, meeting: d.m, viewerId: d.id(P.social), ...more } };
  };
  const texts = (card: unknown) =>
    elementsIn(card)
      .flatMap((n) => (n.type === 'TextBlock' ? [String(n.text)] : []))
      .join('\n');

  it('says what the export holds, and gives the two download links, personal and for a limited time', () => {
    for (const locale of LOCALES) {
      const { ctx } = draw(locale, { exportUrls: URLS });
      const card = buildCard('export', ctx);
      assertValidCard(card, locale);
      assert.ok(!FORMS.has('export'), 'a message, not a form');
      const links = buttons(card).map((b) => [b.type, b.url, b.title]);
      assert.deepEqual(links, [
        ['Action.OpenUrl', URLS.markdown, t(locale, 'card.export.markdown')],
        ['Action.OpenUrl', URLS.json, t(locale, 'card.export.json')],
      ]);
      const text = texts(card);
      for (const key of ['memos', 'recorded', 'access', 'feedback'])
        assert.ok(text.includes(t(locale, `card.export.holds.${key}`)), `${locale}: ${key}`);
      assert.ok(text.includes(t(locale, 'card.export.personal')));
      assert.ok(!text.includes('PUBLIC_URL'));
      const slack = JSON.stringify(buildSlack('export', ctx));
      assert.ok(slack.includes(URLS.markdown) && slack.includes(URLS.json), `${locale}: Slack links`);
    }
    assert.match(
      buttons(buildCard('export', draw('en', { exportUrls: URLS }).ctx))[0]?.title as string,
      /^Markdown/,
    );
  });

  it('without links says that they need the server’s public address, and whom to ask', () => {
    for (const locale of LOCALES) {
      const { ctx } = draw(locale);
      const card = buildCard('export', ctx);
      assertValidCard(card, locale);
      assert.deepEqual(buttons(card), []);
      const text = texts(card);
      assert.ok(text.includes(t(locale, 'card.export.no_public_url')), locale);
      assert.match(text, /PUBLIC_URL/);
      assert.ok(!text.includes(t(locale, 'card.export.personal')));
      assertSlackBlocks((buildSlack('export', ctx) as SlackMessage).blocks, 'message');
    }
  });
});

describe('the erase form', () => {
  const form = (d: MeetingDriver, viewer: string, locale: Locale = 'en') =>
    buildCard('erase-form', { locale, now: d.now, meeting: d.m, viewerId: viewer });
  const choiceSet = (card: unknown) => {
    const input = elementsIn(card).find((n) => n.type === 'Input.ChoiceSet');
    assert.ok(input, 'a choice of what to erase');
    return input as CardNode & { choices: { title: string; value: string }[] };
  };

  it('offers the whole meeting, and each other person on their own, under a label, and must be answered', () => {
    const d = realisticMeeting('closed', 'en');
    const social = d.id(P.social);
    const input = choiceSet(form(d, social));
    assert.equal(input.id, 'eraseWhat');
    assert.equal(input.label, 'What to erase');
    assert.equal(input.isRequired, true);
    assert.ok(typeof input.errorMessage === 'string' && input.errorMessage.length > 0);
    assert.equal(input.value, undefined, 'nothing is chosen for the person erasing');
    const others = d.m.participants.filter((p) => p.id !== social);
    assert.deepEqual(
      input.choices.map((c) => c.value),
      ['meeting', ...others.map((p) => p.id)],
    );
    assert.equal(
      input.choices[0]?.title,
      'The whole meeting and everything in it (and its follow-up meetings)',
    );
    assert.ok(input.choices.some((c) => c.title === 'Liisa Laine (close one) – only this person'));
    assert.ok(!input.choices.some((c) => c.title.includes(P.social)), 'not the one erasing');
  });

  it('says plainly that erasing cannot be undone', () => {
    const d = realisticMeeting('closed', 'en');
    const text = JSON.stringify(form(d, d.id(P.social)));
    assert.ok(text.includes('Erasing cannot be undone.'));
  });

  it('does not offer someone already erased', () => {
    const d = realisticMeeting('closed', 'en');
    const mother = d.id(P.mother);
    const { events, parts } = erasePerson(d.events, {
      participantId: mother,
      names: [P.mother],
      standIn: t('en', 'person.erased'),
    });
    const m = replay([
      ...events,
      { type: 'participant.erased', at: d.now, participantId: mother, ...parts },
    ]) as Meeting;
    const card = buildCard('erase-form', { locale: 'en', now: d.now, meeting: m, viewerId: d.id(P.social) });
    const offered = choiceSet(card).choices.map((c) => c.value);
    assert.ok(!offered.includes(mother));
    assert.ok(offered.includes(d.id(P.grandfather)), 'the others are offered');
  });

  it('submits meeting.erase with the meeting and the version seen', () => {
    const d = realisticMeeting('closed', 'en');
    const [submit, ...more] = buttons(form(d, d.id(P.social)));
    assert.ok(submit);
    assert.deepEqual(more, []);
    assert.equal(submit.verb, 'meeting.erase');
    assert.equal(submit.title, 'Erase for good');
    assert.deepEqual(submit.data, { meetingId: d.m.id, version: d.m.version });
    assert.deepEqual((submit.fallback as CardNode).data, {
      verb: 'meeting.erase',
      meetingId: d.m.id,
      version: d.m.version,
    });
  });

  it('is a Slack modal whose submit and choices fit whole, in every language', () => {
    assert.ok(FORMS.has('erase-form'));
    for (const locale of LOCALES) {
      const d = realisticMeeting('closed', locale);
      const viewer = d.id(P.social);
      const ctx = { locale, now: d.now, meeting: d.m, viewerId: viewer };
      const modal = buildSlack('erase-form', ctx) as ModalView;
      assertSlackModal(modal);
      assert.equal(modal.submit?.text, t(locale, 'card.erase.submit'), `${locale}: the submit is not cut`);
      assert.deepEqual(JSON.parse(modal.private_metadata ?? '{}'), {
        verb: 'meeting.erase',
        data: { meetingId: d.m.id, version: d.m.version },
      });
      const options = modal.blocks.flatMap((b) =>
        b.type === 'input' && 'options' in b.element ? b.element.options : [],
      );
      assert.deepEqual(
        options.map((o) => o.text.text),
        choiceSet(buildCard('erase-form', ctx)).choices.map((c) => c.title),
        `${locale}: no choice is cut`,
      );
    }
  });

  it('keeps a choice for someone with a very long name within Slack’s 75 characters, the name cut', () => {
    const d = realisticMeeting('closed', 'sv');
    const long = 'Maria-Kristiina Bergström-Lindqvist von Hertzen-Åkerblom';
    const teacher = d.id(P.teacher);
    const m = {
      ...d.m,
      participants: d.m.participants.map((p) => (p.id === teacher ? { ...p, name: long } : p)),
    };
    const card = buildCard('erase-form', { locale: 'sv', now: d.now, meeting: m, viewerId: d.id(P.social) });
    const title = choiceSet(card).choices.find((c) => c.value === teacher)?.title ?? '';
    assert.ok(title.length <= 75, `${title.length}: ${title}`);
    assert.match(title, /… \(arbetstagare\) – bara den här personen$/);
  });
});

describe('a shared card of an erased meeting', () => {
  it('is the same set of cards as the conversation shows', () => {
    assert.deepEqual([...SHARED].sort(), [...SHARED_SURFACES].sort());
  });

  it('says the meeting was erased, in Teams and in Slack, with no meeting needed', () => {
    for (const locale of LOCALES) {
      const message = t(locale, 'card.notice.info.meeting_erased');
      for (const surface of SHARED) {
        const ctx: ViewContext = { locale, now: '2027-02-01T10:00:00+02:00', erased: true };
        const card = buildCard(surface, ctx);
        assertValidCard(card, `${surface} ${locale}`);
        assert.ok(
          elementsIn(card).some((n) => n.text === message),
          `${surface} ${locale}: says it was erased`,
        );
        assert.deepEqual(buttons(card), [], `${surface} ${locale}: nothing to press`);
        const slack = buildSlack(surface, ctx) as SlackMessage;
        assertSlackBlocks(slack.blocks, 'message');
        assert.ok(JSON.stringify(slack.blocks).includes(message), `${surface} ${locale}: in Slack too`);
        assert.ok(!slack.blocks.some((b) => b.type === 'actions'), `${surface} ${locale}: no Slack buttons`);
      }
    }
  });

  it('shows nothing of the meeting even when the meeting is still given', () => {
    const d = realisticMeeting('closed', 'fi');
    const m = d.m;
    const content = [
      m.invitation.purpose,
      ...m.invitation.topics,
      ...m.participants.map((p) => p.name),
      ...m.commitments.map((c) => c.what),
      ...m.notes.map((n) => n.text),
      m.clientWish ?? '',
      m.id,
    ].filter((x) => x.length > 1);
    for (const surface of SHARED) {
      for (const viewer of [d.id(P.social), undefined]) {
        const ctx: ViewContext = {
          locale: 'fi',
          now: d.now,
          meeting: m,
          events: d.events,
          erased: true,
          ...(viewer ? { viewerId: viewer } : {}),
        };
        for (const drawn of [buildCard(surface, ctx), buildSlack(surface, ctx)]) {
          const json = JSON.stringify(drawn);
          for (const x of content) assert.ok(!json.includes(x), `${surface}: shows "${x}"`);
        }
      }
    }
  });

  it('leaves other cards as they are: a notice about one person erased keeps its meeting', () => {
    const d = realisticMeeting('closed', 'en');
    const card = buildCard('notice', {
      locale: 'en',
      now: d.now,
      meeting: d.m,
      viewerId: d.id(P.social),
      info: 'person_erased',
    });
    const text = JSON.stringify(card);
    assert.ok(text.includes(t('en', 'card.notice.info.person_erased')));
    assert.ok(text.includes(t('en', 'card.notice.erased_title')));
    assert.ok(!text.includes(P.mother), 'names nobody');
  });
});
