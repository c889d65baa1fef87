import type { SlackMessage } from '../../src/index.js';

/** Everything a Slack message shows, its fallback `text` first, one block text or field per line. */
export function messageText(message: SlackMessage): string {
  const texts = message.blocks.flatMap((b) => {
    if (b.type === 'context') return b.elements.map((e) => e.text);
    if (b.type === 'header') return [b.text.text];
    return [...(b.text ? [b.text.text] : []), ...(b.fields ?? []).map((f) => f.text)];
  });
  return [message.text, ...texts].join('\n');
}
