/**
 * A button that acts on a person chosen on its card, pressed with nobody chosen, is answered
 * "choose a person first" (in the viewer's language), never "that person is not in the meeting",
 * whether it came from Teams (Action.Execute or its Action.Submit fallback) or from Slack (a
 * button in a message or a modal, or a modal's own submit).
 */
import assert from 'node:assert/strict';
import { buildCard, buildSlack, FORMS } from '../../src/cards/cards.js';
import { verbOfActionId } from '../../src/cards/slack/actions.js';
import { fromBlockActions, fromViewSubmission } from '../../src/cards/slack/submission.js';
import type { Block, Button, ModalView } from '../../src/cards/slack/types.js';
import { commandsOf, type Submission } from '../../src/cards/submit.js';
import { fromTeamsInvoke, fromTeamsSubmit } from '../../src/cards/teams/submission.js';
import { isRejection, type Meeting, reject } from '../../src/core/index.js';
import { describeRejection, t } from '../../src/i18n/index.js';
import { drawings } from './every-card.js';
import { blockActions, viewSubmission } from './slack-payloads.js';
import { elementsIn } from './support.js';

/** The input each button takes its person from. */
const CHOOSES: Readonly<Record<string, string>> = {
  'floor.give': 'floorTo',
  'chair.assign': 'newChairId',
  'notetaker.assign': 'newNoteTakerId',
  'responsible.assign': 'responsibleId',
  'commitment.add': 'ownerId',
  'commitment.edit': 'ownerId',
  'account.claim': 'claimFor',
};
/** The surfaces where people are chosen. */
const SURFACES = ['board', 'invitation', 'commitment-form', 'followup-form', 'feedback-poll'] as const;
/** Whoever pressed: an account the channel authenticated (someone claiming a place has no other). */
const WHO = { account: 'slack:T0TOIVO:U0SOMEONE' };

type Data = Readonly<Record<string, unknown>>;

/** The input a button needs a person in, if it needs one: its own, or whom it acts for. */
function personInput(verb: string, data: Data): string | undefined {
  if (String(data.behalf) === 'true') return 'onBehalfOf';
  // A raised hand's own button ("give the floor in between: Pekka") names its person itself.
  if (verb === 'floor.give' && data.handId) return undefined;
  return CHOOSES[verb];
}

/** Every input of a card left as Teams sends an input nobody filled in: empty. */
const emptyInputs = (card: unknown): Record<string, string> =>
  Object.fromEntries(
    elementsIn(card)
      .filter((n) => String(n.type).startsWith('Input.'))
      .map((n) => [String(n.id), '']),
  );

const slackButtons = (blocks: readonly Block[]): Button[] =>
  blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));

interface Press {
  readonly how: string;
  readonly verb: string;
  readonly field: string;
  readonly sub: Submission | undefined;
}

/** Every press, on Teams and on Slack, of a button that acts on a person, with no person chosen. */
function* emptyPresses(surface: (typeof SURFACES)[number]): Generator<Press & { m: Meeting; what: string }> {
  for (const { what, ctx } of drawings(surface)) {
    const m = ctx.meeting;
    if (!m) continue;
    const card = buildCard(surface, ctx);
    const empty = emptyInputs(card);
    for (const action of elementsIn(card).filter((n) => n.type === 'Action.Execute')) {
      const verb = String(action.verb);
      const data = (action.data ?? {}) as Data;
      const field = personInput(verb, data);
      if (!field || !(field in empty)) continue;
      const fallback = action.fallback as { data?: Data } | undefined;
      const invoke = {
        action: { type: 'Action.Execute', verb, data: { ...data, ...empty } },
        trigger: 'manual',
      };
      yield { m, what, how: 'Teams', verb, field, sub: fromTeamsInvoke(invoke) };
      // What Teams sends for an input nobody touched may be nothing at all.
      yield {
        m,
        what,
        how: 'Teams',
        verb,
        field,
        sub: fromTeamsInvoke({ action: { ...invoke.action, data } }),
      };
      yield { m, what, how: 'Teams', verb, field, sub: fromTeamsSubmit({ ...fallback?.data, ...empty }) };
    }
    const slack = buildSlack(surface, ctx);
    for (const button of slackButtons(slack.blocks)) {
      const verb = verbOfActionId(button.action_id);
      if (!verb || button.value === undefined) continue;
      const field = personInput(verb, JSON.parse(button.value) as Data);
      if (!field || !(field in empty)) continue;
      yield {
        m,
        what,
        how: 'Slack',
        verb,
        field,
        sub: fromBlockActions(blockActions(slack.blocks, button, {})),
      };
    }
    if (FORMS.has(surface) && (slack as ModalView).private_metadata) {
      const modal = slack as ModalView;
      const { verb, data } = JSON.parse(modal.private_metadata ?? '{}') as { verb: string; data: Data };
      const field = personInput(verb, data);
      if (field && field in empty)
        yield { m, what, how: 'Slack', verb, field, sub: fromViewSubmission(viewSubmission(modal, {})) };
    }
  }
}

describe('a person’s choice left empty', () => {
  it('is refused as "choose a person first", from Teams and from Slack, on every card that asks for one', () => {
    const pressed = new Set<string>();
    for (const surface of SURFACES) {
      for (const { m, what, how, verb, field, sub } of emptyPresses(surface)) {
        const where = `${how} ${verb} on ${what}`;
        assert.ok(sub, `${where}: the press was not read`);
        const routed = commandsOf(sub, m, WHO);
        assert.deepEqual(routed, reject('input.no_person', { field }), where);
        pressed.add(`${how} ${field === 'onBehalfOf' ? 'on behalf' : verb}`);
      }
    }
    const asked = ['floor.give', 'chair.assign', 'notetaker.assign', 'responsible.assign', 'commitment.add'];
    for (const how of ['Teams', 'Slack']) {
      for (const verb of [...asked, 'account.claim', 'on behalf'])
        assert.ok(pressed.has(`${how} ${verb}`), `no ${verb} was pressed on ${how}`);
    }
  });

  it('says so in each language, naming what to choose, and not that the person is unknown', () => {
    for (const locale of ['fi', 'sv', 'en'] as const) {
      for (const field of [...new Set(Object.values(CHOOSES)), 'onBehalfOf']) {
        const said = describeRejection(locale, reject('input.no_person', { field }));
        assert.ok(said.includes(t(locale, `field.${field}`)), `${locale} ${field}: ${said}`);
        assert.notEqual(said, describeRejection(locale, reject('participant.unknown')));
      }
    }
    assert.equal(
      describeRejection('fi', reject('input.no_person', { field: 'floorTo' })),
      'Valitse ensin henkilö kohtaan ”kenelle puheenvuoro annetaan”.',
    );
  });

  it('a chosen person still goes through to the core', () => {
    const d = [...drawings('board')].find((x) => x.ctx.meeting?.phase === 'discussion' && x.ctx.viewerId);
    const m = d?.ctx.meeting;
    assert.ok(m);
    const client = m.participants.find((p) => p.role === 'client');
    const routed = commandsOf(
      { verb: 'floor.give', fields: { meetingId: m.id, floorTo: client?.id ?? '' } },
      m,
      WHO,
    );
    assert.ok(!isRejection(routed) && routed.kind === 'commands', JSON.stringify(routed));
    assert.deepEqual(routed.commands, [{ type: 'floor.give', participantId: client?.id }]);
  });
});
