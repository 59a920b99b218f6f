/** The part of Block Kit that the translator writes: blocks, elements and views as Slack's JSON. */

export interface PlainText {
  type: 'plain_text';
  text: string;
}

export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
}

export interface SlackOption {
  text: PlainText;
  value: string;
}

export interface Button {
  type: 'button';
  text: PlainText;
  action_id: string;
  /** JSON of the action's data; absent on a link. */
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
}

interface Placeheld {
  action_id: string;
  placeholder?: PlainText;
}

export interface TextInput extends Placeheld {
  type: 'plain_text_input';
  multiline?: boolean;
  max_length?: number;
  initial_value?: string;
}

export interface SingleChoice extends Placeheld {
  type: 'static_select' | 'radio_buttons';
  options: SlackOption[];
  initial_option?: SlackOption;
}

export interface MultiChoice extends Placeheld {
  type: 'multi_static_select' | 'checkboxes';
  options: SlackOption[];
  initial_options?: SlackOption[];
}

export interface DatePicker extends Placeheld {
  type: 'datepicker';
  initial_date?: string;
}

export interface TimePicker extends Placeheld {
  type: 'timepicker';
  initial_time?: string;
}

/** Slack's own people picker: a channel puts it where a form asks which chat account someone uses. */
export interface UserPicker extends Placeheld {
  type: 'users_select';
  initial_user?: string;
}

export type InputElement = TextInput | SingleChoice | MultiChoice | DatePicker | TimePicker | UserPicker;

export interface SectionBlock {
  type: 'section';
  text?: Mrkdwn;
  fields?: Mrkdwn[];
}

export interface HeaderBlock {
  type: 'header';
  text: PlainText;
}

export interface ContextBlock {
  type: 'context';
  elements: Mrkdwn[];
}

export interface DividerBlock {
  type: 'divider';
}

export interface ActionsBlock {
  type: 'actions';
  elements: Button[];
}

export interface InputBlock {
  type: 'input';
  block_id: string;
  label: PlainText;
  element: InputElement;
  optional?: boolean;
}

export type Block = SectionBlock | HeaderBlock | ContextBlock | DividerBlock | ActionsBlock | InputBlock;

export interface SlackMessage {
  /** What notifications and screen readers show when the blocks cannot be. */
  text: string;
  blocks: Block[];
}

export interface ModalView {
  type: 'modal';
  callback_id: string;
  title: PlainText;
  submit?: PlainText;
  close?: PlainText;
  /** `{"verb", "data"}` of the card's primary action, which the modal's submit button stands for. */
  private_metadata?: string;
  /** Slack sends view_closed when the person closes it. */
  notify_on_close?: boolean;
  blocks: Block[];
}

export const plain = (text: string): PlainText => ({ type: 'plain_text', text });
export const mrkdwn = (text: string): Mrkdwn => ({ type: 'mrkdwn', text });
