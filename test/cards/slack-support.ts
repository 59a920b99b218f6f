/**
 * Checks Slack output against Block Kit as Slack documents it (block and element shapes, and the
 * published limits written out here again, so that the translator is checked against Slack and
 * not against itself).
 */
import assert from 'node:assert/strict';
import type { Block, ModalView } from '../../src/cards/slack/types.js';

type Node = Record<string, unknown>;

const SHAPES: Record<string, { required: string[]; optional: string[] }> = {
  section: { required: [], optional: ['text', 'fields', 'block_id'] },
  header: { required: ['text'], optional: ['block_id'] },
  context: { required: ['elements'], optional: ['block_id'] },
  divider: { required: [], optional: ['block_id'] },
  actions: { required: ['elements'], optional: ['block_id'] },
  input: { required: ['label', 'element'], optional: ['block_id', 'optional', 'hint', 'dispatch_action'] },
};

const ELEMENTS: Record<string, string[]> = {
  plain_text_input: ['multiline', 'max_length', 'min_length', 'initial_value', 'placeholder'],
  static_select: ['options', 'initial_option', 'placeholder'],
  multi_static_select: ['options', 'initial_options', 'placeholder'],
  radio_buttons: ['options', 'initial_option'],
  checkboxes: ['options', 'initial_options'],
  datepicker: ['initial_date', 'placeholder'],
  timepicker: ['initial_time', 'placeholder'],
};

function keysWithin(node: Node, allowed: string[], where: string): void {
  for (const key of Object.keys(node)) assert.ok(allowed.includes(key), `${where}: unexpected ${key}`);
}

function text(obj: unknown, kind: 'plain_text' | 'mrkdwn' | 'any', max: number, where: string): string {
  const t = obj as Node;
  assert.ok(t && typeof t === 'object', `${where}: no text object`);
  if (kind !== 'any') assert.equal(t.type, kind, `${where}: text type`);
  else assert.ok(t.type === 'plain_text' || t.type === 'mrkdwn', `${where}: text type`);
  keysWithin(t, ['type', 'text', 'emoji', 'verbatim'], where);
  assert.equal(typeof t.text, 'string', `${where}: text`);
  const s = t.text as string;
  assert.ok(s.trim().length > 0, `${where}: empty text`);
  assert.ok(s.length <= max, `${where}: ${s.length} characters, over ${max}`);
  return s;
}

const id = (value: unknown, where: string): string => {
  assert.ok(
    typeof value === 'string' && value.length > 0 && value.length <= 255,
    `${where}: id ${String(value)}`,
  );
  return value as string;
};

function option(o: unknown, where: string): string {
  const n = o as Node;
  keysWithin(n, ['text', 'value', 'description'], where);
  text(n.text, 'plain_text', 75, `${where} text`);
  assert.ok(typeof n.value === 'string' && n.value.length <= 150, `${where}: value`);
  return n.value as string;
}

function element(e: Node, where: string, ids: Set<string>): void {
  const allowed = ELEMENTS[e.type as string];
  assert.ok(allowed, `${where}: unknown element ${String(e.type)}`);
  keysWithin(e, ['type', 'action_id', ...allowed], where);
  ids.add(id(e.action_id, `${where} action_id`));
  if (e.placeholder !== undefined) text(e.placeholder, 'plain_text', 150, `${where} placeholder`);
  if (e.type === 'plain_text_input') {
    const max = (e.max_length as number | undefined) ?? 3000;
    assert.ok(max <= 3000, `${where}: max_length`);
    if (e.initial_value !== undefined)
      assert.ok((e.initial_value as string).length <= max, `${where}: initial_value`);
  }
  if (Array.isArray(e.options)) {
    const expanded = e.type === 'radio_buttons' || e.type === 'checkboxes';
    assert.ok(
      e.options.length >= 1 && e.options.length <= (expanded ? 10 : 100),
      `${where}: ${e.options.length} options`,
    );
    e.options.forEach((o, i) => {
      option(o, `${where} option ${i}`);
    });
    const initial = [e.initial_option, ...((e.initial_options as unknown[]) ?? [])].filter(Boolean);
    for (const o of initial)
      assert.ok(
        e.options.some((x) => JSON.stringify(x) === JSON.stringify(o)),
        `${where}: initial option not among options`,
      );
  }
  if (e.initial_date !== undefined) assert.match(e.initial_date as string, /^\d{4}-\d{2}-\d{2}$/);
  if (e.initial_time !== undefined) assert.match(e.initial_time as string, /^\d{2}:\d{2}$/);
}

