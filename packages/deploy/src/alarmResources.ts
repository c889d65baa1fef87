import { createHash } from 'node:crypto';
import type { Mappings } from '@ferry/mappings';
import { FERRY_FUNCTIONS, type FerryFunction } from './FERRY_FUNCTIONS.js';
import { functionName } from './functionName.js';
import { RESOURCE_IDS } from './RESOURCE_IDS.js';
import type { StageConfig } from './StageConfig.js';

const toAlarmTopic = { Ref: RESOURCE_IDS.alarmTopic };

function alarm(
  stage: string,
  name: string,
  description: string,
  metric: {
    namespace: string;
    metric: string;
    dimensions: Record<string, unknown>;
    statistic: 'Maximum' | 'Sum';
    periodSeconds: number;
    threshold: number;
  },
) {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: `ferry-${stage}-${name}`,
      AlarmDescription: description,
      Namespace: metric.namespace,
      MetricName: metric.metric,
      Dimensions: Object.entries(metric.dimensions).map(([Name, Value]) => ({ Name, Value })),
      Statistic: metric.statistic,
      Period: metric.periodSeconds,
      EvaluationPeriods: 1,
      Threshold: metric.threshold,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      // No datapoint means nothing waited or failed: an idle stage is a healthy one.
      TreatMissingData: 'notBreaching',
      AlarmActions: [toAlarmTopic],
      OKActions: [toAlarmTopic],
    },
  };
}

/** A logical id for a mapping entry (`brand-a:shop.orders`): letters and digits, plus a hash keeping ids apart. */
function tableLogicalId(prefix: string, id: string): string {
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 8);
  const words = id
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
  return `${prefix}${words}${hash}`.slice(0, 255);
}

/**
 * The stage's alarms, each to the alarm topic (and so to the notifier and Slack), in alarm and back to OK:
 * - **dead letters**: a message in the warehouse or stream DLQ, or batch metadata in the merge worker's on-failure
 *   queue (`alarms.dlqDepth`);
 * - **iterator age** of the merge worker (`alarms.iteratorAgeSeconds`): the speed layer falls behind;
 * - **errors** of each function in 5 minutes (`alarms.errors`);
 * - **freshness** (`alarms.freshnessMinutes`): the oldest message of the warehouse or stream queue has waited that
 *   long (nothing is taking files), and, per mapped table and sink, the `LagSeconds` the handlers publish
 *   (landed → committed) reached it. The per-table alarms follow the mappings: a table added is watched.
 * - **stalled tables**, per mapped table (`freshnessAlarm`): no commit in a sink it feeds within the table's
 *   `freshnessMinutes` (else the stage's), missing data counting as none.
 */
export function alarmResources(stage: string, config: StageConfig, mappings: Mappings): Record<string, unknown> {
  const a = config.alarms;
  const queueName = (id: string) => ({ 'Fn::GetAtt': [id, 'QueueName'] });
  const resources: Record<string, unknown> = {};

  const deadLetters = [
    ['WarehouseDeadLetterAlarm', 'warehouse-dlq', RESOURCE_IDS.warehouseDeadLetterQueue, 'the warehouse loader'],
    ['StreamDeadLetterAlarm', 'stream-dlq', RESOURCE_IDS.streamDeadLetterQueue, 'the change forwarder'],
    ['MergeFailureAlarm', 'merge-failures', RESOURCE_IDS.mergeFailureQueue, 'the merge worker'],
  ] as const;
  for (const [id, name, queue, fn] of deadLetters) {
    resources[id] = alarm(
      stage,
      name,
      `Messages that ${fn} gave up on are waiting in ${name}: read the reason in the function's logs, fix it, then redrive (docs/deploy.md).`,
      {
        namespace: 'AWS/SQS',
        metric: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: queueName(queue) },
        statistic: 'Maximum',
        periodSeconds: 60,
        threshold: a.dlqDepth,
      },
    );
  }

  resources.MergeWorkerIteratorAgeAlarm = alarm(
    stage,
    'merge-worker-iterator-age',
    `The merge worker is ${a.iteratorAgeSeconds} s or more behind the change stream: the speed layer is slow, unreachable, or refusing records.`,
    {
      namespace: 'AWS/Lambda',
      metric: 'IteratorAge',
      dimensions: { FunctionName: functionName(stage, 'mergeWorker') },
      statistic: 'Maximum',
      periodSeconds: 60,
      threshold: a.iteratorAgeSeconds * 1000,
    },
  );

  for (const fn of Object.keys(FERRY_FUNCTIONS) as FerryFunction[]) {
    const words = FERRY_FUNCTIONS[fn].role.replace(/Role$/, '');
    resources[`${words}ErrorsAlarm`] = alarm(
      stage,
      `${FERRY_FUNCTIONS[fn].key}-errors`,
      `${FERRY_FUNCTIONS[fn].key} failed ${a.errors} or more times in 5 minutes (a whole invocation, not one file): see its logs.`,
      {
        namespace: 'AWS/Lambda',
        metric: 'Errors',
        dimensions: { FunctionName: functionName(stage, fn) },
        statistic: 'Sum',
        periodSeconds: 300,
        threshold: a.errors,
      },
    );
  }

  const waiting = [
    ['WarehouseQueueAgeAlarm', 'warehouse-queue-age', RESOURCE_IDS.warehouseQueue, 'warehouse loader'],
    ['StreamQueueAgeAlarm', 'stream-queue-age', RESOURCE_IDS.streamQueue, 'change forwarder'],
  ] as const;
  for (const [id, name, queue, fn] of waiting) {
    resources[id] = alarm(
      stage,
      name,
      `A landed file has waited ${a.freshnessMinutes} minutes or more for the ${fn}.`,
      {
        namespace: 'AWS/SQS',
        metric: 'ApproximateAgeOfOldestMessage',
        dimensions: { QueueName: queueName(queue) },
        statistic: 'Maximum',
        periodSeconds: 60,
        threshold: a.freshnessMinutes * 60,
      },
    );
  }

  const sinks = [
    ['WarehouseLag', 'warehouseLoader', 'warehouse', (t: { warehouse: unknown }) => t.warehouse],
    ['SpeedLayerLag', 'mergeWorker', 'speed layer', (t: { speedLayer: unknown }) => t.speedLayer],
  ] as const;
  for (const source of mappings.sources) {
    for (const table of source.tables.values()) {
      for (const [prefix, fn, sink, target] of sinks) {
        if (target(table) === undefined) continue;
        resources[tableLogicalId(prefix, table.id)] = alarm(
          stage,
          `${FERRY_FUNCTIONS[fn].key}-lag-${table.id.replace(/[^A-Za-z0-9_.-]/g, '-')}`,
          `${table.id} reached the ${sink} ${a.freshnessMinutes} minutes or more after its file landed.`,
          {
            // Published by the handlers with Powertools Metrics (EMF): namespace ferry, dimensions service + table.
            namespace: 'ferry',
            metric: 'LagSeconds',
            dimensions: { service: FERRY_FUNCTIONS[fn].key, table: table.id },
            statistic: 'Maximum',
            periodSeconds: 300,
            threshold: a.freshnessMinutes * 60,
          },
        );
      }
    }
  }
  for (const source of mappings.sources) {
    for (const table of source.tables.values()) {
      resources[tableLogicalId('Stalled', table.id)] = freshnessAlarm(stage, table, a.freshnessMinutes);
    }
  }
  return resources;
}

