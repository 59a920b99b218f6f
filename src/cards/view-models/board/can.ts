/**
 * Whether the core would accept a command now. The board offers a button only when pressing it
 * would work, and asks the rules themselves rather than keeping a second copy of them.
 */
import { type Command, decide, isRejection, type Meeting, type Rejection } from '../../../core/index.js';

/** Why `actor` may not do `command` now, or undefined when they may. */
export function refusal(m: Meeting, actor: string, command: Command): Rejection | undefined {
  // The clock only stamps events and checks dates; none of the commands asked about here reads it.
  const result = decide(m, command, { now: m.startedAt ?? m.invitation.startsAt, actor });
  return isRejection(result) ? result : undefined;
}

export const can = (m: Meeting, actor: string, command: Command): boolean =>
  refusal(m, actor, command) === undefined;
