/**
 * Adaptive Card inputs as Slack input blocks. block_id and action_id are both the input's id, so
 * a submission reads the same field names on either platform.
 */
import type { InputBlock, InputElement, SlackOption } from './types.js';
import { plain } from './types.js';

type Node = Readonly<Record<string, unknown>>;

const text = (node: Node, key: string): string | undefined =>
  typeof node[key] === 'string' && (node[key] as string).trim() ? (node[key] as string) : undefined;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;

function choices(node: Node): SlackOption[] {
  const list = Array.isArray(node.choices) ? (node.choices as Node[]) : [];
  return list.map((c) => ({ text: plain(String(c.title ?? c.value ?? '')), value: String(c.value ?? '') }));
}

function choiceElement(node: Node, id: string): InputElement | undefined {
  const options = choices(node);
  if (!options.length) return undefined; // Slack refuses a menu with nothing in it
  const chosen = new Set((text(node, 'value') ?? '').split(',').map((v) => v.trim()));
  const initial = options.filter((o) => chosen.has(o.value));
  const expanded = node.style === 'expanded' && options.length <= 10;
  const placeholder = text(node, 'placeholder');
  const shown = !expanded && placeholder ? { placeholder: plain(placeholder) } : {};
  if (node.isMultiSelect === true) {
    return {
      type: expanded ? 'checkboxes' : 'multi_static_select',
      action_id: id,
      options,
      ...shown,
      ...(initial.length ? { initial_options: initial } : {}),
    };
  }
  return {
    type: expanded ? 'radio_buttons' : 'static_select',
    action_id: id,
    options,
    ...shown,
    ...(initial[0] ? { initial_option: initial[0] } : {}),
  };
}

function element(node: Node, id: string): InputElement | undefined {
  const value = text(node, 'value');
  const placeholder = text(node, 'placeholder');
  const shown = placeholder ? { placeholder: plain(placeholder) } : {};
  switch (node.type) {
    case 'Input.Text':
      return {
        type: 'plain_text_input',
        action_id: id,
        ...(node.isMultiline === true ? { multiline: true } : {}),
        ...(typeof node.maxLength === 'number' && node.maxLength > 0 ? { max_length: node.maxLength } : {}),
        ...(value ? { initial_value: value } : {}),
        ...shown,
      };
    case 'Input.ChoiceSet':
      return choiceElement(node, id);
    case 'Input.Date':
      return {
        type: 'datepicker',
        action_id: id,
        ...(value && DATE.test(value) ? { initial_date: value } : {}),
        ...shown,
      };
    case 'Input.Time':
      return {
        type: 'timepicker',
        action_id: id,
        ...(value && TIME.test(value) ? { initial_time: value } : {}),
        ...shown,
      };
    default:
      throw new Error(`not an input: ${String(node.type)}`);
  }
}

/** The input as a block; none for a choice with no choices, which no one could answer anyway. */
export function inputBlock(node: Node): InputBlock[] {
  const id = text(node, 'id');
  if (!id) throw new Error(`${String(node.type)} without an id`);
  const label = text(node, 'label') ?? text(node, 'placeholder');
  if (!label) throw new Error(`${id} has no label`);
  const el = element(node, id);
  if (!el) return [];
  return [
    {
      type: 'input',
      block_id: id,
      label: plain(label),
      element: el,
      ...(node.isRequired === true ? {} : { optional: true }),
    },
  ];
}