/**
 * "No commit of this table within its threshold", evaluated by CloudWatch every five minutes from what the handlers
 * publish on each commit: `FilesLoaded` (warehouse loader) and `RowsMerged` (merge worker), summed per period.
 * CloudWatch is the schedule: a check that read the ledgers instead would wake a Snowflake warehouse every few
 * minutes. Missing data counts as no commit (a dead handler, or a table whose files all fail, such as one
 * quarantined by a type change), and the alarm recovers with the first commit. One alarm per table, both sinks
 * through metric math (the lower of the two), keeps the stack's resource count down. CloudWatch evaluates at most
 * a day, so thresholds above 1,440 minutes are capped there.
 */
function freshnessAlarm(
  stage: string,
  table: { id: string; warehouse: unknown; speedLayer: unknown; freshnessMinutes: number | undefined },
  stageMinutes: number,
) {
  const minutes = Math.min(table.freshnessMinutes ?? stageMinutes, 1440);
  const periods = Math.max(1, Math.ceil(minutes / 5));
  const commits = [
    ['w', 'warehouseLoader', 'FilesLoaded', table.warehouse],
    ['s', 'mergeWorker', 'RowsMerged', table.speedLayer],
  ] as const;
  const metrics = commits
    .filter(([, , , target]) => target !== undefined)
    .map(([id, fn, name]) => ({
      Id: id,
      MetricStat: {
        Metric: {
          Namespace: 'ferry',
          MetricName: name,
          Dimensions: [
            { Name: 'service', Value: FERRY_FUNCTIONS[fn].key },
            { Name: 'table', Value: table.id },
          ],
        },
        Period: 300,
        Stat: 'Sum',
      },
      ReturnData: false,
    }));
  const filled = metrics.map((m) => `FILL(${m.Id}, 0)`);
  const sinks =
    metrics.length === 2
      ? 'the warehouse or the speed layer'
      : metrics[0]!.Id === 'w'
        ? 'the warehouse'
        : 'the speed layer';
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: `ferry-${stage}-stalled-${table.id.replace(/[^A-Za-z0-9_.-]/g, '-')}`,
      AlarmDescription: `${table.id} has had no commit in ${sinks} for ${minutes} minutes: its files fail (DLQ, a type change), stopped arriving, or a handler is down. Run ferry status for the table.`,
      Metrics: [
        ...metrics,
        {
          Id: 'commits',
          Expression: filled.length === 1 ? filled[0] : `MIN([${filled.join(', ')}])`,
          Label: `commits of ${table.id} per 5 minutes (the lower sink)`,
          ReturnData: true,
        },
      ],
      EvaluationPeriods: periods,
      DatapointsToAlarm: periods,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [toAlarmTopic],
      OKActions: [toAlarmTopic],
    },
  };
}
