/** What every command handler gets, and the small helpers they share. */
import type { EventBody } from '../events.js';
import { type Rejection, reject } from '../rejection.js';
import { findParticipant, isActingChair, isMemoDraft, isPresent, keepsRecord } from '../selectors.js';
import { MEETING_PHASES, type Meeting, type MeetingPhase, type Participant, type Phase } from '../types.js';

export interface Env {
  readonly m: Meeting;
  /** Who sent the command. */
  readonly actor: string | undefined;
  /** Whose act it is: the actor, or the person they act for. */
  readonly subject: string | undefined;
  readonly onBehalf: boolean;
  readonly now: string;
}

export type Decision = readonly EventBody[] | Rejection;

export const requireChair = (env: Env): Rejection | undefined =>
  isActingChair(env.m, env.actor) ? undefined : reject('auth.chair_only');

export const requireRecordKeeper = (env: Env): Rejection | undefined =>
  keepsRecord(env.m, env.actor) ? undefined : reject('auth.chair_or_notetaker_only');

export const requireConvener = (env: Env): Rejection | undefined =>
  env.actor === env.m.convenerId ? undefined : reject('auth.convener_only');

/** The command belongs to certain phases. */
export const requirePhase = (env: Env, phases: readonly Phase[]): Rejection | undefined =>
  phases.includes(env.m.phase) ? undefined : reject('phase.wrong', { phase: env.m.phase });

export const RUNNING: readonly MeetingPhase[] = MEETING_PHASES;

/** The memo's material is written while the meeting runs, and after it while the memo is still a draft. */
export const requireWriting = (env: Env): Rejection | undefined =>
  isMemoDraft(env.m) ? undefined : requirePhase(env, RUNNING);

export const participantOrReject = (m: Meeting, id: unknown): Participant | Rejection =>
  (typeof id === 'string' ? findParticipant(m, id) : undefined) ?? reject('participant.unknown');

export function presentOrReject(m: Meeting, id: unknown): Participant | Rejection {
  const p = participantOrReject(m, id);
  if ('rejected' in p) return p;
  return isPresent(p) ? p : reject('participant.not_present', { name: p.name });
}

/** The first rejection among checks, if any. */
export const firstOf = (...checks: readonly (Rejection | undefined)[]): Rejection | undefined =>
  checks.find((c) => c !== undefined);
