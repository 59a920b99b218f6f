/**
 * "This is me" on the cards: the invitation offers it only to someone the meeting does not know,
 * the board shows waiting claims only to who may settle them, both stay within Teams' and Slack's
 * limits, and a click becomes the same command on both platforms, with the account the channel
 * vouches for and never one written in the card.
 */
import assert from 'node:assert/strict';
import { type AdaptiveCard, renderCard } from '../../src/cards/render.js';
import { fromBlockActions } from '../../src/cards/slack/submission.js';
import { toSlackMessage } from '../../src/cards/slack/translate.js';
import type { Block, Button } from '../../src/cards/slack/types.js';
import { commandsOf, type Submission } from '../../src/cards/submit.js';
import { fromTeamsInvoke } from '../../src/cards/teams/submission.js';
import { boardView } from '../../src/cards/view-models/board.js';
import { invitationView } from '../../src/cards/view-models/invitation.js';
import {
  type Command,
  decide,
  isRejection,
  LOCALES,
  type Locale,
  type PersonInput,
} from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import { claim } from '../support/accounts.js';
import { MeetingDriver } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';
import { actionsOf, assertGoodCard, type Execute, inputById } from './aftercare-checks.js';
import { hugeMeeting } from './board-support.js';
import { assertSlackBlocks } from './slack-support.js';
import { elementsIn } from './support.js';

const invitation = (d: MeetingDriver, viewerId?: string, locale: Locale = 'fi'): AdaptiveCard =>
  renderCard(
    'invitation',
    invitationView({ locale, meeting: d.m, now: d.now, ...(viewerId ? { viewerId } : {}) }),
  );
const board = (d: MeetingDriver, viewerId?: string, locale: Locale = 'fi'): AdaptiveCard =>
  renderCard('board', boardView({ locale, meeting: d.m, now: d.now, ...(viewerId ? { viewerId } : {}) }));

const buttons = (blocks: readonly Block[]): Button[] =>
  blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
const verbed = (card: AdaptiveCard, verb: string): Execute[] =>
  actionsOf(card).filter((a) => a.verb === verb);
const claimChoices = (card: AdaptiveCard) => inputById(card, 'claimFor')?.choices;
const texts = (card: AdaptiveCard): string[] =>
  elementsIn(card)
    .filter((n) => n.type === 'TextBlock')
    .map((n) => String(n.text));

/** What the board offers about claims: each claim's text and what its two buttons send. */
function claimsOnBoard(card: AdaptiveCard) {
  const confirms = verbed(card, 'account.confirm');
  const refuses = verbed(card, 'account.refuse');
  assert.deepEqual(
    confirms.map((a) => [a.data.participantId, a.data.chatUserId]),
    refuses.map((a) => [a.data.participantId, a.data.chatUserId]),
    'every claim can be confirmed and refused',
  );
  return confirms.map((a) => ({ participantId: a.data.participantId, chatUserId: a.data.chatUserId }));
}

