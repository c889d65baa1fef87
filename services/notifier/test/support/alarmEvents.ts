import type { SNSEvent } from 'aws-lambda';

// Builders for the JSON CloudWatch publishes to an alarm's SNS topic, field for field as CloudWatch writes it
// (PascalCase keys, lower-case dimension keys, `+0000` offsets, the region's display name in `Region`), and for the
// SNS event Lambda hands the notifier.

export const REGION = 'ap-northeast-2';
export const ACCOUNT = '123456789012';
export const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:ferry-prod-alarms`;

type State = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** `2026-11-23T03:12:44.959+0000`, as CloudWatch writes times. */
export const cloudWatchTime = (at: Date) => at.toISOString().replace('Z', '+0000');

/** `23/11/26 03:11:00`, as CloudWatch dates a datapoint in a state reason. */
const datapointTime = (at: Date) => {
  const iso = at.toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(2, 4)} ${iso.slice(11, 19)}`;
};

/** CloudWatch's reason for a threshold alarm's change, quoting one datapoint. */
export function thresholdReason(opts: { value: string; threshold: string; at: Date; to: State; op?: string }): string {
  const op = opts.op ?? 'greater than or equal to';
  if (opts.to === 'INSUFFICIENT_DATA') {
    return 'Insufficient Data: 1 datapoint was unknown.';
  }
  const not = opts.to === 'OK' ? 'not ' : '';
  const transition = opts.to === 'OK' ? 'ALARM -> OK' : 'OK -> ALARM';
  return `Threshold Crossed: 1 out of the last 1 datapoints [${opts.value} (${datapointTime(opts.at)})] was ${not}${op} the threshold (${opts.threshold}) (minimum 1 datapoint for ${transition} transition).`;
}

export interface TriggerJson {
  readonly [key: string]: unknown;
}

export const triggers = {
  /** A DLQ depth alarm: messages visible on the queue, Maximum over a minute, at 1 or more. */
  queueDepth: (queueName: string): TriggerJson => ({
    MetricName: 'ApproximateNumberOfMessagesVisible',
    Namespace: 'AWS/SQS',
    StatisticType: 'Statistic',
    Statistic: 'MAXIMUM',
    Unit: null,
    Dimensions: [{ value: queueName, name: 'QueueName' }],
    Period: 60,
    EvaluationPeriods: 1,
    DatapointsToAlarm: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    Threshold: 1.0,
    TreatMissingData: 'notBreaching',
    EvaluateLowSampleCountPercentile: '',
  }),
  /** The merge worker's Kinesis iterator age (milliseconds), Maximum over a minute, above five minutes. */
  iteratorAge: (functionName: string): TriggerJson => ({
    MetricName: 'IteratorAge',
    Namespace: 'AWS/Lambda',
    StatisticType: 'Statistic',
    Statistic: 'MAXIMUM',
    Unit: null,
    Dimensions: [{ value: functionName, name: 'FunctionName' }],
    Period: 60,
    EvaluationPeriods: 5,
    DatapointsToAlarm: 5,
    ComparisonOperator: 'GreaterThanThreshold',
    Threshold: 300000.0,
    TreatMissingData: 'notBreaching',
    EvaluateLowSampleCountPercentile: '',
  }),
  /** A function's errors, Sum over five minutes, at 1 or more. */
  functionErrors: (functionName: string): TriggerJson => ({
    MetricName: 'Errors',
    Namespace: 'AWS/Lambda',
    StatisticType: 'Statistic',
    Statistic: 'SUM',
    Unit: null,
    Dimensions: [{ value: functionName, name: 'FunctionName' }],
    Period: 300,
    EvaluationPeriods: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    Threshold: 1.0,
    TreatMissingData: 'notBreaching',
    EvaluateLowSampleCountPercentile: '',
  }),
  /** ferry's own `LagSeconds` per table (EMF from the warehouse loader), Maximum over five minutes, above 30 min. */
  freshness: (service: string, table: string): TriggerJson => ({
    MetricName: 'LagSeconds',
    Namespace: 'ferry',
    StatisticType: 'Statistic',
    Statistic: 'MAXIMUM',
    Unit: 'Seconds',
    Dimensions: [
      { value: service, name: 'service' },
      { value: table, name: 'table' },
    ],
    Period: 300,
    EvaluationPeriods: 1,
    ComparisonOperator: 'GreaterThanThreshold',
    Threshold: 1800.0,
    TreatMissingData: 'missing',
    EvaluateLowSampleCountPercentile: '',
  }),
};

/** The `Message` string of one alarm state change. */
export function alarmMessage(opts: {
  name: string;
  description?: string | null;
  oldState: State;
  newState: State;
  reason: string;
  changedAt: Date;
  trigger?: TriggerJson;
  extra?: Record<string, unknown>;
}): string {
  return JSON.stringify({
    AlarmName: opts.name,
    AlarmDescription: opts.description ?? null,
    AWSAccountId: ACCOUNT,
    AlarmConfigurationUpdatedTimestamp: '2026-11-20T09:00:00.000+0000',
    NewStateValue: opts.newState,
    NewStateReason: opts.reason,
    StateChangeTime: cloudWatchTime(opts.changedAt),
    Region: 'Asia Pacific (Seoul)',
    AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${opts.name}`,
    OldStateValue: opts.oldState,
    OKActions: [TOPIC_ARN],
    AlarmActions: [TOPIC_ARN],
    InsufficientDataActions: [],
    ...(opts.trigger ? { Trigger: opts.trigger } : {}),
    ...opts.extra,
  });
}

let messageNumber = 0;

/** The event SNS hands Lambda for one message on the alarm topic. */
export function snsEvent(message: string, subject: string): SNSEvent {
  messageNumber++;
  const messageId = `5b4c1f27-83a4-5c1e-9d1b-${String(messageNumber).padStart(12, '0')}`;
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${TOPIC_ARN}:0b8e5a4c-2f0e-4a8e-9a43-6d7c7f1c2b11`,
        Sns: {
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: TOPIC_ARN,
          Subject: subject,
          Message: message,
          Timestamp: new Date().toISOString(),
          SignatureVersion: '1',
          Signature: 'EXAMPLE',
          SigningCertUrl: `https://sns.${REGION}.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem`,
          UnsubscribeUrl: `https://sns.${REGION}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC_ARN}:0b8e5a4c`,
          MessageAttributes: {},
        },
      },
    ],
  };
}
