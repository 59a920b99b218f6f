/**
 * Teams card submissions as one shape `{verb, fields}`: `adaptiveCard/action` invokes (Action.Execute,
 * whose data already holds the inputs) and the Action.Submit fallback (verb, data and inputs side by
 * side). Anything malformed gives undefined; platform input never throws.
 */
import { isRecord, stringFields } from '../submission-fields.js';
import type { Submission } from '../submit.js';

/** The `value` of an `adaptiveCard/action` invoke activity. */
export function fromTeamsInvoke(value: unknown): Submission | undefined {
  if (!isRecord(value) || !isRecord(value.action)) return undefined;
  const { type, verb, data } = value.action;
  if (type !== 'Action.Execute' || typeof verb !== 'string' || !verb) return undefined;
  const fields = data === undefined || data === null ? {} : stringFields(data);
  return fields && { verb, fields };
}

/** The `value` of a message activity sent by an Action.Submit fallback. */
export function fromTeamsSubmit(value: unknown): Submission | undefined {
  if (!isRecord(value) || typeof value.verb !== 'string' || !value.verb) return undefined;
  const { verb, ...rest } = value;
  const fields = stringFields(rest);
  return fields && { verb, fields };
}
