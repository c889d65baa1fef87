import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { FerryError } from '@ferry/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cloudWatchAlarmStart } from '../src/index.js';
import { type CloudWatchStandIn, startCloudWatchStandIn } from './support/startCloudWatchStandIn.js';

// When did a recovered alarm enter ALARM? Read from its history through the real CloudWatch client.

const NAME = 'ferry-prod-warehouse-dlq-depth';
const t = (minute: number) => new Date(Date.UTC(2026, 10, 23, 3, minute, 0, 0));

describe('cloudWatchAlarmStart against a DescribeAlarmHistory stand-in', () => {
  let cloudWatch: CloudWatchStandIn;
  let client: CloudWatchClient;
  beforeAll(async () => {
    cloudWatch = await startCloudWatchStandIn();
    client = new CloudWatchClient({
      region: 'ap-northeast-2',
      endpoint: cloudWatch.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });
  beforeEach(() => {
    cloudWatch.history.length = 0;
    cloudWatch.requests.length = 0;
    cloudWatch.fail(undefined);
  });
  afterAll(async () => {
    client?.destroy();
    await cloudWatch?.stop();
  });

  it('finds the change into ALARM that the recovery ends, asking for state updates newest first', async () => {
    cloudWatch.history.push(
      { alarmName: NAME, at: t(0), from: 'INSUFFICIENT_DATA', to: 'OK' },
      { alarmName: NAME, at: t(2), from: 'OK', to: 'ALARM' }, // an earlier episode
      { alarmName: NAME, at: t(5), from: 'ALARM', to: 'OK' },
      { alarmName: NAME, at: t(10), from: 'OK', to: 'ALARM' },
      { alarmName: NAME, at: t(52), from: 'ALARM', to: 'OK' }, // the recovery being notified
      { alarmName: NAME, at: t(58), from: 'OK', to: 'ALARM' }, // later than the notification: not this episode
      { alarmName: 'another-alarm', at: t(40), from: 'OK', to: 'ALARM' },
    );
    expect(await cloudWatchAlarmStart(client)(NAME, t(52))).toEqual(t(10));
    expect(cloudWatch.requests).toEqual([
      expect.objectContaining({ AlarmName: NAME, HistoryItemType: 'StateUpdate', ScanBy: 'TimestampDescending' }),
    ]);
  });

  it('looks through INSUFFICIENT_DATA to the ALARM before it', async () => {
    cloudWatch.history.push(
      { alarmName: NAME, at: t(10), from: 'OK', to: 'ALARM' },
      { alarmName: NAME, at: t(30), from: 'ALARM', to: 'INSUFFICIENT_DATA' },
      { alarmName: NAME, at: t(45), from: 'INSUFFICIENT_DATA', to: 'OK' },
    );
    expect(await cloudWatchAlarmStart(client)(NAME, t(45))).toEqual(t(10));
  });

  it('says undefined when the alarm was OK before its data ran out, or has no ALARM in its history', async () => {
    cloudWatch.history.push(
      { alarmName: NAME, at: t(10), from: 'OK', to: 'ALARM' },
      { alarmName: NAME, at: t(20), from: 'ALARM', to: 'OK' },
      { alarmName: NAME, at: t(30), from: 'OK', to: 'INSUFFICIENT_DATA' },
      { alarmName: NAME, at: t(45), from: 'INSUFFICIENT_DATA', to: 'OK' },
    );
    expect(await cloudWatchAlarmStart(client)(NAME, t(45))).toBeUndefined();
    expect(await cloudWatchAlarmStart(client)('never-alarmed', t(45))).toBeUndefined();
  });

  it('fails naming the alarm and the permission when the history cannot be read', async () => {
    cloudWatch.fail('AccessDenied');
    const error = await cloudWatchAlarmStart(client)(NAME, t(52)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FerryError);
    expect((error as Error).message).toMatch(
      /cannot read the history of alarm "ferry-prod-warehouse-dlq-depth": AccessDenied.*cloudwatch:DescribeAlarmHistory/,
    );
  });
});