describe('the invitation card: "this is me"', () => {
  it('is offered to someone outside the meeting, listing exactly the invitees without a chat account', () => {
    const d = realisticMeeting('invited');
    d.do(P.social, { type: 'invitee.add', person: { name: 'Eeva Salo', role: 'worker' } });
    d.do(P.social, { type: 'invitee.add', person: { name: 'Eero Laine', role: 'close', relation: 'veli' } });
    d.do(P.social, {
      type: 'invitee.add',
      person: { name: 'Outi Aho', role: 'worker', chatUserId: 'U-OUTI' },
    });
    for (const locale of LOCALES) {
      const card = invitation(d, undefined, locale);
      // In speaking order: close ones before workers.
      assert.deepEqual(claimChoices(card), [
        { title: P.grandfather, value: d.id(P.grandfather) },
        { title: 'Eero Laine', value: d.id('Eero Laine') },
        { title: 'Eeva Salo', value: d.id('Eeva Salo') },
      ]);
      const [button, ...others] = verbed(card, 'account.claim');
      assert.equal(others.length, 0);
      assert.equal(button?.title, t(locale, 'card.invitation.claim_button'));
      assert.deepEqual(button?.data, { meetingId: d.m.id, version: d.m.version });
      assert.ok(texts(card).includes(t(locale, 'card.invitation.claim_question')));
    }
  });

  it('is not offered to anyone in the meeting, with or without a chat account', () => {
    const d = realisticMeeting('invited');
    for (const p of d.m.participants) {
      const card = invitation(d, p.id);
      assert.equal(inputById(card, 'claimFor'), undefined, p.name);
      assert.deepEqual(verbed(card, 'account.claim'), [], p.name);
    }
  });

  it('is still offered during the meeting, never listing someone who joined at the door', () => {
    const d = realisticMeeting('why');
    d.do(P.nurse, { type: 'participant.join', person: { name: 'Eeva Salo', role: 'close' } });
    assert.deepEqual(claimChoices(invitation(d)), [{ title: P.grandfather, value: d.id(P.grandfather) }]);
  });

  it('is gone once everyone invited has a chat account', () => {
    const d = realisticMeeting('invited');
    d.do(undefined, claim(d.id(P.grandfather), 'U-MATTI'));
    assert.ok(claimChoices(invitation(d)));
    d.do(P.social, { type: 'account.confirm', participantId: d.id(P.grandfather), chatUserId: 'U-MATTI' });
    assert.equal(inputById(invitation(d), 'claimFor'), undefined);
    assert.deepEqual(verbed(invitation(d), 'account.claim'), []);
  });

  it('is gone once the meeting is closed or cancelled', () => {
    const closed = realisticMeeting('closed');
    const cancelled = realisticMeeting('invited');
    cancelled.do(P.social, { type: 'meeting.cancel', reason: 'Aino on sairaana' });
    for (const d of [closed, cancelled])
      for (const locale of LOCALES) {
        const card = invitation(d, undefined, locale);
        assert.equal(inputById(card, 'claimFor'), undefined, `${d.m.phase} ${locale}`);
        assert.deepEqual(verbed(card, 'account.claim'), []);
        assert.ok(!texts(card).includes(t(locale, 'card.invitation.claim_question')));
      }
  });
});

