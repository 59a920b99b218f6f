/** Preparing with the client: the answers the worker and the client agree on, and the client's consent. */
import type { CommandOf, PreparationInput } from '../commands.js';
import { isRejection, type Rejection, reject } from '../rejection.js';
import { sameFields } from '../same.js';
import { findParticipant } from '../selectors.js';
import { PREPARATION_FIELDS, type Preparation } from '../types.js';
import { LIMITS, optionalText } from '../validate.js';
import { type Decision, type Env, firstOf, requireConvener, requirePhase } from './env.js';

/**
 * The preparation `input` makes of `current`: answers given replace the old ones (an empty one
 * clears it), the rest stay; `clientAgreed` records the consent, as `by` at `now`, or takes it back.
 */
export function toPreparation(
  input: PreparationInput | undefined,
  current: Preparation | undefined,
  by: string,
  now: string,
): Preparation | Rejection {
  if (input !== undefined && (input === null || typeof input !== 'object'))
    return reject('input.empty', { field: 'preparation' });
  const next: { -readonly [K in keyof Preparation]: Preparation[K] } = {};
  for (const field of PREPARATION_FIELDS) {
    const given = input?.[field] !== undefined ? input[field] : current?.[field];
    const clean = optionalText(given, `preparation_${field}`, LIMITS.preparation);
    if (isRejection(clean)) return clean;
    if (clean !== undefined) next[field] = clean;
  }
  const agreed = input?.clientAgreed ?? current?.consent !== undefined;
  if (agreed) next.consent = current?.consent ?? { at: now, by };
  return next;
}

export function update(env: Env, cmd: CommandOf<'preparation.update'>): Decision {
  const denied = firstOf(requirePhase(env, ['invited']), requireConvener(env));
  if (denied) return denied;
  const current = env.m.preparation;
  const preparation = toPreparation(cmd.changes ?? {}, current, env.actor ?? '', env.now);
  if (isRejection(preparation)) return preparation;
  const before = current ?? {};
  if (
    sameFields(preparation, before, PREPARATION_FIELDS) &&
    (preparation.consent === undefined) === (before.consent === undefined)
  )
    return reject('preparation.unchanged');
  return [{ type: 'preparation.updated', preparation }];
}

/** The client agrees to the meeting from their own invitation. */
export function agree(env: Env, _cmd: CommandOf<'preparation.agree'>): Decision {
  const denied = requirePhase(env, ['invited']);
  if (denied) return denied;
  if (findParticipant(env.m, env.actor)?.role !== 'client') return reject('auth.client_only');
  if (env.m.preparation?.consent) return reject('preparation.already_agreed');
  return [{ type: 'preparation.agreed' }];
}
