import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, GetQueueUrlCommand, ListQueuesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { MessageMoveTasks } from './MessageMoveTasks.js';
import type { MoveTask } from './MoveTask.js';
import { moveMessages } from './moveMessages.js';
import { SqsServiceError } from './SqsServiceError.js';

interface Running {
  readonly abort: AbortController;
  readonly done: Promise<void>;
}

/**
 * Message move tasks (StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask) as SQS documents them,
 * run in the background with `sqs`, a client of the SQS that holds the queues. The source must be a DLQ (a queue
 * some RedrivePolicy names); without a DestinationArn the messages go back to that source queue. The underlying
 * SQS does not record which queue dead-lettered a message, so a DLQ shared by several queues needs a
 * DestinationArn. One task runs per source at a time; it moves the messages the source held when it started.
 *
 * @example const tasks = createMessageMoveTasks(new SQSClient({ endpoint: fauxqs.address, ... }))
 */
export function createMessageMoveTasks(sqs: SQSClient): MessageMoveTasks {
  /** Newest first, as ListMessageMoveTasks answers. */
  const tasks: MoveTask[] = [];
  const running = new Map<MoveTask, Running>();

  const urlOf = async (arn: string, parameter: string): Promise<string> => {
    const name = queueNameOf(arn, parameter);
    try {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      if (QueueUrl) return QueueUrl;
    } catch (error) {
      if (!/QueueDoesNotExist/.test(String((error as { name?: string }).name))) throw error;
    }
    throw new SqsServiceError(
      'ResourceNotFoundException',
      `The resource that you specified for the ${parameter} parameter doesn't exist.`,
    );
  };
  /** The ARNs of the queues whose RedrivePolicy dead-letters into `dlqArn`. */
  const sourcesOf = async (dlqArn: string): Promise<string[]> => {
    const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({}));
    const sources: string[] = [];
    for (const queueUrl of QueueUrls) {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn', 'RedrivePolicy'] }),
      );
      if (Attributes.RedrivePolicy === undefined || Attributes.QueueArn === undefined) continue;
      const policy = JSON.parse(Attributes.RedrivePolicy) as { deadLetterTargetArn?: string };
      if (policy.deadLetterTargetArn === dlqArn) sources.push(Attributes.QueueArn);
    }
    return sources;
  };
  const finish = async (task: MoveTask) => {
    const run = running.get(task);
    if (run === undefined) return;
    task.status = 'CANCELLING';
    run.abort.abort();
    await run.done;
  };

  return {
    async start(input) {
      const sourceArn = requiredString(input, 'SourceArn');
      const destinationArn = optionalString(input, 'DestinationArn');
      const rate = input.MaxNumberOfMessagesPerSecond;
      if (rate !== undefined && !(Number.isInteger(rate) && (rate as number) >= 1 && (rate as number) <= 500)) {
        throw new SqsServiceError(
          'InvalidParameterValue',
          `Value ${String(rate)} for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: Must be between 1 and 500.`,
        );
      }
      const sourceUrl = await urlOf(sourceArn, 'SourceArn');
      const sources = await sourcesOf(sourceArn);
      if (sources.length === 0) {
        throw new SqsServiceError(
          'InvalidParameterValue',
          `Source queue ${sourceArn} must be configured as a Dead Letter Queue (no queue's RedrivePolicy names it).`,
        );
      }
      if (destinationArn === undefined && sources.length > 1) {
        throw new SqsServiceError(
          'InvalidParameterValue',
          `${sourceArn} is the DLQ of ${sources.length} queues and this local SQS does not record a message's ` +
            'source queue: give DestinationArn',
        );
      }
      const destinationUrl = await urlOf(destinationArn ?? (sources[0] as string), 'DestinationArn');
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: sourceUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      // Checked after the awaits above so that two concurrent starts cannot both pass.
      const active = tasks.find((t) => t.sourceArn === sourceArn && running.has(t));
      if (active !== undefined) {
        throw new SqsServiceError(
          'UnsupportedOperation',
          `A message move task (${active.taskHandle}) is already running on ${sourceArn}; only one runs per queue.`,
        );
      }
      const task: MoveTask = {
        taskHandle: Buffer.from(JSON.stringify({ taskId: randomUUID(), sourceArn })).toString('base64'),
        sourceArn,
        destinationArn,
        rate: rate as number | undefined,
        startedTimestamp: Date.now(),
        toMove:
          Number(Attributes.ApproximateNumberOfMessages ?? 0) +
          Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
        status: 'RUNNING',
        moved: 0,
      };
      tasks.unshift(task);
      const abort = new AbortController();
      const done = moveMessages(sqs, task, { sourceUrl, destinationUrl }, abort.signal).then(
        () => {
          task.status = task.status === 'CANCELLING' ? 'CANCELLED' : 'COMPLETED';
        },
        (cause: unknown) => {
          task.status = 'FAILED';
          task.failureReason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
        },
      );
      running.set(task, { abort, done: done.finally(() => running.delete(task)) });
      return { TaskHandle: task.taskHandle };
    },

    async list(input) {
      const sourceArn = requiredString(input, 'SourceArn');
      const max = input.MaxResults ?? 1;
      if (!(Number.isInteger(max) && (max as number) >= 1 && (max as number) <= 10)) {
        throw new SqsServiceError(
          'InvalidParameterValue',
          `Value ${String(max)} for parameter MaxResults is invalid. Reason: Must be between 1 and 10.`,
        );
      }
      await urlOf(sourceArn, 'SourceArn');
      const results = tasks
        .filter((t) => t.sourceArn === sourceArn)
        .slice(0, max as number)
        .map((t) => ({
          // SQS gives the handle only while the task runs: it is what CancelMessageMoveTask takes.
          ...(t.status === 'RUNNING' ? { TaskHandle: t.taskHandle } : {}),
          Status: t.status,
          SourceArn: t.sourceArn,
          ...(t.destinationArn === undefined ? {} : { DestinationArn: t.destinationArn }),
          ...(t.rate === undefined ? {} : { MaxNumberOfMessagesPerSecond: t.rate }),
          ApproximateNumberOfMessagesMoved: t.moved,
          ApproximateNumberOfMessagesToMove: t.toMove,
          ...(t.failureReason === undefined ? {} : { FailureReason: t.failureReason }),
          StartedTimestamp: t.startedTimestamp,
        }));
      return { Results: results };
    },

    async cancel(input) {
      const handle = requiredString(input, 'TaskHandle');
      const task = tasks.find((t) => t.taskHandle === handle);
      if (task === undefined) {
        throw new SqsServiceError('ResourceNotFoundException', `No message move task has the handle ${handle}.`);
      }
      if (task.status !== 'RUNNING') {
        throw new SqsServiceError(
          'InvalidParameterValue',
          `The message move task ${handle} is ${task.status}: only a RUNNING task can be cancelled.`,
        );
      }
      // Waits for the mover to put down what it holds, so the count answered is final.
      await finish(task);
      return { ApproximateNumberOfMessagesMoved: task.moved };
    },

    async stop() {
      await Promise.all([...running.keys()].map(finish));
    },
  };
}

function requiredString(input: Record<string, unknown>, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') {
    throw new SqsServiceError('MissingParameter', `The request must contain the parameter ${name}.`);
  }
  return value;
}

function optionalString(input: Record<string, unknown>, name: string): string | undefined {
  if (input[name] === undefined) return undefined;
  return requiredString(input, name);
}

/** `arn:aws:sqs:<region>:<account>:<name>` → name. */
function queueNameOf(arn: string, parameter: string): string {
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'sqs' || parts[5] === '') {
    throw new SqsServiceError(
      'InvalidParameterValue',
      `Value ${arn} for parameter ${parameter} is not an SQS queue ARN.`,
    );
  }
  return parts[5] as string;
}
