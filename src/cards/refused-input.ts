/**
 * Which input of a form a refusal is about: where Slack shows its error and Teams its message, so
 * that the person sees what to change next to what they typed. One map for every channel.
 */
import type { Rejection, RejectionCode } from '../core/index.js';
import type { Fields } from './submission-fields.js';

/** The name inputs of the invitation form and of "someone arrived". */
const NAME = /^(convener|client|invitee\d+|join)Name$/;

/** The inputs that hold what a rejection's `field` names (the core's words, not the cards' ids). */
const BY_FIELD: Readonly<Record<string, RegExp>> = {
  purpose: /^purpose$/,
  topic: /^topics$/,
  startsAt: /^date$/,
  place: /^(place|followupPlace)$/,
  onlineUrl: /^(onlineUrl|followupUrl)$/,
  hostId: /^hostId$/,
  agreeBy: /^agreeBy$/,
  agreerId: /^agreerId$/,
  name: NAME,
  relation: /^(invitee\d+|join)Relation$/,
  organisation: /^(convener|invitee\d+)Organisation$/,
  what: /^what$/,
  ownerId: /^ownerId$/,
  due: /^due$/,
  other: /^withOthers$/,
  newDue: /^newDue$/,
  note: /^(noteText|statusNote|reviewNote)$/,
  wish: /^wishText$/,
  viewWish: /^viewWish$/,
  viewWorry: /^viewWorry$/,
  viewPossibility: /^viewPossibility$/,
  reason: /^(noneReason|skipReason|cancelReason)$/,
  at: /^followupDate$/,
  comment: /^(comment|clientComment(-[\w-]+)?|followupComment|memoComment)$/,
  hopeful: /^hopeful$/,
  trusting: /^trusting$/,
  clearer: /^clearer$/,
  onBehalfOf: /^onBehalfOf$/,
  floorTo: /^floorTo$/,
  viewFor: /^viewFor$/,
  newChairId: /^newChairId$/,
  newNoteTakerId: /^newNoteTakerId$/,
  responsibleId: /^responsibleId$/,
  claimFor: /^claimFor$/,
  preparation_help: /^prepHelp$/,
  preparation_who: /^prepWho$/,
  preparation_goal: /^prepGoal$/,
};

/** Refusals that name no field but are about one input all the same. */
const BY_CODE: Partial<Readonly<Record<RejectionCode, RegExp>>> = {
  'invitation.no_place': /^place$/,
  'invitation.invalid_duration': /^durationMinutes$/,
  'invitation.too_many_topics': /^topics$/,
  'input.invalid_locale': /^meetingLocale$/,
  'input.invalid_role': /^(invitee\d+|join)Role$/,
  'invitation.one_client': /^clientName$/,
  'invitation.one_safe_adult': /^safeAdult$/,
  'participant.safe_adult_not_close': /^safeAdult$/,
  'invitation.safe_adult_unnamed': /^safeAdult$/,
  'safe_adult.unchanged': /^safeAdult$/,
  'participant.duplicate': NAME,
  'auth.own_commitments_only': /^ownerId$/,
  'commitment.too_many_others': /^withOthers$/,
  'commitment.postpone_not_later': /^newDue$/,
  'followup.date_or_reason': /^followupDate$/,
  'followup.agree_by_later': /^agreeBy$/,
  'responsible.not_worker': /^responsibleId$/,
  'responsible.already': /^responsibleId$/,
  'onbehalf.has_account': /^onBehalfOf$/,
  'note.unknown_topic': /^noteTopic$/,
  'erase.choose': /^eraseWhat$/,
  'erase.self': /^eraseWhat$/,
};

const same = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/**
 * Among several inputs a refusal may be about (the invitation's rows), the one whose value broke
 * the rule: the empty one, the overlong one, the later of two with the same name.
 */
function culprit(r: Rejection, ids: readonly string[], fields: Fields): string | undefined {
  const value = (id: string) => fields[id] ?? '';
  const { max, name } = r.params ?? {};
  if (r.code === 'input.empty') return ids.find((id) => value(id).trim() === '');
  if (r.code === 'input.too_long' && typeof max === 'number')
    return ids.find((id) => value(id).trim().length > max);
  if (r.code === 'participant.duplicate' && typeof name === 'string')
    return ids.filter((id) => same(value(id), name)).at(-1);
  return undefined;
}

/**
 * The input of `inputs` (a form's input ids) that `rejection` is about, given what was sent in
 * `fields`; undefined when it is about none of them (the meeting moved on, a rule of who may act).
 */
export function refusedInput(
  rejection: Rejection,
  inputs: readonly string[],
  fields: Fields = {},
): string | undefined {
  const field = rejection.params?.field;
  const pattern = BY_CODE[rejection.code] ?? (typeof field === 'string' ? BY_FIELD[field] : undefined);
  if (!pattern) return undefined;
  const ids = inputs.filter((id) => pattern.test(id));
  return ids.length > 1 ? (culprit(rejection, ids, fields) ?? ids[0]) : ids[0];
}