describe('the board: claims waiting', () => {
  it('shows each waiting claim to the chair and the convener, with Confirm and Refuse for that very claim', () => {
    const d = realisticMeeting('why');
    const matti = d.id(P.grandfather);
    d.do(undefined, claim(matti, 'U-MATTI', 'Matti L.'));
    d.do(undefined, claim(matti, 'U-IMPOSTOR'));
    for (const viewer of [P.youth, P.social])
      for (const locale of LOCALES) {
        const card = board(d, d.id(viewer), locale);
        assert.deepEqual(claimsOnBoard(card), [
          { participantId: matti, chatUserId: 'U-MATTI' },
          { participantId: matti, chatUserId: 'U-IMPOSTOR' },
        ]);
        const said = texts(card);
        assert.ok(said.includes(t(locale, 'card.board.claims_heading')));
        assert.ok(said.includes(t(locale, 'card.board.claim', { account: 'Matti L.', name: P.grandfather })));
        const unnamed = t(locale, 'card.board.claim_unnamed');
        assert.ok(said.includes(t(locale, 'card.board.claim', { account: unnamed, name: P.grandfather })));
        const confirm = verbed(card, 'account.confirm')[0];
        assert.equal(confirm?.title, t(locale, 'card.board.action.claim_confirm'));
        assert.equal(confirm?.data.meetingId, d.m.id);
        assert.equal(verbed(card, 'account.refuse')[0]?.title, t(locale, 'card.board.action.claim_refuse'));
      }
  });

  it('shows claims to nobody else: not the note-taker, the client, anyone else, nor someone outside', () => {
    const d = realisticMeeting('why');
    d.do(undefined, claim(d.id(P.grandfather), 'U-MATTI', 'Matti L.'));
    const heading = t('fi', 'card.board.claims_heading');
    for (const viewer of [P.nurse, P.client, P.mother, P.grandfather, P.teacher]) {
      const card = board(d, d.id(viewer));
      assert.deepEqual(claimsOnBoard(card), [], viewer);
      assert.ok(!texts(card).includes(heading), viewer);
    }
    assert.deepEqual(claimsOnBoard(board(d)), []);
  });

  it('before the start only the convener sees them', () => {
    const d = realisticMeeting('invited');
    d.do(undefined, claim(d.id(P.grandfather), 'U-MATTI'));
    assert.equal(claimsOnBoard(board(d, d.id(P.social))).length, 1);
    for (const viewer of [P.client, P.teacher, P.youth])
      assert.deepEqual(claimsOnBoard(board(d, d.id(viewer))), [], viewer);
  });

  it('an acting chair without a chat account is shown no claims, as they could not press the buttons', () => {
    const d = realisticMeeting('opening');
    d.do(P.social, { type: 'phase.next' });
    d.do(P.social, { type: 'chair.assign', participantId: d.id(P.grandfather) });
    d.do(undefined, claim(d.id(P.grandfather), 'U-MATTI'));
    assert.deepEqual(claimsOnBoard(board(d, d.id(P.grandfather))), []);
    assert.equal(claimsOnBoard(board(d, d.id(P.social))).length, 1, 'the convener still sees it');
  });

  it('shows the five oldest and says how many more wait', () => {
    const d = realisticMeeting('why');
    const matti = d.id(P.grandfather);
    for (let i = 1; i <= 7; i++) d.do(undefined, claim(matti, `U-${i}`, `Tili ${i}`));
    for (const locale of LOCALES) {
      const card = board(d, d.id(P.youth), locale);
      assert.deepEqual(
        claimsOnBoard(card).map((c) => c.chatUserId),
        ['U-1', 'U-2', 'U-3', 'U-4', 'U-5'],
      );
      assert.ok(texts(card).includes(t(locale, 'card.board.claims_more', { count: 2 })), locale);
    }
    d.do(P.youth, { type: 'account.refuse', participantId: matti, chatUserId: 'U-1' });
    d.do(P.youth, { type: 'account.refuse', participantId: matti, chatUserId: 'U-2' });
    const card = board(d, d.id(P.youth));
    assert.equal(claimsOnBoard(card).length, 5);
    for (let n = 0; n <= 20; n++)
      assert.ok(!texts(card).includes(t('fi', 'card.board.claims_more', { count: n })), 'nothing more waits');
  });

  it('shows no claim that can no longer be confirmed: its invitee removed, or its account joined as someone else', () => {
    const d = realisticMeeting('invited');
    d.do(P.social, { type: 'invitee.add', person: { name: 'Eeva Salo', role: 'close' } });
    d.do(undefined, claim(d.id('Eeva Salo'), 'U-EEVA', 'Eeva'));
    d.do(undefined, claim(d.id(P.grandfather), 'U-X', 'X'));
    d.do(undefined, claim(d.id(P.grandfather), 'U-MATTI', 'Matti'));
    d.do(P.social, { type: 'invitee.remove', participantId: d.id('Eeva Salo') });
    d.now = '2026-11-26T14:00:00+02:00';
    for (const p of d.m.participants)
      d.do(P.social, { type: 'attendance.mark', participantId: p.id, status: 'present' });
    d.do(P.social, { type: 'meeting.start' });
    d.do(undefined, {
      type: 'participant.join',
      person: { name: 'Xavier', role: 'close', chatUserId: 'U-X' },
    });
    const card = board(d, d.id(P.social), 'en');
    assert.deepEqual(claimsOnBoard(card), [{ participantId: d.id(P.grandfather), chatUserId: 'U-MATTI' }]);
    assert.ok(!texts(card).includes(t('en', 'card.board.claim', { account: 'Eeva', name: '?' })));
  });

  it('shows nothing of claims once the meeting is closed', () => {
    const d = realisticMeeting('feedback');
    d.do(undefined, claim(d.id(P.grandfather), 'U-MATTI'));
    d.do(P.youth, d.closeAnyway());
    for (const viewer of [P.youth, P.social]) assert.deepEqual(claimsOnBoard(board(d, d.id(viewer))), []);
  });
});

