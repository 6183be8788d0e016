/**
 * The few Block Kit shapes the cards use, typed here so `render/` stays free of Slack's SDK
 * (the linter keeps `@slack/*` out of it). They are structurally what `@slack/types` accepts.
 */

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
  /** `true`: no automatic links, channel names or mentions in the text. */
  verbatim?: boolean;
}

export type TextObject = PlainText | Mrkdwn;

export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: PlainText;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
  /** A dialog Slack shows before it sends the click; "Cancel" sends nothing. */
  confirm?: ConfirmDialog;
}

export interface ConfirmDialog {
  title: PlainText;
  text: TextObject;
  confirm: PlainText;
  deny: PlainText;
  style?: 'primary' | 'danger';
}

/** A menu of fixed options; its choice arrives as `selected_option.value`. */
export interface StaticSelectElement {
  type: 'static_select';
  action_id: string;
  placeholder: PlainText;
  options: { text: PlainText; value: string }[];
}

export interface HeaderBlock {
  type: 'header';
  block_id?: string;
  text: PlainText;
}

export interface SectionBlock {
  type: 'section';
  block_id?: string;
  text?: TextObject;
  fields?: TextObject[];
}

export interface ContextBlock {
  type: 'context';
  block_id?: string;
  elements: TextObject[];
}

export interface ActionsBlock {
  type: 'actions';
  block_id?: string;
  elements: (ButtonElement | StaticSelectElement)[];
}

export interface DividerBlock {
  type: 'divider';
  block_id?: string;
}

export type Block = HeaderBlock | SectionBlock | ContextBlock | ActionsBlock | DividerBlock;

/** A message: `text` is the notification fallback (and what screen readers announce). */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}
