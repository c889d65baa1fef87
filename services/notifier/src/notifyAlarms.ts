import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { FerryError } from '@ferry/core';
import type { AlarmStartLookup } from './AlarmStartLookup.js';
import { decideAction } from './decideAction.js';
import { describeAlarm } from './describeAlarm.js';
import { formatAlarmMessage } from './formatAlarmMessage.js';
import { formatForeignMessage } from './formatForeignMessage.js';
import { parseAlarmNotification } from './parseAlarmNotification.js';
import type { SlackPoster } from './SlackPoster.js';

export interface NotifyAlarmsDeps {
  /** The stage the alarms belong to (the notifier is deployed once per stage, on that stage's alarm topic). */
  readonly stage: string;
  readonly post: SlackPoster;
  /** When an alarm that recovered had entered ALARM (its CloudWatch history). */
  readonly alarmStart: AlarmStartLookup;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** One SNS notification: CloudWatch's JSON in `message`. */
export interface TopicMessage {
  readonly messageId: string;
  readonly subject: string | undefined;
  readonly message: string;
}

/**
 * The notifier's work for one SNS delivery: each alarm state change that matters becomes one Slack message
 * (`decideAction`: into ALARM, and back to OK with how long it lasted); repeats and INSUFFICIENT_DATA changes
 * are logged as `alarm not posted`. A message that is not an alarm is posted as it came.
 *
 * When Slack does not take a message (or the webhook secret cannot be read) this throws, after trying the
 * delivery's other messages: SNS invokes Lambda asynchronously, so Lambda retries the invocation twice and then
 * hands it to the function's on-failure destination (configured in serverless.yml). SNS delivers one message per
 * invocation, so a retry does not post the others again.
 */
export async function notifyAlarms(deps: NotifyAlarmsDeps, messages: readonly TopicMessage[]): Promise<void> {
  const failures: string[] = [];
  for (const message of messages) {
    try {
      await notifyOne(deps, message);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const retryable = error instanceof FerryError ? error.retryable : true;
      deps.logger.error('notification failed', { messageId: message.messageId, reason, retryable });
      failures.push(`${message.messageId}: ${reason}`);
    }
  }
  if (failures.length > 0) {
    deps.metrics.addMetric('NotificationsFailed', MetricUnit.Count, failures.length);
    throw new FerryError(
      `${failures.length} of ${messages.length} alarm notifications did not reach Slack: ${failures.join('; ')}`,
      {
        retryable: true,
        hint: "Lambda retries the invocation twice, then sends it to the notifier's on-failure destination",
      },
    );
  }
}

async function notifyOne(deps: NotifyAlarmsDeps, topicMessage: TopicMessage): Promise<void> {
  const { logger, metrics, stage } = deps;
  const { messageId } = topicMessage;
  let alarm: ReturnType<typeof parseAlarmNotification>;
  try {
    alarm = parseAlarmNotification(topicMessage.message, messageId);
  } catch (error) {
    logger.warn('not an alarm notification', { messageId, reason: (error as Error).message });
    await deps.post(formatForeignMessage(topicMessage.subject, topicMessage.message, stage));
    metrics.addMetric('ForeignMessagesPosted', MetricUnit.Count, 1);
    return;
  }

  const facts = {
    messageId,
    alarm: alarm.name,
    kind: describeAlarm(alarm, stage).kind,
    oldState: alarm.oldState,
    newState: alarm.newState,
    changedAt: alarm.changedAt.toISOString(),
  };
  const action = decideAction(alarm);
  if (action.kind === 'log') {
    logger.info('alarm not posted', { ...facts, why: action.why });
    metrics.addMetric('AlarmsNotPosted', MetricUnit.Count, 1);
    return;
  }

  let alarmSince: Date | undefined;
  if (action.kind !== 'alarm') {
    try {
      alarmSince = await deps.alarmStart(alarm.name, alarm.changedAt);
    } catch (error) {
      // A recovery is still worth posting without its duration; whether INSUFFICIENT_DATA → OK is one cannot be told.
      logger.warn('alarm history unreadable', { ...facts, reason: (error as Error).message });
    }
    if (action.kind === 'recovery-if-alarmed' && alarmSince === undefined) {
      logger.info('alarm not posted', {
        ...facts,
        why: 'INSUFFICIENT_DATA → OK with no ALARM before it: a first evaluation, or data back after a gap',
      });
      metrics.addMetric('AlarmsNotPosted', MetricUnit.Count, 1);
      return;
    }
  }

  await deps.post(formatAlarmMessage(alarm, stage, { alarmSince }));
  logger.info('alarm posted', {
    ...facts,
    posted: action.kind === 'alarm' ? 'alarm' : 'recovery',
    ...(alarmSince ? { alarmSince: alarmSince.toISOString() } : {}),
  });
  metrics.addMetric('AlarmsPosted', MetricUnit.Count, 1);
}
