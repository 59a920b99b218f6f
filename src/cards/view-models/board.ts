/**
 * The live board of a meeting, drawn for one viewer: everyone sees where the meeting is and who
 * speaks; the chair, the note-taker and each person see only the steps that would work for them now.
 */
import {
  findParticipant,
  isActingChair,
  isRunning,
  type Locale,
  type Meeting,
  openRound,
} from '../../core/index.js';
import { t } from '../../i18n/index.js';
import { chairTools } from './board/chair.js';
import { claimsView } from './board/claims.js';
import { timeView } from './board/clock.js';
import { floorView, orderView } from './board/floor.js';
import { noteTakerTools, onBehalfTools, viewTools } from './board/keeper.js';
import { ownActions } from './board/mine.js';
import { afterClose, beforeStart } from './board/outside.js';
import { notesView, promptsView, wishView } from './board/record.js';
import { reviewView } from './board/review.js';
import { stepper } from './board/stepper.js';
import { shorten } from './card-format.js';
import { actionData, base, labels, requireMeeting, type ViewContext } from './common.js';
import { followUpCheck } from './followup-check.js';
import { muteView } from './mute.js';
import { preparationView } from './preparation.js';
import { recordsView } from './records.js';

const LABELS = {
  nextSpeaker: 'card.board.action.next_speaker',
  endTurn: 'card.board.action.end_turn',
  giveFloor: 'card.board.action.give_floor',
  floorTo: 'card.board.input.floor_to',
  viewFor: 'card.board.input.view_for',
  recordViewPicked: 'card.board.action.record_view_picked',
  closeRound: 'card.board.action.close_round',
  startRound: 'card.board.action.start_round',
  skip: 'card.board.action.skip',
  skipReason: 'card.board.input.skip_reason',
  newChair: 'card.board.input.new_chair',
  newNoteTaker: 'card.board.input.new_notetaker',
  chooseNoteTaker: 'card.board.action.choose_notetaker',
  followupForm: 'card.board.action.followup_form',
  closeMeeting: 'card.board.action.close_meeting',
  behalf: 'card.board.behalf',
  onBehalfOf: 'card.board.input.on_behalf_of',
  behalfPass: 'card.board.action.behalf_pass',
  behalfDone: 'card.board.action.behalf_done',
  behalfRequest: 'card.board.action.behalf_request',
  noteText: 'card.board.input.note_text',
  noteTopic: 'card.board.input.note_topic',
  addNote: 'card.board.action.add_note',
  clientWish: 'card.board.input.client_wish',
  recordWish: 'card.board.action.record_wish',
  request: 'card.board.action.request',
  withdraw: 'card.board.action.withdraw',
  done: 'card.board.action.done',
  pass: 'card.board.action.pass',
  myWish: 'card.board.input.my_wish',
  recordMyWish: 'card.board.action.record_my_wish',
  commitmentForm: 'card.commitments.add',
  present: 'card.board.input.present',
  start: 'card.board.action.start',
  openMemo: 'card.action.open_memo',
  myView: 'card.board.action.my_view',
  reviewNote: 'card.board.review.note',
  markPresent: 'card.board.input.mark_present',
  markPresentButton: 'card.board.action.mark_present',
  arrivedName: 'card.board.input.arrived_name',
  arrived: 'card.board.action.arrived',
} as const;

/** The board's labels in each language, made once: they are the same on every drawing. */
const labelled = new Map<Locale, Readonly<Record<string, string>>>();
function boardLabels(locale: Locale): Readonly<Record<string, string>> {
  let said = labelled.get(locale);
  if (!said) {
    said = Object.freeze(labels(locale, LABELS));
    labelled.set(locale, said);
  }
  return said;
}

/** What every button sends back: the meeting, the version seen, and what lets a late click be told apart. */
const actData = (m: Meeting) => ({
  ...actionData(m),
  phase: m.phase,
  speakerId: m.floor ?? '',
  roundId: openRound(m)?.id ?? '',
});

