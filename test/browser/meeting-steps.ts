/**
 * The people of the browser test's meeting and the steps they take on the page, each as a person
 * would take it: the invitation form, the commitment form, the feedback poll, a chair's round.
 */
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import type { Locale } from '../../src/core/index.js';
import { type Params, t } from '../../src/i18n/index.js';
import { literal, type PlaygroundPage, type Side } from './playground-page.js';

export const T = (key: string, params?: Params): string => t('fi', key, params);
const capital = (text: string): string => text.replace(/^./, (c) => c.toUpperCase());
/** A day from today, as a date input takes it: the meeting is planned ahead, and so is what it agrees. */
export const inDays = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

export const AINO = 'Aino Laine'; // the client, 15
export const LIISA = 'Liisa Laine'; // her mother, with a chat account
export const MATTI = 'Matti Laine'; // her grandfather, without one
export const SANNA = 'Sanna Korhonen'; // social worker: convener, then the responsible worker
export const PEKKA = 'Pekka Virtanen'; // teacher, then the note-taker
export const JARI = 'Jari Nieminen'; // youth worker, then the chair

export interface Invitee {
  readonly name: string;
  readonly role: 'close' | 'worker';
  readonly relation: string;
  readonly organisation?: string;
  readonly account: 'yes' | 'no';
}

export function shows(text: string, ...parts: string[]): void {
  for (const part of parts) assert.ok(text.includes(part), `expected to see "${part}" in: ${text}`);
}

export function hides(text: string, ...parts: string[]): void {
  for (const part of parts) assert.ok(!text.includes(part), `did not expect "${part}" in: ${text}`);
}

/** A person's line in the speaking order: "Aino Laine asiakas · ✓ puhunut". */
export const line = (name: string, state: string): RegExp =>
  new RegExp(`${literal(name)} [^·]+ · ${literal(state)}`);

/** The meeting's board: the first in the conversation (a follow-up meeting's comes after it). */
export const board = (p: PlaygroundPage, side: Side = 'teams') => p.card('board', side).first();

/** That the keyboard's focus is on `part` or in it: where a keyboard or screen-reader user is now. */
export async function focusIn(p: PlaygroundPage, part: Locator, what: string): Promise<void> {
  const focused = p.page.locator(':focus');
  const on = (await part.and(focused).count()) + (await part.locator(focused).count());
  assert.ok(on > 0, `focus on ${what}, not on: ${await p.focused()}`);
}

/** What the convener prepared with the client, typed into the form's first step. */
export interface Prepared {
  readonly help: string;
  readonly who: string;
  readonly goal: string;
}

/**
 * The convener fills the invitation form on the Teams side, with its labels in `locale`, and sends
 * it; with `prepared`, its first step too (the client has not yet agreed).
 */
export async function invite(
  p: PlaygroundPage,
  invitees: readonly Invitee[],
  locale: Locale = 'fi',
  prepared?: Prepared,
): Promise<void> {
  const T = (key: string) => t(locale, key);
  const form = p.card('invitation-form');
  if (prepared) {
    await p.fill(form, T('card.invitation-form.prep_help'), prepared.help);
    await p.fill(form, T('card.invitation-form.prep_who'), prepared.who);
    await p.fill(form, T('card.invitation-form.prep_goal'), prepared.goal);
  }
  await p.fill(form, T('card.invitation-form.purpose'), 'Ainon koulunkäynnin tukeminen');
  await p.fill(form, T('card.invitation-form.topics'), 'Koulupoissaolot\nArjen rytmi');
  await p.fill(form, T('card.invitation.date'), inDays(3));
  await p.fill(form, T('card.invitation-form.time'), '14:00');
  await p.fill(form, T('memo.where'), 'Koulun neuvotteluhuone 2');
  await p.fill(form, T('card.invitation-form.convener_name'), SANNA);
  await p.fill(form, T('card.invitation-form.convener_organisation'), 'Lastensuojelu');
  await p.fill(form, T('card.invitation-form.client_name'), AINO);
  for (const [i, person] of invitees.entries()) {
    await p.fill(form, T('card.invitation-form.name'), person.name, i);
    await p
      .field(form, T('card.invitation-form.role'), i)
      .selectOption({ label: capital(T(`role.${person.role}`)) });
    // The client's row asks the same question first, hence i + 1.
    await p
      .field(form, T('card.invitation-form.account'), i + 1)
      .selectOption({ label: T(`card.invitation-form.account_${person.account}`) });
    await p.fill(form, capital(T('field.relation')), person.relation, i);
    if (person.organisation) await p.fill(form, capital(T('field.organisation')), person.organisation, i);
  }
  await p.press(form, T('card.invitation-form.send'));
}

