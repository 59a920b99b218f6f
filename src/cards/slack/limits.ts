/**
 * Slack's Block Kit limits, enforced here and nowhere else. Text over a limit is shortened where
 * people can see it ("…"); ids and values the app reads back cannot be shortened, so an overlong
 * one is a bug and throws.
 */
import { ELLIPSIS, shorten } from '../shorten.js';
import { escapeMrkdwn } from './mrkdwn.js';
import type { Block, Button, InputElement, SlackOption } from './types.js';
import { mrkdwn, plain } from './types.js';

export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  messageText: 3000,
  sectionText: 3000,
  field: 2000,
  fieldsPerSection: 10,
  header: 150,
  contextText: 3000,
  buttonLabel: 75,
  buttonValue: 2000,
  url: 3000,
  id: 255,
  elementsPerActions: 25,
  inputLabel: 2000,
  placeholder: 150,
  textInput: 3000,
  optionText: 75,
  optionValue: 150,
  options: 100,
  expandedOptions: 10,
  modalTexts: 24,
  privateMetadata: 3000,
} as const;

export { shorten };

/** Like `shorten`, and never leaves half an `&amp;` or half a `<url|link>` behind. */
export function shortenMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept = shorten(text, max).slice(0, -ELLIPSIS.length);
  const safe = kept.replace(/&[a-z]*$/, '').replace(/<[^>]*$/, '');
  return safe.trimEnd() + ELLIPSIS;
}

/** Throws for an id or value that would be cut: the app could no longer read it back. */
export function requireWithin(value: string, max: number, what: string): string {
  if (value.length > max)
    throw new Error(`Slack ${what} is ${value.length} characters, over ${max}: ${value.slice(0, 80)}…`);
  return value;
}

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

function limitButton(b: Button): Button {
  requireWithin(b.action_id, LIMITS.id, 'action_id');
  if (b.value !== undefined) requireWithin(b.value, LIMITS.buttonValue, `button value of ${b.action_id}`);
  if (b.url !== undefined) requireWithin(b.url, LIMITS.url, 'button url');
  return { ...b, text: plain(shorten(b.text.text, LIMITS.buttonLabel)) };
}

function limitOptions(options: readonly SlackOption[]): SlackOption[] {
  return options.slice(0, LIMITS.options).map((o) => ({
    text: plain(shorten(o.text.text, LIMITS.optionText)),
    value: requireWithin(o.value, LIMITS.optionValue, 'option value'),
  }));
}

function limitElement(e: InputElement): InputElement {
  requireWithin(e.action_id, LIMITS.id, 'action_id');
  const placeholder = e.placeholder && plain(shorten(e.placeholder.text, LIMITS.placeholder));
  const base = { ...e, ...(placeholder ? { placeholder } : {}) };
  switch (base.type) {
    case 'plain_text_input': {
      const max = Math.min(base.max_length ?? LIMITS.textInput, LIMITS.textInput);
      const initial = base.initial_value && shorten(base.initial_value, max);
      return { ...base, max_length: max, ...(initial ? { initial_value: initial } : {}) };
    }
    case 'static_select':
    case 'radio_buttons': {
      const options = limitOptions(base.options);
      const initial = options.find((o) => o.value === base.initial_option?.value);
      const type = options.length > LIMITS.expandedOptions ? 'static_select' : base.type;
      const { initial_option: _, ...rest } = base;
      return { ...rest, type, options, ...(initial ? { initial_option: initial } : {}) };
    }
    case 'multi_static_select':
    case 'checkboxes': {
      const options = limitOptions(base.options);
      const chosen = new Set(base.initial_options?.map((o) => o.value));
      const initial = options.filter((o) => chosen.has(o.value));
      const type = options.length > LIMITS.expandedOptions ? 'multi_static_select' : base.type;
      const { initial_options: _, ...rest } = base;
      return { ...rest, type, options, ...(initial.length ? { initial_options: initial } : {}) };
    }
    default:
      return base;
  }
}

/** One block within its limits; a section with many fields or a long row of buttons may become several. */
export function limitBlock(block: Block): Block[] {
  switch (block.type) {
    case 'section': {
      const text = block.text && mrkdwn(shortenMrkdwn(block.text.text, LIMITS.sectionText));
      const fields = (block.fields ?? []).map((f) => mrkdwn(shortenMrkdwn(f.text, LIMITS.field)));
      if (!fields.length) return text ? [{ type: 'section', text }] : [];
      return chunks(fields, LIMITS.fieldsPerSection).map((part, i) => ({
        type: 'section',
        ...(i === 0 && text ? { text } : {}),
        fields: part,
      }));
    }
    case 'header':
      return [{ type: 'header', text: plain(shorten(block.text.text, LIMITS.header)) }];
    case 'context':
      return [
        {
          type: 'context',
          elements: block.elements.map((e) => mrkdwn(shortenMrkdwn(e.text, LIMITS.contextText))),
        },
      ];
    case 'actions':
      return chunks(block.elements.map(limitButton), LIMITS.elementsPerActions).map((elements) => ({
        type: 'actions',
        elements,
      }));
    case 'input':
      requireWithin(block.block_id, LIMITS.id, 'block_id');
      return [
        {
          ...block,
          label: plain(shorten(block.label.text, LIMITS.inputLabel)),
          element: limitElement(block.element),
        },
      ];
    case 'divider':
      return [block];
  }
}

const interactive = (b: Block): boolean => b.type === 'actions' || b.type === 'input';

/**
 * At most `max` blocks. Lines go first; then text from the point where the room runs out, with a
 * visible `more` line there; blocks people act on (buttons, inputs) stay wherever they are.
 */
export function fitBlocks(blocks: readonly Block[], max: number, more: string): Block[] {
  if (blocks.length <= max) return [...blocks];
  const solid = blocks.filter((b) => b.type !== 'divider');
  if (solid.length <= max) return solid;
  const moreLine: Block = {
    type: 'context',
    elements: [mrkdwn(escapeMrkdwn(shorten(more, LIMITS.contextText)))],
  };
  let room = max - 1 - solid.filter(interactive).length;
  if (room < 0) return [...solid.slice(0, max - 1), moreLine]; // more to act on than fits: a bug in the card
  const out: Block[] = [];
  let cut = false;
  for (const block of solid) {
    if (interactive(block)) out.push(block);
    else if (!cut && room > 0) {
      out.push(block);
      room -= 1;
    } else if (!cut) {
      cut = true;
      out.push(moreLine);
    }
  }
  return out;
}

/** Slack refuses a message or view in which two inputs share a block_id (Teams would mix up their values too). */
function requireUniqueInputs(blocks: readonly Block[]): void {
  const seen = new Set<string>();
  for (const b of blocks) {
    if (b.type !== 'input') continue;
    if (seen.has(b.block_id)) throw new Error(`two inputs with the id ${b.block_id}`);
    seen.add(b.block_id);
  }
}

/** Every block within its limits, and no more blocks than the surface takes. */
export function withinLimits(blocks: readonly Block[], max: number, more: string): Block[] {
  requireUniqueInputs(blocks);
  return fitBlocks(blocks.flatMap(limitBlock), max, more);
}
