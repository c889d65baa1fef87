import type { AlarmFacts } from './AlarmFacts.js';
import type { AlarmMetric, AlarmNotification } from './AlarmNotification.js';
import type { Measure } from './Measure.js';

/** Which of ferry's queues a queue name is, by the names serverless.yml and the local stack give them. */
const QUEUES = [
  { queue: 'merge-failures', pattern: /merge[-_]?(failures?|worker)/i, label: "merge worker's on-failure queue" },
  { queue: 'warehouse', pattern: /warehouse/i, label: 'warehouse' },
  { queue: 'stream', pattern: /stream|forwarder/i, label: 'stream' },
] as const;

/** Which of ferry's functions a function name (or a metric's `service` dimension) is. */
const FUNCTIONS = [
  { fn: 'warehouse-loader', pattern: /warehouse[-_]?loader/i, label: 'warehouse loader', sink: 'warehouse' },
  { fn: 'change-forwarder', pattern: /change[-_]?forwarder/i, label: 'change forwarder', sink: 'change stream' },
  { fn: 'merge-worker', pattern: /merge[-_]?worker/i, label: 'merge worker', sink: 'speed layer' },
  { fn: 'notifier', pattern: /notifier/i, label: 'notifier', sink: undefined },
] as const;

/** Dimension names as the "where" labels read. */
const PLACES: Readonly<Record<string, string>> = {
  QueueName: 'Queue',
  FunctionName: 'Function',
  StreamName: 'Stream',
  table: 'Table',
  service: 'Service',
};

const messages: Measure = { kind: 'count', one: 'message', many: 'messages' };
const milliseconds: Measure = { kind: 'duration', msPerUnit: 1 };
const seconds: Measure = { kind: 'duration', msPerUnit: 1000 };

/**
 * What an alarm means for ferry: what broke, where, and what to run next. The kind is read from the alarm's
 * metric (SQS depth on a DLQ, Lambda `IteratorAge`, Lambda `Errors`, ferry's `LagSeconds`), the place from its
 * dimensions, and which queue or function it is from their names (`ferry-prod-warehouse-dlq` is the warehouse
 * DLQ). Any other alarm gets a generic description that still names its metric, dimensions and history.
 */
