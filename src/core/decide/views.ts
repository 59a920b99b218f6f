/**
 * Each one's view: in "why we are here" and the discussion everyone speaks of what they wish for,
 * what worries them and what they can do themself. The record keeper writes it down, one view a
 * person, so that the memo says what each one said and not only free notes.
 */
import type { CommandOf } from '../commands.js';
import { isRejection, reject } from '../rejection.js';
import { viewOf } from '../selectors.js';
import { type PersonView, VIEW_FIELDS } from '../types.js';
import { LIMITS, optionalText } from '../validate.js';
import {
  type Decision,
  type Env,
  firstOf,
  participantOrReject,
  requireRecordKeeper,
  requireWriting,
} from './env.js';

/** The rejection's field of each part: "toive", "huoli", "oma mahdollisuus". */
const FIELD = { wish: 'viewWish', worry: 'viewWorry', possibility: 'viewPossibility' } as const;

/** A person's view as said now: it replaces theirs; every text empty takes it away. */
export function record(env: Env, cmd: CommandOf<'view.record'>): Decision {
  const denied = firstOf(requireWriting(env), requireRecordKeeper(env));
  if (denied) return denied;
  const p = participantOrReject(env.m, cmd.participantId);
  if ('rejected' in p) return p;
  // Someone who left early said their part while here; someone not there said nothing.
  if (p.attendance !== 'present' && p.attendance !== 'left')
    return reject('participant.not_present', { name: p.name });
  const said: Record<string, string> = {};
  for (const field of VIEW_FIELDS) {
    const max = field === 'wish' && p.role === 'client' ? LIMITS.wish : LIMITS.view;
    const text = optionalText(cmd[field], FIELD[field], max);
    if (isRejection(text)) return text;
    if (text !== undefined) said[field] = text;
  }
  const now: PersonView = viewOf(env.m, p.id) ?? {};
  if (VIEW_FIELDS.every((f) => (now[f] ?? '') === (said[f] ?? ''))) return reject('view.unchanged');
  return [{ type: 'view.recorded', participantId: p.id, ...said }];
}