function running(ctx: ViewContext, m: Meeting) {
  const { locale, viewerId } = ctx;
  const viewer = findParticipant(m, viewerId);
  // Without a chat account one cannot press buttons: others act for them.
  const me = viewer?.chatUserId !== undefined ? viewer : undefined;
  const chairs = me !== undefined && isActingChair(m, me.id);
  const notes = me !== undefined && me.id === m.noteTakerId;
  return {
    stepper: stepper(locale, m),
    time: timeView(locale, m, ctx.now),
    // Feedback is answered, not spoken: nobody takes the floor then.
    floor: m.phase === 'feedback' ? undefined : floorView(locale, m),
    order: orderView(locale, m),
    prompts: { heading: t(locale, 'card.board.prompts'), items: promptsView(locale, m, viewerId) },
    review: reviewView(locale, m, ctx.now, me),
    wish: wishView(locale, m, viewerId),
    followupCheck: followUpCheck(locale, m, ctx.now, me?.id),
    notes: notesView(locale, m),
    chair: chairs ? chairTools(locale, m, ctx.now, me.id) : undefined,
    // The chair recaps the matters of the invitation at the start: with what was prepared with the client.
    preparation:
      chairs && (m.phase === 'opening' || m.phase === 'why') ? preparationView(locale, m, me.id) : undefined,
    noteTaker: notes ? noteTakerTools(locale, m, ctx.now, me.id) : undefined,
    behalf: me && (chairs || notes) ? onBehalfTools(m, ctx.now, me.id) : undefined,
    views: me && (chairs || notes) ? viewTools(locale, m, ctx.now, me.id) : undefined,
    mine: me ? ownActions(locale, m, ctx.now, me, chairs) : undefined,
  };
}

export function boardView(ctx: ViewContext) {
  const { locale } = ctx;
  const m = requireMeeting(ctx);
  const viewer = ctx.exposed ? undefined : findParticipant(m, ctx.viewerId);
  const title = t(locale, 'card.board.title');
  const phase = t(locale, `phase.${m.phase}`);
  const common = {
    ...base(locale),
    t: boardLabels(locale),
    act: actData(m),
    title,
    purpose: t(locale, 'card.board.purpose', { purpose: shorten(m.invitation.purpose, 200) }),
    // Where people outside the meeting may read the board, everyone's own part opens privately.
    ...(ctx.exposed
      ? { elsewhere: { hint: t(locale, 'card.board.elsewhere') } }
      : { claims: claimsView(locale, m, ctx.now, ctx.viewerId) }),
  };
  if (m.phase === 'invited') {
    const invited = beforeStart(locale, m, viewer?.id, viewer?.chatUserId !== undefined);
    // The convener, before the start, sees what was prepared and whether the client has agreed yet.
    const convener = viewer?.id === m.convenerId && viewer.chatUserId !== undefined;
    const preparation = convener ? preparationView(locale, m, viewer.id) : undefined;
    return { ...common, summary: `${title}: ${phase}`, invited, preparation };
  }
  // Once it is over, those who answer for the record export it, or erase it; never where others read along.
  const records = () => recordsView(locale, m, viewer?.id);
  if (m.phase === 'cancelled') {
    const cancelled = t(locale, 'memo.cancelled', { reason: shorten(m.cancelReason ?? '', 300) });
    // Where others read along, one's own view stays open: there the convener exports or erases it.
    return { ...common, summary: cancelled, cancelled, records: records() };
  }
  if (!isRunning(m)) {
    const closed = {
      ...afterClose(locale, m, ctx.memoUrl),
      reminders: muteView(locale, m, ctx.now, viewer?.id),
    };
    // While the memo is a draft, the note-taker may still write it: their notes and tools stay.
    const writer = viewer?.chatUserId !== undefined && viewer.id === m.noteTakerId ? viewer : undefined;
    const writing = writer && noteTakerTools(locale, m, ctx.now, writer.id);
    return {
      ...common,
      summary: closed.text,
      closed,
      records: records(),
      ...(writer && writing
        ? { notes: notesView(locale, m), noteTaker: writing, views: viewTools(locale, m, ctx.now, writer.id) }
        : {}),
    };
  }
  // Exposed: where the meeting is, whose turn it is and who has been heard; no wish, notes or tools.
  const board = ctx.exposed
    ? {
        stepper: stepper(locale, m),
        time: timeView(locale, m, ctx.now),
        floor: m.phase === 'feedback' ? undefined : floorView(locale, m),
        order: orderView(locale, m),
      }
    : running({ ...ctx, ...(viewer ? { viewerId: viewer.id } : {}) }, m);
  return { ...common, summary: `${title}: ${board.stepper.heading}`, ...board };
}
