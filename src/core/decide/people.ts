/** Checking people entered on a form: who they are and that nobody is there twice. */
import type { PersonInput } from '../commands.js';
import { type Rejection, reject } from '../rejection.js';
import type { Attendance, Meeting, Participant } from '../types.js';
import { ROLE_ORDER } from '../types.js';
import { LIMITS, optionalText, text } from '../validate.js';

/** Case does not make another person, but a letter does: Mäkelä and Makela are different names. */
const NAMES = new Intl.Collator('fi', { sensitivity: 'accent' });
/** (As `localeCompare` with the same locale and options; one collator, as making one costs far more than using it.) */
const sameName = (a: string, b: string): boolean => NAMES.compare(a, b) === 0;

/** Validates one person and gives them the next participant id. */
export function toParticipant(
  input: PersonInput | undefined,
  id: string,
  invited: boolean,
  attendance: Attendance,
): Participant | Rejection {
  if (!input || typeof input !== 'object') return reject('input.empty', { field: 'person' });
  const name = text(input.name, 'name', LIMITS.name);
  if (typeof name !== 'string') return name;
  if (!ROLE_ORDER.includes(input.role)) return reject('input.invalid_role');
  const relation = optionalText(input.relation, 'relation', LIMITS.relation);
  if (typeof relation === 'object') return relation;
  const organisation = optionalText(input.organisation, 'organisation', LIMITS.organisation);
  if (typeof organisation === 'object') return organisation;
  const chatUserId = optionalText(input.chatUserId, 'chatUserId', LIMITS.name * 2);
  if (typeof chatUserId === 'object') return chatUserId;
  const safeAdult = input.safeAdult === true;
  if (safeAdult && input.role !== 'close') return reject('participant.safe_adult_not_close');
  return {
    id,
    name,
    role: input.role,
    ...(relation ? { relation } : {}),
    ...(organisation ? { organisation } : {}),
    ...(chatUserId ? { chatUserId } : {}),
    ...(safeAdult ? { safeAdult: true as const } : {}),
    invited,
    attendance,
  };
}

/** Rejects a person already among `others` by name or chat account. */
export function duplicateOf(person: Participant, others: readonly Participant[]): Rejection | undefined {
  const twin = others.find(
    (o) =>
      sameName(o.name, person.name) ||
      (person.chatUserId !== undefined && o.chatUserId === person.chatUserId),
  );
  return twin ? reject('participant.duplicate', { name: person.name }) : undefined;
}

/** Adds a new participant to a meeting after all the checks. */
export function newParticipant(
  m: Meeting,
  input: PersonInput | undefined,
  invited: boolean,
  attendance: Attendance,
): Participant | Rejection {
  if (m.participants.length >= LIMITS.participants)
    return reject('participant.too_many', { max: LIMITS.participants });
  const p = toParticipant(input, `p${m.seq.participant + 1}`, invited, attendance);
  if ('rejected' in p) return p;
  // Every meeting has its client from the invitation on (and keeps them): there is no room for another.
  if (p.role === 'client') return reject('invitation.one_client');
  if (p.safeAdult && m.participants.some((o) => o.safeAdult)) return reject('invitation.one_safe_adult');
  return duplicateOf(p, m.participants) ?? p;
}
