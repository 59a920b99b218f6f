/**
 * Adaptive Card actions as Slack buttons. A button's action_id carries the verb (`<verb>#<n>`, the
 * number keeps ids unique in a message) and its value the action's data as JSON.
 */
import { isRecord } from '../submission-fields.js';
import type { Button } from './types.js';
import { plain } from './types.js';

type Node = Readonly<Record<string, unknown>>;

/** What pressing an action asks for: its verb and its fixed data (inputs come separately). */
export interface Intent {
  readonly verb: string;
  readonly data: Readonly<Record<string, unknown>>;
}

const SEPARATOR = '#';
/** A link button still reaches the app as a block action; this prefix says there is nothing to do. */
export const LINK_PREFIX = 'link';

export const actionIdOf = (verb: string, n: number): string => `${verb}${SEPARATOR}${n}`;

/** The verb in an action_id, or undefined when it is not one of ours. */
export function verbOfActionId(actionId: string): string | undefined {
  const at = actionId.lastIndexOf(SEPARATOR);
  const verb = at > 0 ? actionId.slice(0, at) : '';
  return verb && verb !== LINK_PREFIX && /^\d+$/.test(actionId.slice(at + 1)) ? verb : undefined;
}

/** The verb and data of an Execute or Submit action; a Submit's verb sits in its data. Undefined for a link. */
export function intentOf(action: Node): Intent | undefined {
  switch (action.type) {
    case 'Action.Execute': {
      if (typeof action.verb !== 'string' || !action.verb) throw new Error('Action.Execute without a verb');
      if (action.data !== undefined && !isRecord(action.data))
        throw new Error(`data of ${action.verb} is not an object`);
      return { verb: action.verb, data: action.data ?? {} };
    }
    case 'Action.Submit': {
      if (!isRecord(action.data) || typeof action.data.verb !== 'string') {
        throw new Error('Action.Submit without a verb in its data');
      }
      const { verb, ...data } = action.data;
      return { verb, data };
    }
    case 'Action.OpenUrl':
      return undefined;
    default:
      throw new Error(`the Slack translator does not support ${String(action.type)}`);
  }
}

/** Actions shown to people: not hidden, not disabled. An Execute's Submit fallback is for old clients only. */
export const visibleActions = (actions: unknown): Node[] =>
  Array.isArray(actions)
    ? actions.filter(isRecord).filter((a) => a.isVisible !== false && a.isEnabled !== false)
    : [];

/** Numbers buttons so that every action_id in one message or view differs. */
export class ButtonMaker {
  private n = 0;

  button(action: Node): Button {
    const title = typeof action.title === 'string' ? action.title : '';
    if (!title.trim()) throw new Error(`${String(action.type)} without a title`);
    const n = ++this.n;
    const intent = intentOf(action);
    if (!intent) {
      if (typeof action.url !== 'string') throw new Error('Action.OpenUrl without a url');
      return { type: 'button', text: plain(title), action_id: actionIdOf(LINK_PREFIX, n), url: action.url };
    }
    const style =
      action.style === 'positive' ? 'primary' : action.style === 'destructive' ? 'danger' : undefined;
    return {
      type: 'button',
      text: plain(title),
      action_id: actionIdOf(intent.verb, n),
      value: JSON.stringify(intent.data),
      ...(style ? { style } : {}),
    };
  }
}
