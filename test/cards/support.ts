/** Checks every card test shares: the 1.5 schema, the portable subset, Teams' size limit. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import draft6 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };

const { id, ...rest } = JSON.parse(
  readFileSync(new URL('../schemas/adaptive-card-1.5.schema.json', import.meta.url), 'utf8'),
);
// Draft-06 names the schema with `id`; Ajv 8 reads only `$id`. The file itself stays a faithful copy.
const schema = { $id: id, ...rest };
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addMetaSchema(draft6);
const validate = ajv.compile(schema);

export function assertValidCard(card: unknown, what = 'card'): void {
  const ok = validate(card);
  assert.ok(
    ok,
    `${what} is not a valid Adaptive Card 1.5: ${ajv.errorsText(validate.errors, { separator: '\n' })}`,
  );
}

/** The elements and actions that translate fully to Slack Block Kit (DESIGN.md §5). */
export const PORTABLE = new Set([
  'AdaptiveCard',
  'TextBlock',
  'FactSet',
  'ColumnSet',
  'Column',
  'Container',
  'Input.Text',
  'Input.ChoiceSet',
  'Input.Date',
  'Input.Time',
  'ActionSet',
  'Action.Execute',
  'Action.Submit',
  'Action.OpenUrl',
]);

/** Every `type` in a card or template, wherever it sits. */
export function typesIn(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) typesIn(item, found);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'type' && typeof value === 'string') found.add(value);
      else typesIn(value, found);
    }
  }
  return found;
}

/** Teams refuses messages over 40 KB; keep a margin for the activity around the card. */
export const TEAMS_CARD_BYTES = 38 * 1024;
export const bytes = (card: unknown): number => Buffer.byteLength(JSON.stringify(card), 'utf8');

/** Properties people read or hear; in a template each must be a binding, never literal text. */
export const TEXT_PROPERTIES = new Set([
  'text',
  'title',
  'label',
  'placeholder',
  'altText',
  'fallbackText',
  'speak',
  'errorMessage',
  'value',
]);

/** Literal text found in a template's readable properties. */
export function literalTexts(node: unknown, path = '$', found: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) literalTexts(item, `${path}[${i}]`, found);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (TEXT_PROPERTIES.has(key) && typeof value === 'string' && !/^\$\{[^}]+\}$/.test(value.trim())) {
        found.push(`${path}.${key} = ${JSON.stringify(value)}`);
      } else literalTexts(value, `${path}.${key}`, found);
    }
  }
  return found;
}

export type CardNode = Record<string, unknown>;

/** Every element, input and action of a card (anything with a `type`), depth first. */
export function elementsIn(node: unknown, found: CardNode[] = []): CardNode[] {
  if (Array.isArray(node)) for (const item of node) elementsIn(item, found);
  else if (node && typeof node === 'object') {
    if (typeof (node as CardNode).type === 'string') found.push(node as CardNode);
    for (const value of Object.values(node)) elementsIn(value, found);
  }
  return found;
}

/** The url of each Action.OpenUrl of a card (or anything holding cards), by its title. */
export function openUrls(node: unknown, found: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(node)) for (const x of node) openUrls(x, found);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'Action.OpenUrl') found[String(o.title)] = String(o.url);
    for (const v of Object.values(o)) openUrls(v, found);
  }
  return found;
}
