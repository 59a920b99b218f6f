/** Each one's view on the cards: the record keepers' button and form, and the memo's section. */
import assert from 'node:assert/strict';
import { buildCard } from '../../src/cards/cards.js';
import { buildMemo } from '../../src/cards/memo-markdown.js';
import { refusedForm, withRefusal } from '../../src/cards/refill.js';
import { renderCard } from '../../src/cards/render.js';
import { commandsOf } from '../../src/cards/submit.js';
import { VERBS } from '../../src/cards/verbs.js';
import { boardView } from '../../src/cards/view-models/board.js';
import { memoView } from '../../src/cards/view-models/memo.js';
import { viewFormView } from '../../src/cards/view-models/view-form.js';
import { LIMITS, type Locale, reject } from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import type { MeetingDriver } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';
import { elementsIn } from './support.js';

/** "Why we are here" with Aino, the client, on the floor: the youth worker chairs, the nurse keeps the notes. */
function clientSpeaks(): MeetingDriver {
  const d = realisticMeeting('roles');
  d.do(P.youth, { type: 'phase.next' });
  d.do(P.youth, { type: 'floor.next' });
  return d;
}

const board = (d: MeetingDriver, viewer: string, locale: Locale = 'fi', exposed = false) =>
  renderCard('board', boardView({ locale, meeting: d.m, now: d.now, viewerId: d.id(viewer), exposed }));

/** The buttons that open a view form, as [label, whose view]. */
const viewButtons = (card: unknown) =>
  elementsIn(card)
    .filter((n) => n.type === 'Action.Execute' && n.verb === VERBS.openViewForm)
    .map((n) => [n.title, (n.data as Record<string, string>).participantId]);

const texts = (card: unknown) =>
  elementsIn(card)
    .flatMap((n) => (n.type === 'TextBlock' ? [String(n.text)] : []))
    .join('\n');

function shows(text: string, part: string): void {
  assert.ok(text.includes(part), `expected "${part}" in:\n${text}`);
}

const inputValues = (card: unknown) =>
  Object.fromEntries(
    elementsIn(card)
      .filter((n) => n.type === 'Input.Text')
      .map((n) => [n.id, n.value ?? '']),
  );

