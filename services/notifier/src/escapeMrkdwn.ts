/**
 * Escapes the three characters Slack reads as markup in any text (`&`, `<`, `>`), so an alarm's name, reason or
 * description cannot open a link or mention (`<!channel>`) of its own.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
