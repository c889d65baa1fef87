import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { routeOutput } from '@ferry/aws';
import { FerryError } from '@ferry/core';
import { freePort, lambdaContext, type MemorySecretsManager, startMemorySecretsManager } from '@ferry/local-stack';
import { OutputCapture } from '@ferry/testkit';
import type { SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compose, createHandler, type NotifierConfig } from '../src/index.js';
import { alarmMessage, REGION, snsEvent, thresholdReason, triggers } from './support/alarmEvents.js';
import { type CloudWatchStandIn, startCloudWatchStandIn } from './support/startCloudWatchStandIn.js';
import { type SlackStandIn, startSlackStandIn } from './support/startSlackStandIn.js';

// The notifier's Lambda handler end to end: an SNS event from the alarm topic in, a POST to a Slack stand-in out,
// the webhook URL read from the memory Secrets Manager through the real SDK, alarm history from a CloudWatch
// stand-in, logs and metrics through Powertools into a buffer.

/** An SNS event exactly as Lambda hands it over when the warehouse DLQ's depth alarm fires. */
const WAREHOUSE_DLQ_ALARM_EVENT: SNSEvent = {
  Records: [
    {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn:
        'arn:aws:sns:ap-northeast-2:123456789012:ferry-prod-alarms:0b8e5a4c-2f0e-4a8e-9a43-6d7c7f1c2b11',
      Sns: {
        Type: 'Notification',
        MessageId: '8d0f3e5b-6b2c-5f4e-a1d7-3c9e2b7a4f10',
        TopicArn: 'arn:aws:sns:ap-northeast-2:123456789012:ferry-prod-alarms',
        Subject: 'ALARM: "ferry-prod-warehouse-dlq-depth" in Asia Pacific (Seoul)',
        Message:
          '{"AlarmName":"ferry-prod-warehouse-dlq-depth","AlarmDescription":"Files the warehouse loader gave up on","AWSAccountId":"123456789012","AlarmConfigurationUpdatedTimestamp":"2026-11-20T09:00:00.000+0000","NewStateValue":"ALARM","NewStateReason":"Threshold Crossed: 1 out of the last 1 datapoints [12.0 (23/11/26 03:11:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).","StateChangeTime":"2026-11-23T03:12:44.959+0000","Region":"Asia Pacific (Seoul)","AlarmArn":"arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:ferry-prod-warehouse-dlq-depth","OldStateValue":"OK","OKActions":["arn:aws:sns:ap-northeast-2:123456789012:ferry-prod-alarms"],"AlarmActions":["arn:aws:sns:ap-northeast-2:123456789012:ferry-prod-alarms"],"InsufficientDataActions":[],"Trigger":{"MetricName":"ApproximateNumberOfMessagesVisible","Namespace":"AWS/SQS","StatisticType":"Statistic","Statistic":"MAXIMUM","Unit":null,"Dimensions":[{"value":"ferry-prod-warehouse-dlq","name":"QueueName"}],"Period":60,"EvaluationPeriods":1,"DatapointsToAlarm":1,"ComparisonOperator":"GreaterThanOrEqualToThreshold","Threshold":1.0,"TreatMissingData":"notBreaching","EvaluateLowSampleCountPercentile":""}}',
        Timestamp: '2026-11-23T03:12:45.021Z',
        SignatureVersion: '1',
        Signature: 'EXAMPLE',
        SigningCertUrl:
          'https://sns.ap-northeast-2.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem',
        UnsubscribeUrl:
          'https://sns.ap-northeast-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:ap-northeast-2:123456789012:ferry-prod-alarms:0b8e5a4c-2f0e-4a8e-9a43-6d7c7f1c2b11',
        MessageAttributes: {},
      },
    },
  ],
};

const SECRET = 'ferry/prod/slack-webhook';
const DLQ_ALARM = 'ferry-prod-warehouse-dlq-depth';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const t = (minute: number) => new Date(Date.UTC(2026, 10, 23, 3, minute, 0, 0));

/** A state change of the warehouse DLQ depth alarm, as SNS delivers it. */
function dlqChange(oldState: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA', newState: typeof oldState, at: Date) {
  return snsEvent(
    alarmMessage({
      name: DLQ_ALARM,
      oldState,
      newState,
      reason: thresholdReason({ value: newState === 'OK' ? '0.0' : '3.0', threshold: '1.0', at, to: newState }),
      changedAt: at,
      trigger: triggers.queueDepth('ferry-prod-warehouse-dlq'),
    }),
    `${newState}: "${DLQ_ALARM}" in Asia Pacific (Seoul)`,
  );
}