describe('each one’s view on the cards', () => {
  it('the chair and the note-taker get a button for the speaker’s view, and for the one just heard', () => {
    const d = clientSpeaks();
    const aino = d.id(P.client);
    for (const keeper of [P.nurse, P.youth])
      assert.deepEqual(viewButtons(board(d, keeper)), [[`Kirjaa näkemys: ${P.client}`, aino]], keeper);
    d.do(P.client, { type: 'turn.end' });
    d.do(P.youth, { type: 'floor.next' });
    assert.deepEqual(viewButtons(board(d, P.nurse, 'en')), [
      [`Record view: ${P.mother}`, d.id(P.mother)],
      [`Record view: ${P.client}`, aino],
    ]);
  });

  it('nobody else sees anything new: not the speaker, not the others, not a board others read along', () => {
    const d = clientSpeaks();
    d.do(P.nurse, { type: 'view.record', participantId: d.id(P.client), worry: 'Aamut ovat raskaita' });
    for (const viewer of [P.client, P.mother, P.teacher, P.social, P.grandfather]) {
      const card = board(d, viewer);
      assert.deepEqual(viewButtons(card), [], viewer);
      assert.ok(!texts(card).includes(t('fi', 'card.board.views')), viewer);
      assert.ok(!JSON.stringify(card).includes('Aamut ovat raskaita'), viewer);
    }
    assert.deepEqual(viewButtons(board(d, P.nurse, 'fi', true)), []);
  });

  it('the record keeper sees whose views are written down, in the round’s order', () => {
    const d = clientSpeaks();
    const nurseBoard = () => texts(board(d, P.nurse));
    assert.ok(!nurseBoard().includes('Näkemys kirjattu'));
    d.do(P.nurse, { type: 'view.record', participantId: d.id(P.teacher), possibility: 'Tukiopetus' });
    d.do(P.nurse, { type: 'view.record', participantId: d.id(P.client), worry: 'Aamut ovat raskaita' });
    assert.ok(nurseBoard().includes(`Näkemys kirjattu: ${P.client} ja ${P.teacher}`), nurseBoard());
    assert.ok(texts(board(d, P.youth)).includes(`Näkemys kirjattu: ${P.client} ja ${P.teacher}`));
  });

  it('the form holds the view as it stands: the client’s own wish, and what was said before', () => {
    const d = clientSpeaks();
    d.do(P.client, { type: 'wish.record', text: 'Haluan jaksaa koulussa.' });
    const form = (who: string, locale: Locale = 'fi') =>
      renderCard(
        'view-form',
        viewFormView({ locale, meeting: d.m, now: d.now, viewerId: d.id(P.nurse), personId: d.id(who) }),
      );
    const client = form(P.client);
    assert.deepEqual(inputValues(client), {
      viewWish: 'Haluan jaksaa koulussa.',
      viewWorry: '',
      viewPossibility: '',
    });
    assert.ok(texts(client).includes(`Näkemys: ${P.client}`));
    assert.ok(texts(client).includes(t('fi', 'card.view-form.client_wish')));
    d.do(P.nurse, {
      type: 'view.record',
      participantId: d.id(P.mother),
      worry: 'Väsymys',
      possibility: 'Herätys',
    });
    const mother = form(P.mother, 'sv');
    assert.deepEqual(inputValues(mother), { viewWish: '', viewWorry: 'Väsymys', viewPossibility: 'Herätys' });
    assert.ok(
      !texts(mother).includes(t('sv', 'card.view-form.client_wish')),
      'only the client’s wish is hers',
    );
    const save = elementsIn(mother).find((n) => n.type === 'Action.Execute');
    assert.ok(save);
    assert.equal(save.verb, VERBS.viewRecord);
    assert.equal((save.data as Record<string, string>).participantId, d.id(P.mother));
  });

  it('the form’s save becomes one view, and what was emptied is taken out of it', () => {
    const d = clientSpeaks();
    const routed = commandsOf(
      {
        verb: VERBS.viewRecord,
        fields: { meetingId: d.m.id, participantId: 'p3', viewWish: ' Rauhaa ', viewWorry: '' },
      },
      d.m,
    );
    assert.ok('kind' in routed && routed.kind === 'commands');
    const [command] = routed.commands;
    assert.deepEqual(command, {
      type: 'view.record',
      participantId: 'p3',
      wish: ' Rauhaa ',
      worry: '',
      possibility: '',
    });
    d.do(P.nurse, command as NonNullable<typeof command>);
    assert.deepEqual(d.m.views.p3, { wish: 'Rauhaa' });
  });

  it('a refused save keeps the form as typed, and says why above the text that is too long', () => {
    const d = clientSpeaks();
    const fields = {
      meetingId: d.m.id,
      participantId: d.id(P.mother),
      viewWish: 'Rauhaa',
      viewWorry: 'x'.repeat(LIMITS.view + 1),
    };
    const rejection = reject('input.too_long', { field: 'viewWorry', max: LIMITS.view });
    const notice = { locale: 'fi' as const, now: d.now, meeting: d.m, viewerId: d.id(P.nurse), rejection };
    const kept = refusedForm(VERBS.viewRecord, fields, notice);
    assert.ok(kept);
    assert.equal(kept.surface, 'view-form');
    assert.equal(kept.view.personId, d.id(P.mother), 'the same person’s form');
    const { card, input } = withRefusal(buildCard(kept.surface, kept.view), fields, rejection, 'fi');
    assert.equal(input, 'viewWorry');
    assert.equal(inputValues(card).viewWish, 'Rauhaa', 'what was typed stays');
    shows(texts(card), 'Kohta ”huoli” on liian pitkä');
  });

  it('the memo says each one’s view after the client’s wish, in the round’s order, the wish once', () => {
    const d = realisticMeeting('discussion');
    const record = (who: string, said: Record<string, string>) =>
      d.do(P.nurse, { type: 'view.record', participantId: d.id(who), ...said });
    record(P.teacher, { possibility: 'Tukiopetus tiistaisin' });
    // The convener is first on the list, a worker: her view comes after the close ones'.
    record(P.social, { worry: 'Poissaolot' });
    record(P.mother, { wish: 'Rauhalliset aamut', worry: 'Ainon väsymys' });
    record(P.client, { wish: d.m.clientWish ?? '', worry: 'Aamut ovat raskaita' });
    const memo = buildMemo(d.events, 'fi');
    const order = [
      `## Mitä ${P.client} toivoo`,
      '## Kunkin näkemys',
      `### ${P.client} (asiakas)`,
      '- Huoli: Aamut ovat raskaita',
      `### ${P.mother} (läheinen)`,
      '- Toive: Rauhalliset aamut',
      '- Huoli: Ainon väsymys',
      `### ${P.social} (työntekijä)`,
      '- Huoli: Poissaolot',
      `### ${P.teacher} (työntekijä)`,
      '- Oma mahdollisuus: Tukiopetus tiistaisin',
      '## Muistiinpanot',
    ].map((line) => memo.indexOf(line));
    assert.ok(
      order.every((at, i) => at >= 0 && (i === 0 || at > (order[i - 1] ?? 0))),
      `${order}\n${memo}`,
    );
    const wish = d.m.clientWish ?? '';
    assert.equal(memo.split(wish).length - 1, 1, 'the client’s wish is said once');
    // Nobody without a view is named in the section.
    const section = memo.slice(memo.indexOf('## Kunkin näkemys'), memo.indexOf('## Muistiinpanot'));
    assert.ok(!section.includes(P.grandfather) && !section.includes(P.nurse));
  });

  it('the memo card has the section too, in the reader’s language', () => {
    const d = realisticMeeting('discussion');
    d.do(P.nurse, { type: 'view.record', participantId: d.id(P.mother), worry: 'Ainon väsymys' });
    const card = renderCard('memo', memoView({ locale: 'sv', meeting: d.m, now: d.now }));
    assert.ok(texts(card).includes('Var och ens synpunkter'));
    assert.ok(texts(card).includes(`${P.mother} (närstående)`));
    const facts = elementsIn(card).flatMap((n) =>
      n.type === 'FactSet' ? (n.facts as { title: string; value: string }[]) : [],
    );
    assert.ok(facts.some((f) => f.title === 'Oro' && f.value === 'Ainon väsymys'));
    const none = renderCard(
      'memo',
      memoView({ locale: 'sv', meeting: realisticMeeting('discussion').m, now: d.now }),
    );
    assert.ok(!texts(none).includes('Var och ens synpunkter'), 'no section without views');
  });
});
