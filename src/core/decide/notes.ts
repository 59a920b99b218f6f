/** The memo's raw material: notes under a phase or topic, and the client's own wish. */
import type { CommandOf } from '../commands.js';
import { isRejection, reject } from '../rejection.js';
import { keepsRecord } from '../selectors.js';
import { LIMITS, optionalText, text } from '../validate.js';
import {
  type Decision,
  type Env,
  firstOf,
  RUNNING,
  requirePhase,
  requireRecordKeeper,
  requireWriting,
} from './env.js';

export function add(env: Env, cmd: CommandOf<'note.add'>): Decision {
  const denied = firstOf(requireWriting(env), requireRecordKeeper(env));
  if (denied) return denied;
  const body = text(cmd.text, 'note', LIMITS.note);
  if (isRejection(body)) return body;
  const topic = optionalText(cmd.topic, 'topic', LIMITS.topic);
  if (isRejection(topic)) return topic;
  if (topic && !env.m.invitation.topics.includes(topic)) return reject('note.unknown_topic');
  return [
    {
      type: 'note.added',
      noteId: `n${env.m.seq.note + 1}`,
      phase: env.m.phase,
      text: body,
      ...(topic ? { topic } : {}),
    },
  ];
}

export function edit(env: Env, cmd: CommandOf<'note.edit'>): Decision {
  const denied = firstOf(requireWriting(env), requireRecordKeeper(env));
  if (denied) return denied;
  const note = env.m.notes.find((n) => n.id === cmd.noteId);
  if (!note) return reject('note.unknown');
  const body = text(cmd.text, 'note', LIMITS.note);
  if (isRejection(body)) return body;
  if (body === note.text) return reject('note.unchanged');
  return [{ type: 'note.edited', noteId: note.id, text: body }];
}

/** What the client wishes the meeting leads to: in their words, or written down by the record keeper. */
export function recordWish(env: Env, cmd: CommandOf<'wish.record'>): Decision {
  const denied = requirePhase(env, RUNNING);
  if (denied) return denied;
  const isClient = env.m.participants.some((p) => p.id === env.subject && p.role === 'client');
  if (!isClient && !keepsRecord(env.m, env.actor)) return reject('auth.client_or_record_keeper_only');
  const wish = text(cmd.text, 'wish', LIMITS.wish);
  return isRejection(wish) ? wish : [{ type: 'wish.recorded', text: wish }];
}