describe('the notifier handler, end to end', () => {
  let slack: SlackStandIn;
  let secrets: MemorySecretsManager;
  let cloudWatch: CloudWatchStandIn;
  let secretsClient: SecretsManagerClient;
  let cloudWatchClient: CloudWatchClient;
  const output = new OutputCapture();
  const context = () => lambdaContext({ functionName: 'ferry-prod-notifier', region: REGION, timeoutMs: 30_000 });

  const handlerFor = async (config: NotifierConfig) =>
    createHandler(
      await compose(config, {
        secretsManager: secretsClient,
        cloudWatch: cloudWatchClient,
        logger: routeOutput(new Logger({ serviceName: 'notifier' }), output.console),
        metrics: routeOutput(new Metrics({ namespace: 'ferry', serviceName: 'notifier' }), output.console),
      }),
    );
  let handler: Awaited<ReturnType<typeof handlerFor>>;
  /** The secret part of the webhook URL: its path. */
  let token: string;
  const logged = (message: string) => output.records().filter((r) => r.message === message);
  const postedText = () => slack.posts.map((p) => (p.body as { text: string }).text);

  beforeAll(async () => {
    slack = await startSlackStandIn();
    token = new URL(slack.webhookUrl).pathname.split('/').at(-1)!;
    secrets = await startMemorySecretsManager({ region: REGION });
    cloudWatch = await startCloudWatchStandIn();
    secretsClient = new SecretsManagerClient({ region: REGION, endpoint: secrets.endpoint, credentials });
    cloudWatchClient = new CloudWatchClient({ region: REGION, endpoint: cloudWatch.endpoint, credentials });
    await secretsClient.send(new CreateSecretCommand({ Name: SECRET, SecretString: slack.webhookUrl }));
    handler = await handlerFor({ stage: 'prod', webhook: { secretId: SECRET } });
  });
  beforeEach(() => {
    slack.posts.length = 0;
    slack.answer(200, 'ok');
    cloudWatch.history.length = 0;
    cloudWatch.requests.length = 0;
    cloudWatch.fail(undefined);
  });
  afterAll(async () => {
    secretsClient?.destroy();
    cloudWatchClient?.destroy();
    await Promise.all([slack?.stop(), secrets?.stop(), cloudWatch?.stop()]);
  });

  it('posts the warehouse DLQ alarm to the webhook read from Secrets Manager, as Block Kit JSON', async () => {
    await handler(WAREHOUSE_DLQ_ALARM_EVENT, context());
    expect(slack.posts).toHaveLength(1);
    const [post] = slack.posts;
    expect(post!.path).toBe(new URL(slack.webhookUrl).pathname);
    expect(post!.contentType).toMatch(/^application\/json/);
    const body = post!.body as { text: string; blocks: { type: string }[] };
    expect(body.text).toBe(
      ':rotating_light: [prod] The warehouse DLQ holds messages: 12 messages, alarm at ≥ 1 message (ferry-prod-warehouse-dlq-depth)',
    );
    expect(body.blocks.map((b) => b.type)).toEqual(['section', 'section', 'section', 'context']);
    expect(JSON.stringify(body.blocks)).toContain('`pnpm ferry dlq replay --stage prod --queue warehouse --dry-run`');
    expect(logged('alarm posted').at(-1)).toMatchObject({
      service: 'notifier',
      alarm: DLQ_ALARM,
      kind: 'dlq-depth',
      oldState: 'OK',
      newState: 'ALARM',
      changedAt: '2026-11-23T03:12:44.959Z',
      posted: 'alarm',
      messageId: '8d0f3e5b-6b2c-5f4e-a1d7-3c9e2b7a4f10',
    });
    expect(output.records().find((r) => r._aws !== undefined && r.AlarmsPosted !== undefined)).toMatchObject({
      AlarmsPosted: 1,
    });
    // Going into ALARM needs no history.
    expect(cloudWatch.requests).toHaveLength(0);
  });

  it('does not post repeats or changes into INSUFFICIENT_DATA, and logs why', async () => {
    await handler(dlqChange('ALARM', 'ALARM', t(20)), context());
    await handler(dlqChange('OK', 'INSUFFICIENT_DATA', t(21)), context());
    expect(slack.posts).toHaveLength(0);
    expect(logged('alarm not posted').slice(-2)).toEqual([
      expect.objectContaining({
        alarm: DLQ_ALARM,
        oldState: 'ALARM',
        newState: 'ALARM',
        why: expect.stringMatching(/repeat/),
      }),
      expect.objectContaining({
        oldState: 'OK',
        newState: 'INSUFFICIENT_DATA',
        why: expect.stringMatching(/too little data/),
      }),
    ]);
  });

  it('posts a recovery with how long the alarm lasted, from its history', async () => {
    cloudWatch.history.push(
      { alarmName: DLQ_ALARM, at: t(10), from: 'OK', to: 'ALARM' },
      { alarmName: DLQ_ALARM, at: t(52), from: 'ALARM', to: 'OK' },
    );
    await handler(dlqChange('ALARM', 'OK', t(52)), context());
    expect(postedText()).toEqual([
      ':white_check_mark: [prod] The warehouse DLQ (ferry-prod-warehouse-dlq) recovered after 42 minutes (ferry-prod-warehouse-dlq-depth is OK)',
    ]);
    expect(cloudWatch.requests).toEqual([expect.objectContaining({ AlarmName: DLQ_ALARM })]);
    expect(logged('alarm posted').at(-1)).toMatchObject({ posted: 'recovery', alarmSince: t(10).toISOString() });
  });

  it('posts INSUFFICIENT_DATA → OK only when the alarm was in ALARM before its data ran out', async () => {
    // A new alarm's first evaluation: nothing was ever posted as broken.
    await handler(dlqChange('INSUFFICIENT_DATA', 'OK', t(1)), context());
    expect(slack.posts).toHaveLength(0);
    expect(logged('alarm not posted').at(-1)).toMatchObject({ why: expect.stringMatching(/first evaluation/) });

    cloudWatch.history.push(
      { alarmName: DLQ_ALARM, at: t(10), from: 'OK', to: 'ALARM' },
      { alarmName: DLQ_ALARM, at: t(30), from: 'ALARM', to: 'INSUFFICIENT_DATA' },
      { alarmName: DLQ_ALARM, at: t(40), from: 'INSUFFICIENT_DATA', to: 'OK' },
    );
    await handler(dlqChange('INSUFFICIENT_DATA', 'OK', t(40)), context());
    expect(postedText()).toEqual([expect.stringContaining('recovered after 30 minutes')]);
  });

  it('still posts a recovery when the history cannot be read, saying its length is unknown', async () => {
    cloudWatch.fail('AccessDenied');
    await handler(dlqChange('ALARM', 'OK', t(52)), context());
    expect(slack.posts).toHaveLength(1);
    expect(JSON.stringify(slack.posts[0]!.body)).toContain('how long it was in ALARM is unknown');
    expect(logged('alarm history unreadable').at(-1)).toMatchObject({
      alarm: DLQ_ALARM,
      reason: expect.stringMatching(/AccessDenied/),
    });
  });

  it('posts a message on the topic that is not an alarm as it came', async () => {
    await handler(snsEvent('Testing the alarm topic <!here>', 'hello'), context());
    expect(postedText()).toEqual([
      ':grey_question: [prod] A message on the alarm topic that is not an alarm state change: hello',
    ]);
    expect(JSON.stringify(slack.posts[0]!.body)).toContain('Testing the alarm topic <!here>'); // as plain_text
    expect(logged('not an alarm notification')).toHaveLength(1);
  });

  it('throws a retryable error when Slack answers 500, so Lambda retries the invocation', async () => {
    slack.answer(500, 'rollup_error');
    const error = await Promise.resolve(handler(WAREHOUSE_DLQ_ALARM_EVENT, context())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FerryError);
    expect((error as FerryError).retryable).toBe(true);
    expect((error as Error).message).toMatch(
      /^1 of 1 alarm notifications did not reach Slack: 8d0f3e5b-6b2c-5f4e-a1d7-3c9e2b7a4f10: Slack refused the message with HTTP 500: rollup_error/,
    );
    expect(slack.posts).toHaveLength(1); // it was tried
    expect(logged('notification failed').at(-1)).toMatchObject({ retryable: true });
    expect(output.records().find((r) => r._aws !== undefined && r.NotificationsFailed !== undefined)).toMatchObject({
      NotificationsFailed: 1,
    });
    expect(`${(error as Error).message}\n${(error as Error).stack}`).not.toContain(token);
  });

  it('throws a retryable error when Slack cannot be reached, without the URL (a local run, URL from env)', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/services/T0FERRY01/B0ALARMS1/${token}`;
    const local = await handlerFor({ stage: 'dev', webhook: { url: closed } });
    const error = await Promise.resolve(local(WAREHOUSE_DLQ_ALARM_EVENT, context())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FerryError);
    expect((error as FerryError).retryable).toBe(true);
    expect((error as Error).message).toMatch(/posting to Slack failed: TypeError: fetch failed \(ECONNREFUSED/);
    expect(`${(error as Error).message}\n${(error as Error).stack}`).not.toContain(token);
  });

  it('throws naming the secret, never its value, when the webhook secret is missing', async () => {
    const missing = await handlerFor({ stage: 'prod', webhook: { secretId: 'ferry/prod/no-such-secret' } });
    const error = await Promise.resolve(missing(WAREHOUSE_DLQ_ALARM_EVENT, context())).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /cannot read secret "ferry\/prod\/no-such-secret": ResourceNotFoundException/,
    );
    expect(slack.posts).toHaveLength(0);
  });

  it('never wrote the webhook URL, or its secret path, to the logs', () => {
    // Every test above ran through the same buffer: successes, refusals and failures.
    expect(output.lines().length).toBeGreaterThan(10);
    expect(logged('notification failed').length).toBeGreaterThanOrEqual(3);
    const all = output.lines().join('\n');
    expect(all).not.toContain(token);
    expect(all).not.toContain(slack.webhookUrl);
  });
});
