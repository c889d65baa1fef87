import { escapeMrkdwn } from './escapeMrkdwn.js';
import type { SlackMessage } from './SlackMessage.js';

const MAX_BODY = 1500;

/**
 * The Slack message for something on the alarm topic that is not a CloudWatch alarm state change (a hand-made
 * test publish, another service's notification): posted as it came, cut short, so nothing sent to the topic is
 * dropped unseen.
 */
export function formatForeignMessage(subject: string | undefined, body: string, stage: string): SlackMessage {
  const e = escapeMrkdwn;
  const text = body.length <= MAX_BODY ? body : `${body.slice(0, MAX_BODY - 1)}…`;
  const title = subject ? `: ${e(subject)}` : '';
  return {
    text: `:grey_question: [${e(stage)}] A message on the alarm topic that is not an alarm state change${title}`,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:grey_question: *A message on the alarm topic that is not an alarm state change*${title}\nStage: ${e(stage)}`,
        },
      },
      { type: 'section', text: { type: 'plain_text', text: text === '' ? '(empty)' : text } },
    ],
  };
}
