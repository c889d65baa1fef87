/** A Slack `mrkdwn` or `plain_text` text object (Block Kit). */
export interface SlackText {
  readonly type: 'mrkdwn' | 'plain_text';
  readonly text: string;
}

/** The Block Kit blocks the notifier uses. */
export type SlackBlock =
  | { readonly type: 'header'; readonly text: SlackText & { readonly type: 'plain_text' } }
  | { readonly type: 'section'; readonly text?: SlackText; readonly fields?: readonly SlackText[] }
  | { readonly type: 'context'; readonly elements: readonly SlackText[] };

/**
 * The JSON body of a Slack incoming-webhook POST. `text` is what notifications and screen readers show; `blocks`
 * is what the channel shows.
 */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}
