/**
 * Slack interaction payloads as one submission shape `{verb, fields}`: the clicked button's verb
 * and data (or a modal's primary action, kept in private_metadata) plus every input's value.
 * Anything malformed gives undefined; platform input never throws.
 */

import { type Fields, isRecord, parseObject, stringFields } from '../submission-fields.js';
import type { Submission } from '../submit.js';
import { verbOfActionId } from './actions.js';

type Entry = Readonly<Record<string, unknown>>;

/** Slack sends null for an input left empty; anything but text is malformed (null here). */
const optionalText = (x: unknown): string | null =>
  x === undefined || x === null ? '' : typeof x === 'string' ? x : null;

const optionValue = (o: unknown): string | null =>
  isRecord(o) && typeof o.value === 'string' ? o.value : null;

function optionValues(x: unknown): string | null {
  if (x === undefined || x === null) return '';
  if (!Array.isArray(x)) return null;
  const values = x.map(optionValue);
  return values.some((v) => v === null) ? null : values.join(',');
}

/** One `state.values` entry as text: "" when empty, null when malformed, undefined when not an element we make. */
function entryValue(entry: Entry): string | null | undefined {
  switch (entry.type) {
    case 'plain_text_input':
      return optionalText(entry.value);
    case 'static_select':
    case 'radio_buttons':
      return entry.selected_option === undefined || entry.selected_option === null
        ? ''
        : optionValue(entry.selected_option);
    case 'multi_static_select':
    case 'checkboxes':
      return optionValues(entry.selected_options);
    case 'datepicker':
      return optionalText(entry.selected_date);
    case 'timepicker':
      return optionalText(entry.selected_time);
    case 'users_select':
      return optionalText(entry.selected_user);
    default:
      return undefined;
  }
}

/** `state.values` (block_id → action_id → entry) as fields named by action_id, which is the input's id. */
export function stateFields(values: unknown): Fields | undefined {
  if (values === undefined) return {};
  if (!isRecord(values)) return undefined;
  const fields: Fields = {};
  for (const block of Object.values(values)) {
    if (!isRecord(block)) return undefined;
    for (const [actionId, entry] of Object.entries(block)) {
      if (!isRecord(entry)) return undefined;
      const value = entryValue(entry);
      if (value === null) return undefined;
      if (value !== undefined) fields[actionId] = value;
    }
  }
  return fields;
}

function submission(verb: unknown, data: unknown, values: unknown): Submission | undefined {
  if (typeof verb !== 'string' || !verb) return undefined;
  const fields = stringFields(data);
  const inputs = stateFields(values);
  // Inputs win over data of the same name, as in Teams, where they are merged into the data.
  return fields && inputs ? { verb, fields: { ...fields, ...inputs } } : undefined;
}

/** A button press in a message or a modal (`block_actions`). Links and other elements give undefined. */
export function fromBlockActions(payload: unknown): Submission | undefined {
  if (!isRecord(payload) || payload.type !== 'block_actions' || !Array.isArray(payload.actions))
    return undefined;
  const action: unknown = payload.actions[0];
  if (!isRecord(action) || action.type !== 'button' || typeof action.action_id !== 'string') return undefined;
  const view = isRecord(payload.view) ? payload.view : undefined;
  const state = isRecord(payload.state) ? payload.state : isRecord(view?.state) ? view.state : undefined;
  return submission(verbOfActionId(action.action_id), parseObject(action.value), state?.values);
}

/** A modal's submit (`view_submission`): the verb and data toSlackModal put in private_metadata. */
export function fromViewSubmission(payload: unknown): Submission | undefined {
  if (!isRecord(payload) || payload.type !== 'view_submission' || !isRecord(payload.view)) return undefined;
  const meta = parseObject(payload.view.private_metadata);
  const state = isRecord(payload.view.state) ? payload.view.state : undefined;
  if (!meta || !state) return undefined;
  return submission(meta.verb, meta.data, state.values);
}
