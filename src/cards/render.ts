/** Fills the Adaptive Card template of a surface with its view-model. */
import { readFileSync } from 'node:fs';
import * as ACData from 'adaptivecards-templating';

export const SURFACES = [
  'invitation-form',
  'invitation',
  'board',
  'commitment-form',
  'commitments',
  'followup-form',
  'feedback-poll',
  'feedback-results',
  'memo',
  'reminder',
  'followup-reminder',
  'digest',
  'notice',
  'export',
  'erase-form',
  'confirm-form',
  'view-form',
] as const;
export type Surface = (typeof SURFACES)[number];

/** An Adaptive Card as JSON. Its exact shape is checked against the 1.5 schema in tests. */
export type AdaptiveCard = { readonly type: 'AdaptiveCard'; readonly version: string } & Record<
  string,
  unknown
>;

const templates = new Map<Surface, ACData.Template>();

/** The template as written in cards/<surface>.json, parsed once. */
export function templateOf(surface: Surface): unknown {
  return JSON.parse(readFileSync(new URL(`../../cards/${surface}.json`, import.meta.url), 'utf8'));
}

export function renderCard(surface: Surface, data: object): AdaptiveCard {
  let template = templates.get(surface);
  if (!template) {
    template = new ACData.Template(templateOf(surface));
    templates.set(surface, template);
  }
  return template.expand({ $root: data }) as AdaptiveCard;
}
