/**
 * An Adaptive Card body as Slack blocks, for the portable subset only: anything else is a bug in
 * a template (the templates' subset test keeps it out), so it throws.
 */
import { isRecord } from '../submission-fields.js';
import { type ButtonMaker, visibleActions } from './actions.js';
import { inputBlock } from './inputs.js';
import { LIMITS } from './limits.js';
import { bold, escapeMrkdwn, toMrkdwn, toPlain } from './mrkdwn.js';
import type { Block, Mrkdwn } from './types.js';
import { mrkdwn, plain } from './types.js';

type Node = Readonly<Record<string, unknown>>;

export interface BodyContext {
  readonly buttons: ButtonMaker;
  /** The action a modal's submit button already stands for. */
  readonly skip?: Node;
}

const nodes = (x: unknown): Node[] =>
  Array.isArray(x) ? x.filter(isRecord).filter((n) => n.isVisible !== false) : [];

const textOf = (n: Node): string => (typeof n.text === 'string' ? n.text : '');
const isHeading = (n: Node) => n.style === 'heading' || n.size === 'Large' || n.size === 'ExtraLarge';
const isQuiet = (n: Node) => n.isSubtle === true || n.size === 'Small';

/** A TextBlock as mrkdwn, bold where the card makes it stand out. */
const richText = (n: Node): string =>
  isHeading(n) || n.weight === 'Bolder' ? bold(toMrkdwn(textOf(n))) : toMrkdwn(textOf(n));

function textBlock(n: Node): Block[] {
  const text = textOf(n);
  if (!text.trim()) return [];
  if (isHeading(n)) {
    const heading = toPlain(text).trim();
    // A header holds 150 characters; a longer heading reads better whole, in bold, than cut.
    if (heading.length <= LIMITS.header) return [{ type: 'header', text: plain(heading) }];
  }
  if (isQuiet(n)) return [{ type: 'context', elements: [mrkdwn(toMrkdwn(text))] }];
  return [{ type: 'section', text: mrkdwn(richText(n)) }];
}

function factSet(n: Node): Block[] {
  const fields: Mrkdwn[] = nodes(n.facts).flatMap((f) => {
    const title = typeof f.title === 'string' ? f.title.trim() : '';
    const value = typeof f.value === 'string' ? f.value : '';
    if (!title && !value.trim()) return [];
    return [mrkdwn(title ? `*${escapeMrkdwn(toPlain(title))}*\n${toMrkdwn(value)}` : toMrkdwn(value))];
  });
  return fields.length ? [{ type: 'section', fields }] : [];
}

/** Columns of text read as side-by-side fields; columns with anything else are read in order. */
function columnSet(n: Node, ctx: BodyContext): Block[] {
  const columns = nodes(n.columns);
  const onlyText = columns.every((c) => nodes(c.items).every((i) => i.type === 'TextBlock'));
  if (!onlyText) return columns.flatMap((c) => blocksOf(c.items, ctx));
  const fields = columns
    .map((c) =>
      nodes(c.items)
        .filter((i) => textOf(i).trim())
        .map(richText)
        .join('\n'),
    )
    .filter((t) => t.trim())
    .map(mrkdwn);
  if (fields.length === 1 && fields[0]) return [{ type: 'section', text: fields[0] }];
  return fields.length ? [{ type: 'section', fields }] : [];
}

export function actionsBlock(actions: unknown, ctx: BodyContext): Block[] {
  const elements = visibleActions(actions)
    .filter((a) => a !== ctx.skip)
    .map((a) => ctx.buttons.button(a));
  return elements.length ? [{ type: 'actions', elements }] : [];
}

function element(n: Node, ctx: BodyContext): Block[] {
  switch (n.type) {
    case 'TextBlock':
      return textBlock(n);
    case 'FactSet':
      return factSet(n);
    case 'ColumnSet':
      return columnSet(n, ctx);
    case 'Container':
      return blocksOf(n.items, ctx);
    case 'ActionSet':
      return actionsBlock(n.actions, ctx);
    case 'Input.Text':
    case 'Input.ChoiceSet':
    case 'Input.Date':
    case 'Input.Time':
      return inputBlock(n);
    default:
      throw new Error(`the Slack translator does not support ${String(n.type)}`);
  }
}

/** Blocks for a list of card elements, in order; `separator` draws a line above its element. */
export function blocksOf(items: unknown, ctx: BodyContext): Block[] {
  return nodes(items).flatMap((n) => {
    const blocks = element(n, ctx);
    return n.separator === true && blocks.length ? [{ type: 'divider' as const }, ...blocks] : blocks;
  });
}

/** The section `next` can join: text after text while it fits, or fields under a text (a title over its facts). */
function joined(prev: Block | undefined, next: Block): Block | undefined {
  if (prev?.type !== 'section' || next.type !== 'section' || !prev.text || prev.fields) return undefined;
  if (next.text && !next.fields && prev.text.text.length + 1 + next.text.text.length <= LIMITS.sectionText) {
    return { type: 'section', text: mrkdwn(`${prev.text.text}\n${next.text.text}`) };
  }
  return !next.text && next.fields ? { type: 'section', text: prev.text, fields: next.fields } : undefined;
}

/** Neighbouring sections as one where Slack allows it: Slack counts blocks, people read paragraphs. */
export function mergeSections(blocks: readonly Block[]): Block[] {
  const out: Block[] = [];
  for (const block of blocks) {
    const merged = joined(out.at(-1), block);
    if (merged) out[out.length - 1] = merged;
    else out.push(block);
  }
  return out;
}