function block(b: Node, where: string, ids: Set<string>, blockIds: Set<string>): void {
  const shape = SHAPES[b.type as string];
  assert.ok(shape, `${where}: unknown block ${String(b.type)}`);
  keysWithin(b, ['type', ...shape.required, ...shape.optional], where);
  for (const key of shape.required) assert.ok(b[key] !== undefined, `${where}: no ${key}`);
  if (b.block_id !== undefined) {
    const bid = id(b.block_id, `${where} block_id`);
    assert.ok(!blockIds.has(bid), `${where}: block_id ${bid} twice`);
    blockIds.add(bid);
  }
  switch (b.type) {
    case 'section': {
      assert.ok(b.text !== undefined || b.fields !== undefined, `${where}: neither text nor fields`);
      if (b.text !== undefined) text(b.text, 'any', 3000, `${where} text`);
      if (b.fields !== undefined) {
        const fields = b.fields as unknown[];
        assert.ok(fields.length >= 1 && fields.length <= 10, `${where}: ${fields.length} fields`);
        for (const [i, f] of fields.entries()) text(f, 'any', 2000, `${where} field ${i}`);
      }
      break;
    }
    case 'header':
      text(b.text, 'plain_text', 150, `${where} header`);
      break;
    case 'context': {
      const els = b.elements as unknown[];
      assert.ok(els.length >= 1 && els.length <= 10, `${where}: context elements`);
      for (const [i, e] of els.entries()) text(e, 'any', 3000, `${where} context ${i}`);
      break;
    }
    case 'actions': {
      const els = b.elements as Node[];
      assert.ok(els.length >= 1 && els.length <= 25, `${where}: ${els.length} elements`);
      els.forEach((e, i) => {
        const at = `${where} button ${i}`;
        assert.equal(e.type, 'button', at);
        keysWithin(
          e,
          ['type', 'text', 'action_id', 'value', 'url', 'style', 'confirm', 'accessibility_label'],
          at,
        );
        text(e.text, 'plain_text', 75, `${at} text`);
        const aid = id(e.action_id, `${at} action_id`);
        assert.ok(!ids.has(aid), `${at}: action_id ${aid} twice`);
        ids.add(aid);
        if (e.value !== undefined)
          assert.ok(typeof e.value === 'string' && e.value.length <= 2000, `${at}: value`);
        if (e.url !== undefined) assert.ok(typeof e.url === 'string' && e.url.length <= 3000, `${at}: url`);
        if (e.style !== undefined) assert.ok(e.style === 'primary' || e.style === 'danger', `${at}: style`);
      });
      break;
    }
    case 'input':
      text(b.label, 'plain_text', 2000, `${where} label`);
      if (b.optional !== undefined) assert.equal(typeof b.optional, 'boolean');
      element(b.element as Node, `${where} element`, ids);
      break;
  }
}

/** Blocks Slack would take on a surface: known shapes, every limit held, ids unique. */
export function assertSlackBlocks(blocks: readonly Block[], surface: 'message' | 'modal'): void {
  const max = surface === 'message' ? 50 : 100;
  assert.ok(blocks.length <= max, `${blocks.length} blocks in a ${surface}, over ${max}`);
  const ids = new Set<string>();
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    block(b as unknown as Node, `block ${i} (${b.type})`, ids, blockIds);
  });
}

export function assertSlackModal(view: ModalView): void {
  keysWithin(
    view as unknown as Node,
    ['type', 'callback_id', 'title', 'submit', 'close', 'private_metadata', 'blocks'],
    'view',
  );
  assert.equal(view.type, 'modal');
  id(view.callback_id, 'callback_id');
  text(view.title, 'plain_text', 24, 'title');
  if (view.submit) text(view.submit, 'plain_text', 24, 'submit');
  if (view.close) text(view.close, 'plain_text', 24, 'close');
  if (view.private_metadata !== undefined)
    assert.ok(view.private_metadata.length <= 3000, 'private_metadata');
  if (view.blocks.some((b) => b.type === 'input')) assert.ok(view.submit, 'a modal with inputs needs submit');
  assertSlackBlocks(view.blocks, 'modal');
}
