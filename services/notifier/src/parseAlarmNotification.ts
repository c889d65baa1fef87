import { FerryError } from '@ferry/core';
import { z } from 'zod';
import type { AlarmMetric, AlarmNotification } from './AlarmNotification.js';

const state = z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']);
// CloudWatch writes dimensions with lower-case keys inside the otherwise PascalCase message.
const dimensions = z.array(z.object({ name: z.string(), value: z.string() })).nullish();

/**
 * The SNS message of a CloudWatch metric alarm (single metric or metric math) or composite alarm. Fields the
 * notifier does not read are not checked: CloudWatch has added some over the years (`AlarmConfigurationUpdatedTimestamp`,
 * `OKActions`…) and written others in more than one shape.
 */
const schema = z.object({
  AlarmName: z.string().min(1),
  AlarmDescription: z.string().nullish(),
  AWSAccountId: z.string().nullish(),
  AlarmArn: z.string().nullish(),
  NewStateValue: state,
  OldStateValue: state,
  NewStateReason: z.string().nullish(),
  StateChangeTime: z.string().min(1),
  Trigger: z
    .object({
      MetricName: z.string().nullish(),
      Namespace: z.string().nullish(),
      Statistic: z.string().nullish(),
      ExtendedStatistic: z.string().nullish(),
      Unit: z.string().nullish(),
      Dimensions: dimensions,
      Period: z.number().nullish(),
      EvaluationPeriods: z.number().nullish(),
      ComparisonOperator: z.string().nullish(),
      Threshold: z.number().nullish(),
      Metrics: z
        .array(
          z.object({
            Id: z.string().nullish(),
            Expression: z.string().nullish(),
            ReturnData: z.boolean().nullish(),
            MetricStat: z
              .object({
                Metric: z.object({ Namespace: z.string(), MetricName: z.string(), Dimensions: dimensions }),
                Period: z.number().nullish(),
                Stat: z.string().nullish(),
                Unit: z.string().nullish(),
              })
              .nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
});

type Trigger = NonNullable<z.infer<typeof schema>['Trigger']>;

/**
 * Reads the JSON `Message` CloudWatch publishes to SNS when an alarm changes state. A message that is not an
 * alarm state change (someone publishing to the alarm topic by hand, say) is refused with an error naming the
 * SNS message id and what is missing.
 *
 * @example parseAlarmNotification(record.Sns.Message, record.Sns.MessageId).newState // 'ALARM'
 */
export function parseAlarmNotification(message: string, messageId: string): AlarmNotification {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    throw new FerryError(`SNS message ${messageId} is not a CloudWatch alarm notification: its body is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ');
    throw new FerryError(`SNS message ${messageId} is not a CloudWatch alarm notification: ${problems}`);
  }
  const m = parsed.data;
  const changedAt = new Date(isoOffset(m.StateChangeTime));
  if (Number.isNaN(changedAt.getTime())) {
    throw new FerryError(
      `SNS message ${messageId} (alarm ${m.AlarmName}): StateChangeTime ${JSON.stringify(m.StateChangeTime)} is not a time`,
    );
  }
  const reason = m.NewStateReason ?? '';
  const trigger = m.Trigger ?? undefined;
  return {
    name: m.AlarmName,
    description: m.AlarmDescription || undefined,
    arn: m.AlarmArn || undefined,
    accountId: m.AWSAccountId || undefined,
    region: m.AlarmArn?.split(':')[3] || undefined,
    oldState: m.OldStateValue,
    newState: m.NewStateValue,
    reason,
    changedAt,
    // `… 2 out of the last 3 datapoints [5.0 (23/11/26 03:14:00), 3.0 (23/11/26 03:13:00)] were …`: newest first.
    value: /\[([-+]?\d[\d.]*(?:[eE][-+]?\d+)?) \(/.exec(reason)?.[1],
    metric: trigger ? metricOf(trigger) : undefined,
    comparison: trigger?.ComparisonOperator ?? undefined,
    threshold: trigger?.Threshold ?? undefined,
    periodSeconds: trigger?.Period ?? undefined,
    evaluationPeriods: trigger?.EvaluationPeriods ?? undefined,
  };
}

function metricOf(trigger: Trigger): AlarmMetric | undefined {
  if (trigger.MetricName && trigger.Namespace) {
    return {
      namespace: trigger.Namespace,
      name: trigger.MetricName,
      dimensions: Object.fromEntries((trigger.Dimensions ?? []).map((d) => [d.name, d.value])),
      statistic: trigger.ExtendedStatistic || trigger.Statistic || undefined,
      unit: trigger.Unit ?? undefined,
    };
  }
  const stat = trigger.Metrics?.find((q) => q.MetricStat)?.MetricStat;
  if (!stat) return undefined;
  return {
    namespace: stat.Metric.Namespace,
    name: stat.Metric.MetricName,
    dimensions: Object.fromEntries((stat.Metric.Dimensions ?? []).map((d) => [d.name, d.value])),
    statistic: stat.Stat ?? undefined,
    unit: stat.Unit ?? undefined,
  };
}

/** CloudWatch writes `2026-11-23T03:12:44.959+0000`; ECMAScript's date format wants `+00:00`. */
function isoOffset(time: string): string {
  return time.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}
