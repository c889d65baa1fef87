import { describe, expect, it } from 'vitest';
import { describeAlarm, formatAlarmMessage, parseAlarmNotification } from '../src/index.js';
import { alarmMessage, thresholdReason, triggers } from './support/alarmEvents.js';
import { messageText } from './support/messageText.js';

// What each kind of alarm says in Slack: what broke, where, since when, the value against the threshold, and the
// command to run next.

const at = new Date('2026-11-23T03:12:44.959Z');
const epoch = Math.floor(at.getTime() / 1000);

function alarm(opts: {
  name: string;
  trigger?: Record<string, unknown>;
  value?: string;
  threshold?: string;
  op?: string;
  oldState?: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  newState?: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  description?: string;
  reason?: string;
}) {
  const newState = opts.newState ?? 'ALARM';
  const reason =
    opts.reason ??
    thresholdReason({ value: opts.value ?? '1.0', threshold: opts.threshold ?? '1.0', at, to: newState, op: opts.op });
  return parseAlarmNotification(
    alarmMessage({
      name: opts.name,
      description: opts.description,
      oldState: opts.oldState ?? 'OK',
      newState,
      reason,
      changedAt: at,
      trigger: opts.trigger,
    }),
    'test-message',
  );
}

describe('formatAlarmMessage', () => {
  it('warehouse DLQ depth: the queue, the count against the threshold, since when, and the dry-run replay', () => {
    const a = alarm({
      name: 'ferry-prod-warehouse-dlq-depth',
      trigger: triggers.queueDepth('ferry-prod-warehouse-dlq'),
      value: '12.0',
    });
    expect(describeAlarm(a, 'prod').kind).toBe('dlq-depth');
    const message = formatAlarmMessage(a, 'prod');
    expect(message.text).toBe(
      ':rotating_light: [prod] The warehouse DLQ holds messages: 12 messages, alarm at ≥ 1 message (ferry-prod-warehouse-dlq-depth)',
    );
    const text = messageText(message);
    expect(text).toContain('*Stage*\nprod');
    expect(text).toContain('*Queue*\nferry-prod-warehouse-dlq');
    expect(text).toContain('*Now*\n12 messages (alarm at ≥ 1 message)');
    expect(text).toContain(
      `is in *ALARM* since <!date^${epoch}^{date_short_pretty} {time_secs}|2026-11-23 03:12:44 UTC>`,
    );
    expect(text).toContain('(was OK)');
    expect(text).toContain('`pnpm ferry dlq replay --stage prod --queue warehouse --dry-run`');
    expect(text).toContain('warehouse loader logs each failed file as `file failed`');
    expect(text).toContain(
      '<https://ap-northeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#alarmsV2:alarm/ferry-prod-warehouse-dlq-depth|ferry-prod-warehouse-dlq-depth>',
    );
    // CloudWatch's own reason goes along, escaped (`->` would otherwise be markup).
    expect(text).toContain('[12.0 (23/11/26 03:12:44)] was greater than or equal to the threshold (1.0)');
    expect(text).toContain('OK -&gt; ALARM transition');
  });

  it('stream DLQ depth: the stream queue, the change forwarder, `--queue stream`', () => {
    const text = messageText(
      formatAlarmMessage(
        alarm({
          name: 'ferry-dev-stream-dlq-depth',
          trigger: triggers.queueDepth('ferry-dev-stream-dlq'),
          value: '1.0',
        }),
        'dev',
      ),
    );
    expect(text).toContain('[dev] The stream DLQ holds messages: 1 message, alarm at ≥ 1 message');
    expect(text).toContain('`pnpm ferry dlq replay --stage dev --queue stream --dry-run`');
    expect(text).toContain('change forwarder logs each failed file');
    expect(text).not.toContain('--queue warehouse');
  });

  it('another DLQ, or a main queue backing up: named, without a replay command for a queue ferry does not know', () => {
    const other = messageText(
      formatAlarmMessage(
        alarm({ name: 'orders-dlq-depth', trigger: triggers.queueDepth('orders-dlq'), value: '2.0' }),
        'prod',
      ),
    );
    expect(other).toContain('[prod] Dead-letter queue orders-dlq holds messages: 2 messages');
    expect(other).not.toContain('dlq replay');
    const backlog = alarm({
      name: 'ferry-prod-warehouse-backlog',
      trigger: triggers.queueDepth('ferry-prod-warehouse'),
    });
    expect(describeAlarm(backlog, 'prod').kind).toBe('queue-backlog');
    expect(formatAlarmMessage(backlog, 'prod').text).toContain('The warehouse queue is backing up');
  });

  it("the merge worker's on-failure queue: batches given up, no replay of records that are not in it", () => {
    const a = alarm({ name: 'ferry-prod-merge-failures', trigger: triggers.queueDepth('ferry-prod-merge-failures') });
    const text = messageText(formatAlarmMessage(a, 'prod'));
    expect(describeAlarm(a, 'prod').kind).toBe('dlq-depth');
    expect(text).toContain('The merge worker gave up on Kinesis batches');
    expect(text).toContain('`poison record`');
    expect(text).toContain('`pnpm ferry stream replay --stage prod --dry-run`');
    expect(text).not.toContain('dlq replay');
  });

  it('iterator age: the function, the age as a duration against the threshold, its errors and ferry status', () => {
    const a = alarm({
      name: 'ferry-prod-merge-worker-iterator-age',
      trigger: triggers.iteratorAge('ferry-prod-mergeWorker'),
      value: '5400000.0',
      threshold: '300000.0',
      op: 'greater than',
    });
    expect(describeAlarm(a, 'prod').kind).toBe('iterator-age');
    const text = messageText(formatAlarmMessage(a, 'prod'));
    expect(text).toContain('The merge worker is falling behind on the change stream: 1 h 30 min, alarm at &gt; 5 min');
    expect(text).toContain('*Function*\nferry-prod-mergeWorker');
    expect(text).toContain(
      '`aws logs tail /aws/lambda/ferry-prod-mergeWorker --since 1h --filter-pattern ERROR --region ap-northeast-2`',
    );
    expect(text).toContain('`pnpm ferry status --stage prod`');
  });

  it("function errors: the function's log group, and for the warehouse loader where its failed files go", () => {
    const a = alarm({
      name: 'ferry-prod-warehouse-loader-errors',
      trigger: triggers.functionErrors('ferry-prod-warehouseLoader'),
      value: '3.0',
    });
    expect(describeAlarm(a, 'prod').kind).toBe('function-errors');
    const text = messageText(formatAlarmMessage(a, 'prod'));
    expect(text).toContain('The warehouse loader is failing: 3 errors, alarm at ≥ 1 error');
    expect(text).toContain(
      '`aws logs tail /aws/lambda/ferry-prod-warehouseLoader --since 30m --filter-pattern ERROR --region ap-northeast-2`',
    );
    expect(text).toContain('`pnpm ferry dlq replay --stage prod --queue warehouse --dry-run`');

    const other = messageText(
      formatAlarmMessage(
        alarm({ name: 'ferry-prod-merge-worker-errors', trigger: triggers.functionErrors('ferry-prod-mergeWorker') }),
        'prod',
      ),
    );
    expect(other).toContain('The merge worker is failing');
    expect(other).toContain('/aws/lambda/ferry-prod-mergeWorker');
    expect(other).not.toContain('dlq replay');
  });

  it("freshness: the table, the sink, the lag as a duration, and the table's log lines", () => {
    const a = alarm({
      name: 'ferry-prod-freshness-app-notes',
      trigger: triggers.freshness('warehouse-loader', 'app:app.notes'),
      value: '2712.0',
      threshold: '1800.0',
      op: 'greater than',
    });
    expect(describeAlarm(a, 'prod').kind).toBe('freshness');
    const text = messageText(formatAlarmMessage(a, 'prod'));
    expect(text).toContain('app:app.notes in the warehouse is stale: 45 min, alarm at &gt; 30 min');
    expect(text).toContain('*Table*\napp:app.notes');
    expect(text).toContain('lines for app:app.notes in the logs of the warehouse loader');
    expect(text).toContain('`pnpm ferry status --stage prod`');
  });

  it('an unknown alarm: generic, but names the metric, its dimensions, the value and how to see its history', () => {
    const a = alarm({
      name: 'RDS speed layer CPU',
      description: 'Speed-layer database CPU above 80% <!channel>',
      trigger: {
        MetricName: 'CPUUtilization',
        Namespace: 'AWS/RDS',
        StatisticType: 'Statistic',
        Statistic: 'AVERAGE',
        Unit: 'Percent',
        Dimensions: [{ value: 'ferry-speed-layer', name: 'DBInstanceIdentifier' }],
        Period: 300,
        EvaluationPeriods: 2,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 80.0,
      },
      value: '85.5',
      threshold: '80.0',
      op: 'greater than',
    });
    expect(describeAlarm(a, 'prod').kind).toBe('unknown');
    const text = messageText(formatAlarmMessage(a, 'prod'));
    expect(text).toContain(
      '[prod] AWS/RDS CPUUtilization crossed its threshold: 85.5 Percent, alarm at &gt; 80 Percent',
    );
    expect(text).toContain('*DBInstanceIdentifier*\nferry-speed-layer');
    expect(text).toContain(
      "`aws cloudwatch describe-alarm-history --alarm-name 'RDS speed layer CPU' --history-item-type StateUpdate --region ap-northeast-2`",
    );
    // The description is shown, and cannot ping the channel.
    expect(text).toContain('Speed-layer database CPU above 80% &lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
  });

  it('a metric-math alarm is read by the metric its expression uses', () => {
    const a = alarm({
      name: 'ferry-prod-warehouse-dlq-depth',
      trigger: {
        Period: 60,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1.0,
        TreatMissingData: 'notBreaching',
        EvaluateLowSampleCountPercentile: '',
        Metrics: [
          { Expression: 'FILL(m1, 0)', Id: 'e1', Label: 'depth', ReturnData: true },
          {
            Id: 'm1',
            MetricStat: {
              Metric: {
                Dimensions: [{ value: 'ferry-prod-warehouse-dlq', name: 'QueueName' }],
                MetricName: 'ApproximateNumberOfMessagesVisible',
                Namespace: 'AWS/SQS',
              },
              Period: 60,
              Stat: 'Maximum',
            },
            ReturnData: false,
          },
        ],
      },
      value: '4.0',
    });
    expect(describeAlarm(a, 'prod').kind).toBe('dlq-depth');
    expect(formatAlarmMessage(a, 'prod').text).toContain('The warehouse DLQ holds messages: 4 messages');
  });

  it('a stalled table (metric math over both sinks, missing data breaching): the table, how long, what to run', () => {
    // As deploy's freshnessAlarm defines it: the lower of the two sinks' commits per five minutes, six periods.
    const sum = (id: string, service: string, metric: string) => ({
      Id: id,
      MetricStat: {
        Metric: {
          Dimensions: [
            { value: service, name: 'service' },
            { value: 'brand-a:shop.orders', name: 'table' },
          ],
          MetricName: metric,
          Namespace: 'ferry',
        },
        Period: 300,
        Stat: 'Sum',
      },
      ReturnData: false,
    });
    const trigger = {
      EvaluationPeriods: 6,
      DatapointsToAlarm: 6,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1.0,
      TreatMissingData: 'breaching',
      EvaluateLowSampleCountPercentile: '',
      Metrics: [
        sum('w', 'warehouse-loader', 'FilesLoaded'),
        sum('s', 'merge-worker', 'RowsMerged'),
        { Expression: 'MIN([FILL(w, 0), FILL(s, 0)])', Id: 'commits', Label: 'commits', ReturnData: true },
      ],
    };
    const a = alarm({
      name: 'ferry-prod-stalled-brand-a-shop.orders',
      trigger,
      reason:
        'Threshold Crossed: no datapoints were received for 6 periods and 6 missing datapoints were treated as [Breaching].',
    });
    expect(describeAlarm(a, 'prod').kind).toBe('stalled');
    const message = formatAlarmMessage(a, 'prod');
    expect(message.text).toContain('brand-a:shop.orders has had no commit for 30 minutes');
    const text = messageText(message);
    expect(text).toContain('`pnpm ferry status --stage prod --table shop.orders`');
    expect(text).toContain('`pnpm ferry dlq replay --stage prod --queue warehouse --table shop.orders --dry-run`');
    expect(text).toContain('`pnpm ferry stream replay --stage prod --dry-run`');
    // Recovery: the first commit brings it back to OK, said once with how long it lasted.
    const ok = alarm({
      name: 'ferry-prod-stalled-brand-a-shop.orders',
      trigger,
      oldState: 'ALARM',
      newState: 'OK',
      value: '3.0',
    });
    expect(formatAlarmMessage(ok, 'prod', { alarmSince: new Date(at.getTime() - 50 * 60_000) }).text).toBe(
      ':white_check_mark: [prod] brand-a:shop.orders recovered after 50 minutes (ferry-prod-stalled-brand-a-shop.orders is OK)',
    );
  });

  it('a composite alarm (no metric, no threshold) still says which alarm and why', () => {
    const a = alarm({
      name: 'ferry-prod-pipeline',
      reason:
        'arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:ferry-prod-warehouse-dlq-depth transitioned to ALARM at Monday 23 November, 2026 03:12:44 UTC',
    });
    const message = formatAlarmMessage(a, 'prod');
    expect(message.text).toBe(
      ':rotating_light: [prod] Alarm ferry-prod-pipeline went into ALARM (ferry-prod-pipeline)',
    );
    expect(messageText(message)).toContain('transitioned to ALARM');
    expect(messageText(message)).not.toContain('*Now*');
  });

  it('recovery: how long it lasted, from when it entered ALARM; said to be unknown without it', () => {
    const a = alarm({
      name: 'ferry-prod-warehouse-dlq-depth',
      trigger: triggers.queueDepth('ferry-prod-warehouse-dlq'),
      oldState: 'ALARM',
      newState: 'OK',
      value: '0.0',
    });
    const message = formatAlarmMessage(a, 'prod', { alarmSince: new Date(at.getTime() - 42 * 60_000 - 20_000) });
    expect(message.text).toBe(
      ':white_check_mark: [prod] The warehouse DLQ (ferry-prod-warehouse-dlq) recovered after 42 minutes (ferry-prod-warehouse-dlq-depth is OK)',
    );
    const text = messageText(message);
    expect(text).toContain('is *OK* since');
    expect(text).toContain('*Now*\n0 messages (alarm at ≥ 1 message)');
    expect(text).not.toContain('dlq replay'); // nothing to do
    const long = formatAlarmMessage(a, 'prod', { alarmSince: new Date(at.getTime() - (3 * 60 + 5) * 60_000) });
    expect(long.text).toContain('recovered after 3 h 5 min');
    const unknown = messageText(formatAlarmMessage(a, 'prod'));
    expect(unknown).toContain('how long it was in ALARM is unknown');
    expect(unknown).not.toContain('recovered after');
  });
});
