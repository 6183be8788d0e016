/**
 * Slack's three control characters in mrkdwn and in a message's top-level `text`: `<…>` makes
 * links and mentions (`<!channel>`, `<https://evil|click>`), `&` starts an entity. Any text we
 * did not write ourselves (alarm names, descriptions, instance ids, process names, commands)
 * passes through here before Slack sees it.
 */
export const escapeMrkdwn = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
