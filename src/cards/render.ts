/** Fills the Adaptive Card template of a surface with its view-model. */
import { readFileSync } from 'node:fs';
import { type CompiledTemplate, compileTemplate } from './compile.js';

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

/** The template as written in cards/<surface>.json. */
export function templateOf(surface: Surface): unknown {
  return JSON.parse(readFileSync(new URL(`../../cards/${surface}.json`, import.meta.url), 'utf8'));
}

/**
 * Every template, compiled once as the module loads: a template that uses more of the templating
 * language than our expander knows stops the app here, naming the template and the expression.
 */
const templates = new Map<Surface, CompiledTemplate>(
  SURFACES.map((surface) => [surface, compileTemplate(templateOf(surface), `cards/${surface}.json`)]),
);

/**
 * The card of a surface filled with its view-model, as `adaptivecards-templating` would fill it
 * (test/cards/compile.test.ts compares the two on every card and on random data).
 */
export function renderCard(surface: Surface, data: object): AdaptiveCard {
  return (templates.get(surface) as CompiledTemplate)(data) as AdaptiveCard;
}