export function describeAlarm(alarm: AlarmNotification, stage: string): AlarmFacts {
  const m = alarm.metric;
  const dims = m?.dimensions ?? {};
  const stageAt: [string, string] = ['Stage', stage];
  const status = `\`pnpm ferry status --stage ${stage}\``;
  const replay = (queue: string) => `\`pnpm ferry dlq replay --stage ${stage} --queue ${queue} --dry-run\``;
  const logs = (fn: string, since: string) =>
    `\`aws logs tail /aws/lambda/${fn} --since ${since} --filter-pattern ERROR${regionFlag(alarm)}\``;

  if (m?.namespace === 'AWS/SQS' && dims.QueueName !== undefined) {
    const queueName = dims.QueueName;
    // The queue's own name decides; the alarm's name only when the queue's says nothing.
    const known = QUEUES.find((q) => q.pattern.test(queueName)) ?? QUEUES.find((q) => q.pattern.test(alarm.name));
    const measure = m.name === 'ApproximateAgeOfOldestMessage' ? seconds : messages;
    const where: [string, string][] = [stageAt, ['Queue', queueName]];
    if (/dlq|dead|failures?$/i.test(queueName)) {
      if (known?.queue === 'merge-failures') {
        return {
          kind: 'dlq-depth',
          what: 'The merge worker gave up on Kinesis batches',
          subject: `The merge worker's on-failure queue (${queueName})`,
          where,
          measure,
          next: [
            "Each message names a batch's shard and sequence range, not its records: the records stay in the stream until its retention ends",
            'The merge worker logged why: look for `poison record` and `table stopped` lines in its log group',
            `Once the cause is fixed: \`pnpm ferry stream replay --stage ${stage} --dry-run\`, then without \`--dry-run\` (docs/operations.md, "A poison row")`,
            status,
          ],
        };
      }
      if (!known) {
        return {
          kind: 'dlq-depth',
          what: `Dead-letter queue ${queueName} holds messages`,
          subject: `Dead-letter queue ${queueName}`,
          where,
          measure,
          next: [`Read its messages and the errors of the function that feeds it; ${status}`],
        };
      }
      const consumer = known.queue === 'stream' ? 'change forwarder' : 'warehouse loader';
      return {
        kind: 'dlq-depth',
        what: `The ${known.label} DLQ holds messages`,
        subject: `The ${known.label} DLQ (${queueName})`,
        where,
        measure,
        next: [
          replay(known.queue),
          `Why they failed: the ${consumer} logs each failed file as \`file failed\`, with its key and reason`,
          'Once the cause is fixed, run the replay without `--dry-run`',
        ],
      };
    }
    const label = known?.label ?? queueName;
    return {
      kind: 'queue-backlog',
      what: `The ${label} queue is backing up`,
      subject: `The ${label} queue (${queueName})`,
      where,
      measure,
      next: [status, `Look for errors in the log group of the function that reads ${queueName}`],
    };
  }

  if (m && isIteratorAge(m)) {
    const fnName = dims.FunctionName;
    const fn = fnName === undefined ? undefined : FUNCTIONS.find((f) => f.pattern.test(fnName));
    const who = capitalize(fn ? `the ${fn.label}` : (fnName ?? 'the merge worker'));
    const stream = dims.StreamName ?? 'the change stream';
    return {
      kind: 'iterator-age',
      what: `${who} is falling behind on ${stream}`,
      subject: `${who}'s lag on ${stream}`,
      where: [stageAt, ...placesOf(m)],
      measure: milliseconds,
      next: [
        fnName
          ? `Check its errors: ${logs(fnName, '1h')}`
          : "Check the merge worker's errors in its log group (`/aws/lambda/<merge worker function>`)",
        'A `poison record` or `table stopped` line names the table and record holding the shard back',
        status,
      ],
    };
  }

  if (m?.namespace === 'AWS/Lambda' && m.name === 'Errors' && dims.FunctionName !== undefined) {
    const fnName = dims.FunctionName;
    const fn = FUNCTIONS.find((f) => f.pattern.test(fnName));
    const next = [logs(fnName, '30m')];
    if (fn?.fn === 'warehouse-loader' || fn?.fn === 'change-forwarder') {
      const queue = fn.fn === 'warehouse-loader' ? 'warehouse' : 'stream';
      next.push(`Files that keep failing reach the ${queue} DLQ after their retries: ${replay(queue)}`);
    } else if (fn?.fn === 'merge-worker') {
      next.push('`poison record` and `table stopped` lines name the table and record; the shard waits on them');
    } else if (fn?.fn === 'notifier') {
      next.push(
        "Alarms that failed three times did not reach Slack: read them in the notifier's on-failure destination",
      );
    }
    next.push(status);
    return {
      kind: 'function-errors',
      what: `${fn ? `The ${fn.label}` : fnName} is failing`,
      subject: `${fn ? `The ${fn.label}` : fnName} (${fnName})`,
      where: [stageAt, ...placesOf(m)],
      measure: { kind: 'count', one: 'error', many: 'errors' },
      next,
    };
  }

  // A table that stopped committing (deploy's `freshnessAlarm`: the sum of commits per five minutes stayed below one).
  if (
    (m?.namespace === 'ferry' && (m.name === 'FilesLoaded' || m.name === 'RowsMerged')) ||
    /-stalled-/.test(alarm.name)
  ) {
    const entry = dims.table;
    const table = entry?.slice(entry.indexOf(':') + 1);
    const minutes = Math.round(((alarm.periodSeconds ?? 300) * (alarm.evaluationPeriods ?? 1)) / 60);
    const subject = entry ?? alarm.name;
    return {
      kind: 'stalled',
      what: `${subject} has had no commit for ${minutes} minutes`,
      subject,
      where: [stageAt, ...(entry ? [['Table', entry] as [string, string]] : [])],
      measure: { kind: 'count', one: 'commit', many: 'commits' },
      next: [
        `Which sink and since when: \`pnpm ferry status --stage ${stage}${table ? ` --table ${table}` : ''}\``,
        `Files that failed (a table quarantined by a type change keeps failing): \`pnpm ferry dlq replay --stage ${stage} --queue warehouse${table ? ` --table ${table}` : ''} --dry-run\`, and the loader's \`file failed\` lines`,
        `Batches the merge worker gave up on: \`pnpm ferry stream replay --stage ${stage} --dry-run\``,
        'A quiet source table (no changes) looks the same: raise its freshnessMinutes in the mapping (docs/operations.md, "Table status")',
      ],
    };
  }

  if ((m?.namespace === 'ferry' && m.name === 'LagSeconds') || /fresh/i.test(alarm.name)) {
    const table = dims.table;
    const service = dims.service;
    const fn = service === undefined ? undefined : FUNCTIONS.find((f) => f.pattern.test(service));
    const sink = fn?.sink ?? 'sinks';
    const subject = table ? `${table} in the ${sink}` : `Data in the ${sink}`;
    const next = [status];
    if (table) {
      next.push(
        `Look for \`file failed\`, \`table deferred\` or \`table stopped\` lines for ${table} in the logs of the ${fn?.label ?? service ?? 'functions'}`,
      );
    }
    if (fn?.fn === 'warehouse-loader') next.push(replay('warehouse'));
    if (fn?.fn === 'change-forwarder') next.push(replay('stream'));
    return {
      kind: 'freshness',
      what: `${subject} is stale`,
      subject,
      where: [stageAt, ...placesOf(m)],
      measure: m?.name === 'LagSeconds' ? seconds : { kind: 'number', unit: m?.unit },
      next,
    };
  }

  return {
    kind: 'unknown',
    what: m ? `${m.namespace} ${m.name} crossed its threshold` : `Alarm ${alarm.name} went into ALARM`,
    subject: `Alarm ${alarm.name}`,
    where: [stageAt, ...placesOf(m)],
    measure: { kind: 'number', unit: m?.unit },
    next: [
      `Its recent states: \`aws cloudwatch describe-alarm-history --alarm-name ${shellQuote(alarm.name)} --history-item-type StateUpdate${regionFlag(alarm)}\``,
      status,
    ],
  };
}

function isIteratorAge(m: AlarmMetric | undefined): boolean {
  return (
    (m?.namespace === 'AWS/Lambda' && m.name === 'IteratorAge') ||
    (m?.namespace === 'AWS/Kinesis' && m.name === 'GetRecords.IteratorAgeMilliseconds')
  );
}

/** The metric's dimensions as places (`QueueName` reads `Queue`). */
function placesOf(m: AlarmMetric | undefined): [string, string][] {
  return Object.entries(m?.dimensions ?? {}).map(([name, value]) => [PLACES[name] ?? name, value] as [string, string]);
}

function regionFlag(alarm: AlarmNotification): string {
  return alarm.region ? ` --region ${alarm.region}` : '';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function shellQuote(text: string): string {
  return /^[\w.:/+=@-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
