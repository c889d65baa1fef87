import { FerryError } from '@ferry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackMessage, slackWebhookPoster } from '../src/index.js';
import { type SlackStandIn, startSlackStandIn } from './support/startSlackStandIn.js';

// Posting to a Slack incoming webhook: what counts as taken, what is retryable, and that the URL (a secret) is
// never part of an error.

const message: SlackMessage = {
  text: 'hello',
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*hello*' } }],
};

describe('slackWebhookPoster against a Slack stand-in', () => {
  let slack: SlackStandIn;
  beforeAll(async () => {
    slack = await startSlackStandIn();
  });
  afterAll(async () => {
    await slack?.stop();
  });
  const failure = async (url: string) => {
    const error = await slackWebhookPoster(async () => url)(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FerryError);
    return error as FerryError;
  };

  it('POSTs the message as JSON, and is done on 200', async () => {
    slack.answer(200, 'ok');
    await slackWebhookPoster(async () => `  ${slack.webhookUrl}\n`)(message); // a secret stored with a newline
    expect(slack.posts.at(-1)).toEqual({
      path: new URL(slack.webhookUrl).pathname,
      contentType: 'application/json; charset=utf-8',
      body: message,
    });
  });

  it('is retryable on 429 and 5xx, not on other 4xx, and quotes what Slack said', async () => {
    slack.answer(429, 'rate_limited');
    expect(await failure(slack.webhookUrl)).toMatchObject({
      retryable: true,
      message: expect.stringMatching(/^Slack refused the message with HTTP 429: rate_limited/),
    });
    slack.answer(503, 'service unavailable');
    expect((await failure(slack.webhookUrl)).retryable).toBe(true);
    slack.answer(404, 'no_service');
    expect(await failure(slack.webhookUrl)).toMatchObject({
      retryable: false,
      message: expect.stringMatching(/HTTP 404: no_service\. The webhook may be revoked/),
    });
  });

  it('keeps the URL out of its errors, even where fetch itself would quote it', async () => {
    const secretPath = new URL(slack.webhookUrl).pathname;
    // Node's fetch refuses a URL with credentials in an error that quotes the whole URL.
    const withCredentials = slack.webhookUrl.replace('http://', 'http://hook:pa55word@');
    const refused = await failure(withCredentials);
    expect(refused.message).toContain('posting to Slack failed: TypeError: Request cannot be constructed');
    expect(refused.message).toContain('<webhook>');
    expect(refused.message).not.toContain('pa55word');
    expect(refused.message).not.toContain(secretPath);

    const notUrl = await failure('hooks.slack.com/services/T0/B0/typo-secret');
    expect(notUrl.message).toMatch(/^the Slack webhook URL is not a URL/);
    expect(notUrl.message).not.toContain('typo-secret');
    expect((await failure('ftp://hooks.slack.com/services/T0/B0/x')).message).toMatch(/must be http\(s\), not ftp:/);
  });
});
