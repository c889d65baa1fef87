import { FerryError } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { parseAlarmNotification } from '../src/index.js';

// The `Message` CloudWatch publishes to SNS on an alarm state change, as it arrives (a JSON string).
const WAREHOUSE_DLQ_ALARM =
  '{"AlarmName":"ferry-prod-warehouse-dlq-depth","AlarmDescription":"Files the warehouse loader gave up on","AWSAccountId":"123456789012","AlarmConfigurationUpdatedTimestamp":"2026-11-20T09:00:00.000+0000","NewStateValue":"ALARM","NewStateReason":"Threshold Crossed: 1 out of the last 1 datapoints [12.0 (23/11/26 03:11:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).","StateChangeTime":"2026-11-23T03:12:44.959+0000","Region":"Asia Pacific (Seoul)","AlarmArn":"arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:ferry-prod-warehouse-dlq-depth","OldStateValue":"OK","OKActions":["arn:aws:sns:ap-northeast-2:123456789012:ferry-prod-alarms"],"AlarmActions":["arn:aws:sns:ap-northeast-2:123456789012:ferry-prod-alarms"],"InsufficientDataActions":[],"Trigger":{"MetricName":"ApproximateNumberOfMessagesVisible","Namespace":"AWS/SQS","StatisticType":"Statistic","Statistic":"MAXIMUM","Unit":null,"Dimensions":[{"value":"ferry-prod-warehouse-dlq","name":"QueueName"}],"Period":60,"EvaluationPeriods":1,"DatapointsToAlarm":1,"ComparisonOperator":"GreaterThanOrEqualToThreshold","Threshold":1.0,"TreatMissingData":"notBreaching","EvaluateLowSampleCountPercentile":""}}';

describe('parseAlarmNotification', () => {
  it("reads CloudWatch's message: states, time to the millisecond, region code, metric, value and threshold", () => {
    expect(parseAlarmNotification(WAREHOUSE_DLQ_ALARM, 'msg-1')).toEqual({
      name: 'ferry-prod-warehouse-dlq-depth',
      description: 'Files the warehouse loader gave up on',
      arn: 'arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:ferry-prod-warehouse-dlq-depth',
      accountId: '123456789012',
      region: 'ap-northeast-2',
      oldState: 'OK',
      newState: 'ALARM',
      reason: expect.stringContaining('[12.0 (23/11/26 03:11:00)]'),
      changedAt: new Date('2026-11-23T03:12:44.959Z'),
      value: '12.0',
      metric: {
        namespace: 'AWS/SQS',
        name: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: 'ferry-prod-warehouse-dlq' },
        statistic: 'MAXIMUM',
        unit: undefined,
      },
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      periodSeconds: 60,
      evaluationPeriods: 1,
    });
  });

  it('takes the newest datapoint of several, and no value when the reason quotes none', () => {
    const several = JSON.parse(WAREHOUSE_DLQ_ALARM) as Record<string, unknown>;
    several.NewStateReason =
      'Threshold Crossed: 2 out of the last 3 datapoints [5.0 (23/11/26 03:11:00), 3.0 (23/11/26 03:10:00)] were greater than or equal to the threshold (1.0) (minimum 2 datapoints for OK -> ALARM transition).';
    expect(parseAlarmNotification(JSON.stringify(several), 'msg-2').value).toBe('5.0');
    several.NewStateReason = 'Insufficient Data: 1 datapoint was unknown.';
    expect(parseAlarmNotification(JSON.stringify(several), 'msg-3').value).toBeUndefined();
  });

  it('accepts the older shapes of fields it does not read (actions as one string) and a missing description', () => {
    const older = JSON.parse(WAREHOUSE_DLQ_ALARM) as Record<string, unknown>;
    older.OKActions = '[arn:aws:sns:ap-northeast-2:123456789012:ferry-prod-alarms]';
    older.InsufficientDataActions = '';
    older.AlarmDescription = null;
    const alarm = parseAlarmNotification(JSON.stringify(older), 'msg-4');
    expect(alarm.description).toBeUndefined();
    expect(alarm.newState).toBe('ALARM');
  });

  it('refuses what is not an alarm state change, naming the SNS message and what is wrong', () => {
    const fails = (message: string) => {
      try {
        parseAlarmNotification(message, 'msg-9');
      } catch (error) {
        expect(error).toBeInstanceOf(FerryError);
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(fails('hello from a test publish')).toBe(
      'SNS message msg-9 is not a CloudWatch alarm notification: its body is not JSON',
    );
    const noState = JSON.parse(WAREHOUSE_DLQ_ALARM) as Record<string, unknown>;
    delete noState.NewStateValue;
    expect(fails(JSON.stringify(noState))).toMatch(
      /^SNS message msg-9 is not a CloudWatch alarm notification: NewStateValue: /,
    );
    const badTime = JSON.parse(WAREHOUSE_DLQ_ALARM) as Record<string, unknown>;
    badTime.StateChangeTime = 'yesterday';
    expect(fails(JSON.stringify(badTime))).toBe(
      'SNS message msg-9 (alarm ferry-prod-warehouse-dlq-depth): StateChangeTime "yesterday" is not a time',
    );
  });
});
