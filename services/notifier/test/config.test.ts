import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/index.js';

// The notifier's environment: the stage, and the webhook either as a Secrets Manager secret (deployed) or as a
// URL (local runs only), never both, and the URL never echoed in an error.

const URL_VALUE = 'https://hooks.slack.com/services/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';

describe('loadConfig', () => {
  it('reads the stage and the webhook secret', () => {
    expect(loadConfig({ FERRY_STAGE: 'prod', FERRY_SLACK_WEBHOOK_SECRET: 'ferry/prod/slack-webhook' })).toEqual({
      stage: 'prod',
      webhook: { secretId: 'ferry/prod/slack-webhook' },
    });
  });

  it('takes the URL itself for a local run, and counts an empty variable as unset', () => {
    expect(
      loadConfig({ FERRY_STAGE: 'dev', FERRY_SLACK_WEBHOOK_URL: URL_VALUE, FERRY_SLACK_WEBHOOK_SECRET: '' }),
    ).toEqual({ stage: 'dev', webhook: { url: URL_VALUE } });
  });

  it('refuses both, neither, the URL on Lambda, a URL that is not http(s), and a bad stage, naming the variable', () => {
    const refusal = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
      } catch (error) {
        const message = (error as Error).message;
        expect(message).not.toContain('q9Zk3xY7wVbN2mLpR4sT8uWc');
        return message;
      }
      throw new Error('expected a refusal');
    };
    expect(
      refusal({
        FERRY_STAGE: 'prod',
        FERRY_SLACK_WEBHOOK_SECRET: 'ferry/prod/slack-webhook',
        FERRY_SLACK_WEBHOOK_URL: URL_VALUE,
      }),
    ).toBe(
      'notifier configuration is invalid: FERRY_SLACK_WEBHOOK_URL: set FERRY_SLACK_WEBHOOK_SECRET or FERRY_SLACK_WEBHOOK_URL, not both',
    );
    expect(refusal({ FERRY_STAGE: 'prod' })).toBe(
      'notifier configuration is invalid: FERRY_SLACK_WEBHOOK_SECRET: required: the Secrets Manager secret holding the Slack webhook URL',
    );
    expect(
      refusal({
        FERRY_STAGE: 'prod',
        FERRY_SLACK_WEBHOOK_URL: URL_VALUE,
        AWS_LAMBDA_FUNCTION_NAME: 'ferry-prod-notifier',
      }),
    ).toMatch(/FERRY_SLACK_WEBHOOK_URL: for local runs only/);
    expect(refusal({ FERRY_STAGE: 'dev', FERRY_SLACK_WEBHOOK_URL: URL_VALUE.replace('https', 'ftp') })).toBe(
      'notifier configuration is invalid: FERRY_SLACK_WEBHOOK_URL: not an http(s) URL',
    );
    expect(refusal({ FERRY_SLACK_WEBHOOK_SECRET: 'x' })).toMatch(/^notifier configuration is invalid: FERRY_STAGE: /);
    expect(refusal({ FERRY_STAGE: 'prod stage', FERRY_SLACK_WEBHOOK_SECRET: 'x' })).toMatch(
      /FERRY_STAGE: a stage name: letters, digits, - and _/,
    );
  });
});