const long = (seed: string, n: number): string => `${seed} `.repeat(n).slice(0, n).trim().padEnd(n, 'x');

describe('claims at their limits', () => {
  it('20 claims with the longest names keep the board a sound card under 40 KB and within Slack’s limits', () => {
    for (const stage of ['opening', 'roles', 'why', 'summary'] as const) {
      const { d } = hugeMeeting(stage);
      const unlinked = d.m.participants.filter((p) => p.chatUserId === undefined).map((p) => p.id);
      for (let i = 0; i < 20; i++)
        d.do(
          undefined,
          claim(
            unlinked[i % unlinked.length] as string,
            long(`U-${i}`, 200),
            long(`Äijälä-Öhman Maria ${i}`, 100),
          ),
        );
      const chair = d.m.chairId ?? d.m.convenerId;
      for (const viewer of new Set([chair, d.m.convenerId]))
        for (const locale of LOCALES) {
          const what = `board ${stage} ${viewer} ${locale}`;
          const card = board(d, viewer, locale);
          assertGoodCard(card, what);
          assert.equal(claimsOnBoard(card).length, 5, what);
          const { blocks } = toSlackMessage(card, { more: '…' });
          assertSlackBlocks(blocks, 'message');
          // The claims come first, so Slack's 50 blocks never cut them off.
          const slackVerbs = buttons(blocks).map((b) => b.action_id.split('#')[0]);
          assert.equal(slackVerbs.filter((v) => v === 'account.confirm').length, 5, what);
          assert.equal(slackVerbs.filter((v) => v === 'account.refuse').length, 5, what);
        }
    }
  });

  it('100 people invited by name with the longest names keep the invitation sound and within Slack’s limits', () => {
    const person = (i: number): PersonInput => ({
      name: long(`${String(i).padStart(2, '0')} Maria-Kristiina von Wright-Lindqvist`, 100),
      role: i === 0 ? 'client' : i < 50 ? 'close' : 'worker',
      relation: long('perhetyöntekijä', 100),
      organisation: long('Hyvinvointialueen perhepalvelut', 100),
    });
    const d = new MeetingDriver();
    d.do(undefined, {
      type: 'meeting.create',
      invitation: {
        purpose: long('Tavoite', 1000),
        topics: Array.from({ length: 12 }, (_, i) => long(`Aihe ${i}`, 200)),
        startsAt: '2026-11-26T14:00:00+02:00',
        durationMinutes: 120,
        place: long('Paikka', 200),
        onlineUrl: `https://teams.example/l/${'x'.repeat(400)}`,
        locale: 'fi',
      },
      convener: { name: 'Sanna Korhonen', role: 'worker', chatUserId: 'U-SANNA' },
      invitees: Array.from({ length: 99 }, (_, i) => person(i)),
    });
    for (let i = 0; i < 20; i++)
      d.do(undefined, claim(`p${i + 2}`, long(`U-${i}`, 200), long(`Äijälä-Öhman ${i}`, 100)));
    for (const locale of LOCALES) {
      const card = invitation(d, undefined, locale);
      assertGoodCard(card, `invitation ${locale}`);
      const choices = claimChoices(card) ?? [];
      assert.equal(choices.length, 30, 'a long list is cut, not dropped');
      assert.ok(choices.every((c) => c.title.length <= 60));
      const { blocks } = toSlackMessage(card, { more: '…' });
      assertSlackBlocks(blocks, 'message');
      assert.ok(
        buttons(blocks).some((b) => b.action_id.startsWith('account.claim#')),
        `${locale}: Slack kept the claim button`,
      );
    }
  });
});