/** Sends what the page itself would send for a click, as anyone could from the browser's console. */
export function forge(
  p: PlaygroundPage,
  verb: string,
  data: Readonly<Record<string, string>>,
): Promise<void> {
  const fields = `{ meetingId: view.meeting, ...${JSON.stringify(data)} }`;
  const action = `{ type: 'Action.Execute', verb: ${JSON.stringify(verb)}, data: ${fields} }`;
  return p.settle(() =>
    p.page.evaluate(`act(post('/api/teams', { kind: 'invoke', value: { action: ${action} } }))`),
  );
}

/** The chair gives the floor to the next in turn and ends the turn, `count` times, as in the room. */
export async function chairEndsTurns(p: PlaygroundPage, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await p.press(board(p), T('card.board.action.next_speaker'));
    await p.press(board(p), T('card.board.action.end_turn'));
  }
}

export async function addCommitment(
  p: PlaygroundPage,
  side: Side,
  c: { readonly what: string; readonly owner: string; readonly due: string; readonly withClient: boolean },
  locale: Locale = 'fi',
): Promise<void> {
  const T = (key: string) => t(locale, key);
  await p.press(board(p, side), T('card.commitments.add'));
  const form = p.form(side);
  await focusIn(p, form, 'the commitment form that opened');
  await p.audit(`the commitment form on ${side}, in ${locale}`);
  await p.fill(form, T('card.commitment-form.what'), c.what);
  await p.choose(form, T('card.commitment-form.owner'), c.owner);
  await p.fill(form, T('card.commitments.due'), c.due);
  if (c.withClient) await p.tick(form, T('card.commitment-form.with'), AINO);
  await p.press(form, T('card.commitment-form.save_add'));
  assert.equal(await p.text(p.notice()), '', `saving "${c.what}" was refused`);
  assert.equal(await p.form(side).count(), 0, 'the commitment form closes once saved');
  await focusIn(p, board(p, side), 'the board, whose button opened the form');
}

/**
 * The note-taker writes down `name`'s view from the board's button: the form that opens holds
 * what is recorded already; `worry` is added to it and saved.
 */
export async function recordView(
  p: PlaygroundPage,
  name: string,
  worry: string,
  holds: string,
): Promise<void> {
  await p.press(board(p), T('card.board.action.record_view', { name }));
  const form = p.form();
  await focusIn(p, form, 'the view form that opened');
  assert.equal(await p.field(form, T('card.view-form.wish')).inputValue(), holds, 'the form holds the wish');
  await p.audit('the view form');
  await p.fill(form, T('card.view-form.worry'), worry);
  await p.press(form, T('card.view-form.save'));
  assert.equal(await p.text(p.notice()), '', `saving ${name}'s view was refused`);
  assert.equal(await p.form().count(), 0, 'the view form closes once saved');
  shows(await p.text(board(p)), T('card.board.views_recorded', { names: name }));
}

/** Opens the feedback poll as `who` and chooses the three answers; the caller sends it. */
export async function fillPoll(
  p: PlaygroundPage,
  who: string,
  side: Side,
  scores: readonly number[],
  locale: Locale = 'fi',
) {
  const T = (key: string) => t(locale, key);
  await p.actAs(who);
  await p.press(board(p, side), T('card.board.action.answer_feedback'));
  const poll = p.form(side);
  await focusIn(p, poll, 'the poll that opened');
  for (const [i, statement] of ['hopeful', 'trusting', 'clearer'].entries())
    await p.rate(poll, T(`feedback.statement.${statement}`), scores[i] ?? 3);
  return poll;
}

/**
 * Someone not invited has come: the chair adds them from the board (a close one, by default), and
 * the round under way waits for them too.
 */
export async function someoneArrived(
  p: PlaygroundPage,
  name: string,
  relation: string,
  locale: Locale = 'fi',
): Promise<void> {
  const say = (key: string) => t(locale, key);
  await p.fill(board(p), say('card.board.input.arrived_name'), name);
  await p.fill(board(p), capital(say('field.relation')), relation);
  await p.audit(`someone arrived, in ${locale}`);
  await p.press(board(p), say('card.board.action.arrived'));
  assert.equal(await p.text(p.notice()), '', `letting ${name} in was refused`);
  assert.match(await p.text(board(p)), line(name, say('card.board.state.waiting')));
}

/**
 * The chair skips the part with `reason`: typed on the board when nobody is left unheard; else the
 * board's button opens the card that asks first, naming who, and the reason goes there.
 */
export async function skipPart(p: PlaygroundPage, reason: string, locale: Locale = 'fi'): Promise<void> {
  const say = (key: string) => t(locale, key);
  const typed = p.field(board(p), say('card.board.input.skip_reason'));
  if ((await typed.count()) > 0) {
    await p.fill(board(p), say('card.board.input.skip_reason'), reason);
    await p.press(board(p), say('card.board.action.skip'));
    return;
  }
  await p.press(board(p), say('card.board.action.skip'));
  await p.fill(p.form(), say('card.board.input.skip_reason'), reason);
  await p.press(p.form(), say('card.confirm.skip_anyway'));
}
