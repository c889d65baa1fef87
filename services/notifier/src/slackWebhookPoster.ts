import { FerryError } from '@ferry/core';
import type { SlackPoster } from './SlackPoster.js';

/** Slack answers a webhook within a second or two; past this the invocation's retry does better than waiting. */
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * A `SlackPoster` over a Slack incoming webhook: one JSON POST with Node's fetch. The URL is a secret (whoever
 * holds it can post to the channel), so it is read when needed (`webhookUrl`, from Secrets Manager in AWS) and
 * never appears in an error: a network failure's details are scrubbed of it, and the original error is not kept
 * as `cause`, since undici's errors can quote the URL.
 *
 * Every failure throws, so the invocation fails and Lambda retries it. Timeouts, network errors, 408, 429 and 5xx
 * are `retryable`; other 4xx (`no_service`: a revoked webhook, `channel_is_archived`) are not, though the retries
 * still run: what matters is that the alarm ends in the notifier's on-failure destination, not lost.
 */
export function slackWebhookPoster(
  webhookUrl: () => Promise<string>,
  options: { timeoutMs?: number } = {},
): SlackPoster {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async (message) => {
    const raw = (await webhookUrl()).trim();
    const url = parseUrl(raw);
    const scrub = (text: string) =>
      [raw, url.href, url.pathname].reduce((t, s) => (s.length > 1 ? t.split(s).join('<webhook>') : t), text);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new FerryError(`posting to Slack failed: ${scrub(describe(error))}`, {
        retryable: true,
        hint: 'Slack was unreachable or did not answer in time; the invocation is retried',
      });
    }
    const body = await response.text().catch(() => '');
    if (response.ok) return;
    const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
    const said = body.trim() === '' ? '' : `: ${scrub(body.trim().slice(0, 200))}`;
    throw new FerryError(`Slack refused the message with HTTP ${response.status}${said}`, {
      retryable,
      hint: retryable
        ? 'Slack is failing or rate-limiting; the invocation is retried'
        : 'The webhook may be revoked or its channel archived: store a working webhook URL in the secret',
    });
  };
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not even a part of the value goes into the message: it may be the secret with a typo.
    throw new FerryError('the Slack webhook URL is not a URL', {
      hint: 'Store the webhook URL (https://hooks.slack.com/services/…) as the secret string',
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new FerryError(`the Slack webhook URL must be http(s), not ${url.protocol}`, {
      hint: 'Store the webhook URL (https://hooks.slack.com/services/…) as the secret string',
    });
  }
  return url;
}

/** `TypeError: fetch failed (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9)`: the error and its cause. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail =
    cause && typeof cause === 'object'
      ? ` (${typeof cause.code === 'string' ? `${cause.code}: ` : ''}${String(cause.message ?? '')})`
      : '';
  return `${error.name}: ${error.message}${detail}`;
}