// ---------------------------------------------------------------------------------------------
// From a click to a command

/** A `block_actions` payload as Slack sends it: the pressed button and what the inputs hold. */
function blockActions(blocks: readonly Block[], button: Button, chosen: Readonly<Record<string, string>>) {
  const values: Record<string, Record<string, unknown>> = {};
  for (const b of blocks) {
    if (b.type !== 'input' || b.element.type !== 'static_select') continue;
    const picked = b.element.options.find((o) => o.value === chosen[b.element.action_id]);
    values[b.block_id] = {
      [b.element.action_id]: {
        type: 'static_select',
        selected_option: picked ? { text: { ...picked.text, emoji: true }, value: picked.value } : null,
      },
    };
  }
  return {
    type: 'block_actions',
    user: { id: 'U123', username: 'matti', name: 'matti', team_id: 'T0TOIVO' },
    team: { id: 'T0TOIVO', domain: 'toivo' },
    api_app_id: 'A0TOIVO',
    container: { type: 'message', message_ts: '1764000000.000100', channel_id: 'C0NETWORK' },
    trigger_id: '1234.5678.abcdef',
    channel: { id: 'C0NETWORK', name: 'verkosto' },
    message: { type: 'message', ts: '1764000000.000100', bot_id: 'B0TOIVO', text: 'Kutsu', blocks },
    state: { values },
    response_url: 'https://hooks.slack.com/actions/T0TOIVO/1/abc',
    actions: [{ ...button, block_id: 'Zx1', action_ts: '1764000010.000200' }],
  };
}

/** An `adaptiveCard/action` invoke as Teams sends it: the action's data with the inputs merged in. */
const teamsInvoke = (action: Execute, inputs: Readonly<Record<string, unknown>>) => ({
  action: { type: 'Action.Execute', id: 'claim', verb: action.verb, data: { ...action.data, ...inputs } },
  trigger: 'manual',
});

const WHO = { account: 'U123' };

