import type { AlarmNotification } from './AlarmNotification.js';
import { describeAlarm } from './describeAlarm.js';
import { escapeMrkdwn } from './escapeMrkdwn.js';
import { formatDuration } from './formatDuration.js';
import { formatMeasure } from './formatMeasure.js';
import type { Measure } from './Measure.js';
import type { SlackBlock, SlackMessage } from './SlackMessage.js';

const COMPARISONS: Readonly<Record<string, string>> = {
  GreaterThanOrEqualToThreshold: '≥',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
};

/** Slack caps a section's text at 3,000 characters; CloudWatch's reasons and descriptions are kept well below. */
const MAX_REASON = 1500;
const MAX_DESCRIPTION = 500;

/**
 * The Slack message for one alarm state change: for ALARM, what broke, where (stage, queue, stream, function or
 * table), since when, the value against the threshold and what to run next; for OK, that it recovered and
 * after how long (`alarmSince`: when it entered ALARM, from the alarm's history; unknown when absent). Pure: the
 * same alarm gives the same message.
 *
 * @example formatAlarmMessage(parseAlarmNotification(record.Sns.Message, record.Sns.MessageId), 'prod')
 */
export function formatAlarmMessage(
  alarm: AlarmNotification,
  stage: string,
  options: { alarmSince?: Date | undefined } = {},
): SlackMessage {
  const facts = describeAlarm(alarm, stage);
  const e = escapeMrkdwn;
  const name = consoleLink(alarm);
  // A composite alarm watches other alarms, not a metric: it has no value to show.
  const now =
    alarm.value !== undefined
      ? formatMeasure(alarm.value, facts.measure)
      : alarm.metric !== undefined
        ? 'not reported'
        : undefined;
  const limit = limitOf(alarm, facts.measure);
  const fields = [
    ...facts.where.map(([label, value]) => `*${e(label)}*\n${e(value)}`),
    ...(now === undefined ? [] : [`*Now*\n${e(now)}${limit ? ` (${e(limit)})` : ''}`]),
  ].slice(0, 10); // Slack takes at most 10 fields in a section
  const context: SlackBlock = {
    type: 'context',
    elements: [
      ...(alarm.description ? [mrkdwn(e(cut(alarm.description, MAX_DESCRIPTION)))] : []),
      mrkdwn(`CloudWatch: ${e(cut(alarm.reason || '(no reason given)', MAX_REASON))}`),
    ],
  };

  // INSUFFICIENT_DATA → OK is a recovery too when the alarm was in ALARM before its data ran out (`alarmSince`).
  if (alarm.newState === 'OK' && (alarm.oldState === 'ALARM' || options.alarmSince !== undefined)) {
    const after = options.alarmSince ? recoveredAfter(alarm.changedAt.getTime() - options.alarmSince.getTime()) : '';
    const duration = after
      ? `, after ${after} in ALARM`
      : '; how long it was in ALARM is unknown (its alarm history did not say)';
    return {
      text: `:white_check_mark: [${e(stage)}] ${e(facts.subject)} recovered${after ? ` after ${after}` : ''} (${e(alarm.name)} is OK)`,
      blocks: [
        section(
          `:white_check_mark: *${e(facts.subject)} recovered${after ? ` after ${after}` : ''}*\n${name} is *OK* since ${slackDate(alarm.changedAt)}${duration}.`,
        ),
        { type: 'section', fields: fields.map(mrkdwn) },
        context,
      ],
    };
  }

  if (alarm.newState === 'ALARM') {
    return {
      text: `:rotating_light: [${e(stage)}] ${e(facts.what)}${now ? `: ${e(now)}${limit ? `, ${e(limit)}` : ''}` : ''} (${e(alarm.name)})`,
      blocks: [
        section(
          `:rotating_light: *${e(facts.what)}*\n${name} is in *ALARM* since ${slackDate(alarm.changedAt)} (was ${alarm.oldState}).`,
        ),
        { type: 'section', fields: fields.map(mrkdwn) },
        section(`*Next*\n${facts.next.map((step) => `• ${e(step)}`).join('\n')}`),
        context,
      ],
    };
  }

  return {
    text: `:information_source: [${e(stage)}] ${e(alarm.name)}: ${alarm.oldState} → ${alarm.newState}`,
    blocks: [
      section(
        `:information_source: ${name} went from ${alarm.oldState} to *${alarm.newState}* at ${slackDate(alarm.changedAt)}.`,
      ),
      { type: 'section', fields: fields.map(mrkdwn) },
      context,
    ],
  };
}

/** `alarm at ≥ 1 message`; none when the alarm has no fixed threshold (composite, anomaly detection). */
function limitOf(alarm: AlarmNotification, measure: Measure): string | undefined {
  if (alarm.threshold === undefined) return undefined;
  const op = COMPARISONS[alarm.comparison ?? ''] ?? alarm.comparison ?? 'vs';
  return `alarm at ${op} ${formatMeasure(alarm.threshold, measure)}`;
}

/** `42 minutes` below two hours, `3 h 5 min` above. */
function recoveredAfter(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const minutes = Math.round(ms / 60_000);
  if (minutes >= 120) return formatDuration(ms);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** The alarm's name, linked to its page in the CloudWatch console when its ARN gives the region. */
function consoleLink(alarm: AlarmNotification): string {
  const name = `\`${escapeMrkdwn(alarm.name)}\``;
  if (!alarm.region) return name;
  const url = `https://${alarm.region}.console.aws.amazon.com/cloudwatch/home?region=${alarm.region}#alarmsV2:alarm/${encodeURIComponent(alarm.name)}`;
  return `<${url}|${escapeMrkdwn(alarm.name)}>`;
}

/** Slack shows the time in each reader's own zone; the fallback is UTC. */
function slackDate(at: Date): string {
  const fallback = `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} {time_secs}|${fallback}>`;
}

function section(text: string): SlackBlock {
  return { type: 'section', text: mrkdwn(text) };
}

function mrkdwn(text: string) {
  return { type: 'mrkdwn' as const, text };
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
