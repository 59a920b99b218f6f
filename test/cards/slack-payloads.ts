/** Slack's interaction payloads as Slack sends them, for cards translated to Block Kit. */

import type { toSlackModal } from '../../src/cards/slack/translate.js';
import type { Block, Button, SlackOption } from '../../src/cards/slack/types.js';

export type Choices = Readonly<Record<string, string | readonly string[]>>;

/** How Slack reports an option back: the option as sent, its text marked with emoji. */
const reported = (o: SlackOption) => ({ text: { ...o.text, emoji: true }, value: o.value });

/** `state.values` as Slack sends it after a person filled the translated inputs with `chosen`. */
export function slackState(blocks: readonly Block[], chosen: Choices) {
  const values: Record<string, Record<string, unknown>> = {};
  for (const b of blocks) {
    if (b.type !== 'input') continue;
    const e = b.element;
    const want = chosen[e.action_id];
    const list = want === undefined ? [] : typeof want === 'string' ? [want] : want;
    const pick = (options: SlackOption[]) => options.filter((o) => list.includes(o.value)).map(reported);
    const entry =
      e.type === 'plain_text_input'
        ? { type: e.type, value: list[0] ?? null }
        : e.type === 'static_select' || e.type === 'radio_buttons'
          ? { type: e.type, selected_option: pick(e.options)[0] ?? null }
          : e.type === 'multi_static_select' || e.type === 'checkboxes'
            ? { type: e.type, selected_options: pick(e.options) }
            : e.type === 'datepicker'
              ? { type: e.type, selected_date: list[0] ?? null }
              : { type: e.type, selected_time: list[0] ?? null };
    values[b.block_id] = { [e.action_id]: entry };
  }
  return { values };
}

const who = {
  user: { id: 'U0LIISA', username: 'liisa', name: 'liisa', team_id: 'T0TOIVO' },
  team: { id: 'T0TOIVO', domain: 'toivo' },
};

/** A real-shaped `block_actions` payload: the person pressed `button` in a message. */
export function blockActions(blocks: readonly Block[], button: Button, chosen: Choices) {
  return {
    type: 'block_actions',
    ...who,
    api_app_id: 'A0TOIVO',
    token: 'verification-token',
    container: {
      type: 'message',
      message_ts: '1764000000.000100',
      channel_id: 'C0NETWORK',
      is_ephemeral: false,
    },
    trigger_id: '1234.5678.abcdef',
    channel: { id: 'C0NETWORK', name: 'verkosto' },
    message: {
      type: 'message',
      ts: '1764000000.000100',
      bot_id: 'B0TOIVO',
      text: 'Uusi sovittu tehtävä',
      blocks,
    },
    state: slackState(blocks, chosen),
    response_url: 'https://hooks.slack.com/actions/T0TOIVO/1/abc',
    actions: [
      { ...button, block_id: 'Zx1', text: { ...button.text, emoji: true }, action_ts: '1764000010.000200' },
    ],
  };
}

/** A real-shaped `view_submission` payload for the translated modal. */
export function viewSubmission(view: ReturnType<typeof toSlackModal>, chosen: Choices) {
  return {
    type: 'view_submission',
    ...who,
    api_app_id: 'A0TOIVO',
    token: 'verification-token',
    trigger_id: '1234.5678.abcdef',
    view: {
      id: 'V0FORM',
      team_id: 'T0TOIVO',
      app_id: 'A0TOIVO',
      bot_id: 'B0TOIVO',
      ...view,
      state: slackState(view.blocks, chosen),
      hash: '1764000000.abc',
      previous_view_id: null,
      root_view_id: 'V0FORM',
      external_id: '',
      clear_on_close: false,
      notify_on_close: false,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}