describe('a claim clicked in Teams or in Slack', () => {
  const setup = () => {
    const d = realisticMeeting('invited');
    const card = invitation(d);
    const teams = verbed(card, 'account.claim')[0];
    assert.ok(teams);
    const { blocks } = toSlackMessage(card, { more: '…' });
    const slack = buttons(blocks).find((b) => b.action_id.startsWith('account.claim#'));
    assert.ok(slack);
    return { d, teams, blocks, slack };
  };

  it('becomes the same account.claim command on both, with the account the channel vouches for', () => {
    const { d, teams, blocks, slack } = setup();
    const matti = d.id(P.grandfather);
    const fromTeams = fromTeamsInvoke(teamsInvoke(teams, { claimFor: matti }));
    const fromSlack = fromBlockActions(blockActions(blocks, slack, { claimFor: matti }));
    const expected = {
      kind: 'commands',
      commands: [{ type: 'account.claim', participantId: matti, chatUserId: 'U123' }],
    };
    for (const sub of [fromTeams, fromSlack]) {
      assert.ok(sub);
      assert.deepEqual(commandsOf(sub, d.m, WHO), expected);
    }
    // The platform's name for the account comes along, to help the chair tell who asks.
    assert.deepEqual(commandsOf(fromSlack as Submission, d.m, { ...WHO, displayName: 'Matti L.' }), {
      kind: 'commands',
      commands: [{ ...expected.commands[0], displayName: 'Matti L.' }],
    });
    // And the core takes it as a claim, with no say yet.
    const events = decide(d.m, expected.commands[0] as Command, { now: d.now });
    assert.ok(!isRejection(events));
    assert.deepEqual(
      events.map((e) => [e.type, e.by]),
      [['account.claimed', undefined]],
    );
  });

  it('a platform name longer than a typed name may be is cut, so the person can still claim', () => {
    const { d, teams } = setup();
    const sub = fromTeamsInvoke(teamsInvoke(teams, { claimFor: d.id(P.grandfather) }));
    assert.ok(sub);
    const routed = commandsOf(sub, d.m, { ...WHO, displayName: 'M'.repeat(256) });
    assert.ok(!isRejection(routed) && routed.kind === 'commands');
    const events = decide(d.m, routed.commands[0] as Command, { now: d.now });
    assert.ok(!isRejection(events), JSON.stringify(events));
    const claimed = events[0];
    assert.ok(claimed?.type === 'account.claimed');
    assert.equal(claimed.displayName?.length, 100);
    assert.ok(claimed.displayName?.endsWith('…'));
  });

  it('ignores a chat account written into the card’s data or inputs', () => {
    const { d, teams, blocks, slack } = setup();
    const matti = d.id(P.grandfather);
    const forged = { claimFor: matti, chatUserId: 'U-SANNA', account: 'U-SANNA', displayName: 'Sanna' };
    const fromTeams = fromTeamsInvoke(teamsInvoke(teams, forged));
    const forgedButton = {
      ...slack,
      value: JSON.stringify({ ...JSON.parse(slack.value ?? '{}'), ...forged }),
    };
    const fromSlack = fromBlockActions(blockActions(blocks, forgedButton, { claimFor: matti }));
    for (const sub of [fromTeams, fromSlack]) {
      assert.ok(sub);
      assert.equal(sub.fields.chatUserId, 'U-SANNA', 'the forged field did arrive');
      assert.deepEqual(commandsOf(sub, d.m, WHO), {
        kind: 'commands',
        commands: [{ type: 'account.claim', participantId: matti, chatUserId: 'U123' }],
      });
    }
  });

  it('is refused when the channel vouches for no account, or the card was for another meeting', () => {
    const { d, teams } = setup();
    const sub = fromTeamsInvoke(teamsInvoke(teams, { claimFor: d.id(P.grandfather) }));
    assert.ok(sub);
    const none = commandsOf(sub, d.m);
    assert.ok(isRejection(none) && none.code === 'auth.not_participant');
    const other = commandsOf({ ...sub, fields: { ...sub.fields, meetingId: 'm2' } }, d.m, WHO);
    assert.ok(isRejection(other) && other.code === 'stale');
  });

  it('the board’s Confirm and Refuse become the same command in Teams and in Slack, naming that claim', () => {
    const d = realisticMeeting('why');
    const matti = d.id(P.grandfather);
    d.do(undefined, claim(matti, 'U-IMPOSTOR'));
    d.do(undefined, claim(matti, 'U-MATTI'));
    const card = board(d, d.id(P.youth));
    const { blocks } = toSlackMessage(card, { more: '…' });
    const chair = { account: 'U-JARI' };
    for (const verb of ['account.confirm', 'account.refuse']) {
      const teams = verbed(card, verb)[1];
      const slack = buttons(blocks).filter((b) => b.action_id.startsWith(`${verb}#`))[1];
      assert.ok(teams && slack);
      const expected = {
        kind: 'commands',
        commands: [{ type: verb, participantId: matti, chatUserId: 'U-MATTI' }],
      };
      const fromTeams = fromTeamsInvoke(teamsInvoke(teams, {}));
      const fromSlack = fromBlockActions(blockActions(blocks, slack, {}));
      assert.ok(fromTeams && fromSlack);
      assert.deepEqual(commandsOf(fromTeams, d.m, chair, d.id(P.youth)), expected);
      assert.deepEqual(commandsOf(fromSlack, d.m, chair, d.id(P.youth)), expected);
    }
    const confirm = commandsOf(
      fromTeamsInvoke(teamsInvoke(verbed(card, 'account.confirm')[1] as Execute, {})) as Submission,
      d.m,
      chair,
    );
    assert.ok(!isRejection(confirm) && confirm.kind === 'commands');
    d.do(P.youth, confirm.commands[0] as Command);
    assert.equal(d.m.participants.find((p) => p.id === matti)?.chatUserId, 'U-MATTI');
    assert.deepEqual(d.m.claims, [], 'the impostor’s claim went with it');
  });
});
