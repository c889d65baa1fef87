/** A CloudWatch alarm's state. */
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** The metric an alarm watches: namespace, name and dimensions (`QueueName`, `FunctionName`, `table`, …). */
export interface AlarmMetric {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** `Sum`, `Maximum`, `p99`…, as the alarm names it. */
  readonly statistic: string | undefined;
  readonly unit: string | undefined;
}

/**
 * One alarm state change, read from the JSON message CloudWatch publishes to SNS (`parseAlarmNotification`).
 * Only what the notifier uses is kept; the message's other fields are ignored.
 */
export interface AlarmNotification {
  readonly name: string;
  readonly description: string | undefined;
  readonly arn: string | undefined;
  readonly accountId: string | undefined;
  /** The region's code (`ap-northeast-2`), read from the alarm's ARN: the message's `Region` is a display name. */
  readonly region: string | undefined;
  readonly oldState: AlarmState;
  readonly newState: AlarmState;
  /** CloudWatch's own words (`Threshold Crossed: 1 datapoint [12.0 (23/11/26 03:12:00)] was greater than …`). */
  readonly reason: string;
  /** When the alarm entered `newState`. */
  readonly changedAt: Date;
  /** The newest datapoint the reason quotes, as CloudWatch wrote it (`12.0`); none when it quotes none. */
  readonly value: string | undefined;
  /** For a metric-math alarm, the first metric its expression reads; none for a composite alarm. */
  readonly metric: AlarmMetric | undefined;
  /** `GreaterThanOrEqualToThreshold`, …; none for composite alarms. */
  readonly comparison: string | undefined;
  /** None for composite and anomaly-detection alarms. */
  readonly threshold: number | undefined;
  /** Seconds per datapoint. */
  readonly periodSeconds: number | undefined;
  readonly evaluationPeriods: number | undefined;
}
